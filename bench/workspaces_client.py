"""Workspace benchmark client (bench/workspaces.sh): start workspaces through the gateway and time them.

Usage: workspaces_client.py GATEWAY_URL HOME single USER AUTH
       workspaces_client.py GATEWAY_URL HOME together USER:AUTH ...
Prints one JSON object.
"""
import concurrent.futures
import json
import os
import sys
import time
import urllib.request


def call(gateway, auth, method, path):
    request = urllib.request.Request(gateway + path, method=method, headers={"Authorization": auth})
    with urllib.request.urlopen(request, timeout=30) as answer:
        return json.load(answer)


def start_and_time(gateway, user, auth):
    """Seconds from POST start to the terminal ready and to every available tool ready."""
    begin = time.monotonic()
    call(gateway, auth, "POST", f"/api/workspaces/{user}/start")
    terminal = everything = None
    while time.monotonic() - begin < 120:
        status = call(gateway, auth, "GET", f"/api/workspaces/{user}")
        tools = {t["name"]: t for t in status["tools"]}
        now = time.monotonic() - begin
        if terminal is None and tools.get("terminal", {}).get("ready"):
            terminal = now
        if all(t["ready"] for t in status["tools"] if t["available"]):
            everything = now
            break
        time.sleep(0.05)
    return {"terminal_s": round(terminal or -1, 2), "all_tools_s": round(everything or -1, 2)}


def rss_mib(home, user):
    """Resident memory of every process of the user's workspace (programs and their children)."""
    marker = f"{home}/workspaces/{user}/".encode()
    children, rss, roots = {}, {}, []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
            with open(f"/proc/{pid}/cmdline", "rb") as cmd:
                cmdline = cmd.read()
            with open(f"/proc/{pid}/statm") as statm:
                rss[int(pid)] = int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(pid))
        if marker in cmdline:
            roots.append(int(pid))
    seen, stack = set(), list(roots)
    while stack:
        pid = stack.pop()
        if pid not in seen:
            seen.add(pid)
            stack.extend(children.get(pid, []))
    return round(sum(rss.get(pid, 0) for pid in seen) / 2**20, 1), len(seen)


def main():
    gateway, home, mode = sys.argv[1], sys.argv[2], sys.argv[3]
    if mode == "single":
        user, auth = sys.argv[4], sys.argv[5]
        result = start_and_time(gateway, user, auth)
        time.sleep(5)  # let the tools settle before measuring memory
        result["rss_mib"], result["processes"] = rss_mib(home, user)
        call(gateway, auth, "POST", f"/api/workspaces/{user}/stop")
    else:
        pairs = [arg.split(":", 1) for arg in sys.argv[4:]]
        begin = time.monotonic()
        with concurrent.futures.ThreadPoolExecutor(len(pairs)) as pool:
            times = list(pool.map(lambda p: start_and_time(gateway, p[0], p[1]), pairs))
        wall = time.monotonic() - begin
        total = sum(rss_mib(home, user)[0] for user, _ in pairs)
        for user, auth in pairs:
            call(gateway, auth, "POST", f"/api/workspaces/{user}/stop")
        terminals = sorted(t["terminal_s"] for t in times)
        result = {"workspaces": len(pairs), "wall_s": round(wall, 2), "terminal_p50_s": terminals[len(terminals) // 2],
                  "terminal_max_s": terminals[-1], "failed": sum(1 for t in times if t["all_tools_s"] < 0),
                  "rss_total_mib": round(total, 1)}
    print(json.dumps(result))


if __name__ == "__main__":
    main()
