"""Route bench client (bench/routes.sh): how soon a tool answers through the gateway once it is reported ready.

Usage: routes_client.py GATEWAY_URL USER AUTH ROUNDS
Each round starts the user's workspace, polls its status every 20 ms and, from the moment the status
says the terminal is ready, asks for the terminal's page through the gateway every 10 ms until it is
routed (not 404/502/503); then stops the workspace. Prints one JSON object.
"""
import json
import sys
import time
import urllib.error
import urllib.request


def call(gateway, auth, method, path):
    request = urllib.request.Request(gateway + path, method=method, headers={"Authorization": auth})
    with urllib.request.urlopen(request, timeout=30) as answer:
        return json.load(answer)


def status_of(gateway, auth, path):
    url = path if path.startswith("http") else gateway + path
    request = urllib.request.Request(url, headers={"Authorization": auth})
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            return answer.status
    except urllib.error.HTTPError as e:
        return e.code


def one_round(gateway, user, auth):
    call(gateway, auth, "POST", f"/api/workspaces/{user}/start")
    begin = time.monotonic()
    ready_at = None
    path = None
    while time.monotonic() - begin < 120:
        status = call(gateway, auth, "GET", f"/api/workspaces/{user}")
        terminal = next((t for t in status["tools"] if t["name"] == "terminal"), None)
        if terminal and terminal.get("ready"):
            ready_at = time.monotonic()
            path = terminal["path"]
            break
        time.sleep(0.02)
    if ready_at is None:
        raise SystemExit("the terminal never became ready")
    attempts = 0
    while time.monotonic() - ready_at < 10:
        attempts += 1
        code = status_of(gateway, auth, path)
        if code not in (404, 502, 503):
            routed = time.monotonic() - ready_at
            break
        time.sleep(0.01)
    else:
        routed = -1
    call(gateway, auth, "POST", f"/api/workspaces/{user}/stop")
    time.sleep(2)
    return {"ms": round(routed * 1000, 1), "attempts": attempts, "code": code}


def main():
    gateway, user, auth, rounds = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    results = [one_round(gateway, user, auth) for _ in range(rounds)]
    times = sorted(r["ms"] for r in results)
    print(json.dumps({"rounds": results, "p50_ms": times[len(times) // 2], "max_ms": times[-1]}))


if __name__ == "__main__":
    main()
