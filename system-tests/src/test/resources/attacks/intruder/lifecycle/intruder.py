#!/usr/bin/env python3
"""What a user with code execution tries against the platform (see ../README.md).

targets.json (written by the test beside the twin) names what to try: host paths of secrets and of
another user's files, every TCP port the host listens on that a user must not reach, the brokers.
"""
import ctypes
import json
import os
import signal
import socket
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
TWIN = os.path.dirname(HERE)
TARGETS = json.load(open(os.path.join(TWIN, "targets.json")))


def case(name, blocked, detail=""):
    print("CASE", name, "blocked" if blocked else "LEAKED", str(detail).replace("\n", " ")[:300], flush=True)


def control(name, works, detail=""):
    """The same move on what is the user's own must work, or "blocked" above proves nothing."""
    print("CONTROL", name, "works" if works else "FAILED", str(detail).replace("\n", " ")[:300], flush=True)


def mqtt_accepted(client_id):
    import paho.mqtt.client as mqtt
    client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, client_id=client_id)
    client.username_pw_set(os.environ["MQTT_USERNAME"], os.environ["MQTT_PASSWORD"])
    answers = []
    client.on_connect = lambda c, u, f, reason, p: answers.append(not reason.is_failure)
    client.connect("127.0.0.1", TARGETS["mqtt_port"], keepalive=5)
    deadline = time.time() + 10
    while not answers and time.time() < deadline and client.loop(timeout=0.5) == 0:
        pass
    client.disconnect()
    return bool(answers and answers[0])


def probe():
    # 1. host secrets and another user's files, by path (the sandbox shows neither)
    control("read own file", open(os.path.join(TWIN, "targets.json")).read(1) == "{")
    for path in TARGETS["secrets"] + TARGETS["victim_paths"]:
        try:
            with open(path, "rb") as f:
                case("read " + path, False, f.read(80))
        except IsADirectoryError:
            try:
                case("list " + path, False, os.listdir(path)[:5])
            except OSError as e:
                case("list " + path, True, e.strerror)
        except OSError as e:
            case("read " + path, True, e.strerror)
    # 2. every host port a user must not reach: internal services, other users' tools, anything
    socket.create_connection(("127.0.0.1", TARGETS["rabbitmq_port"]), timeout=2).close()
    control("connect to the broker", True)
    for port in TARGETS["closed_ports"]:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=2).close()
            case("connect %d" % port, False, "connected")
        except OSError as e:
            case("connect %d" % port, True, e.strerror or e)
    # 3. the broker's default administrator, and an MQTT client id that is another user's
    try:
        import pika
        params = pika.ConnectionParameters("127.0.0.1", TARGETS["rabbitmq_port"], "/",
                                           pika.PlainCredentials("guest", "guest"), socket_timeout=5)
        pika.BlockingConnection(params).close()
        case("amqp guest/guest", False, "logged in")
    except Exception as e:
        case("amqp guest/guest", True, type(e).__name__)
    control("mqtt own client id", mqtt_accepted(os.environ["MQTT_USERNAME"] + "/probe"))
    try:
        case("mqtt client id of another user", not mqtt_accepted(TARGETS["victim_mqtt_client"]))
    except Exception as e:
        case("mqtt client id of another user", True, type(e).__name__)
    # 4. other users' processes (own pid namespace: only this user's programs are there)
    foreign = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            uid = int([l for l in open("/proc/%s/status" % pid) if l.startswith("Uid:")][0].split()[1])
        except OSError:
            continue
        # pid 1 is the sandbox's own init (bubblewrap, root's): no other user's, and out of reach
        if uid != os.getuid() and pid != "1":
            foreign.append((pid, uid))
    control("see own processes", str(os.getpid()) in os.listdir("/proc"))
    case("see other processes", not foreign, foreign[:5])
    # 5. links planted for the platform's privileged readers and writers, checked by the test afterwards
    workspace = os.environ["WORKSPACE"]
    readme = os.path.join(TWIN, "README.md")
    os.replace(readme, readme + ".txt")
    os.symlink(TARGETS["secrets"][0], readme)
    dtaas = os.path.join(workspace, ".dtaas")
    os.makedirs(dtaas, exist_ok=True)
    services = os.path.join(dtaas, "services.json")
    if os.path.lexists(services):
        os.replace(services, services + ".mine")
    os.symlink(TARGETS["victim_services_json"], services)
    vnc = os.path.join(os.environ["HOME"], ".vnc")
    if os.path.lexists(vnc) and not os.path.islink(vnc):
        os.rename(vnc, vnc + ".mine")
    if not os.path.lexists(vnc):
        os.symlink(TARGETS["host_folder"], vnc)
    with open(os.path.join(TWIN, "..\\..\\escape.txt"), "w") as f:
        f.write("a name with backslashes\n")
    case("links planted", True)


def race():
    """Swaps its own folder for a link to another user's, again and again, until the test says stop."""
    libc = ctypes.CDLL(None, use_errno=True)
    AT_FDCWD, RENAME_EXCHANGE = -100, 2
    race_dir = os.path.join(os.environ["WORKSPACE"], "race")
    link = os.path.join(os.environ["WORKSPACE"], "race-link")
    stop = os.path.join(os.environ["WORKSPACE"], "race-stop")
    if not os.path.lexists(link):
        os.symlink(TARGETS["victim_paths"][0], link)
    swaps = 0
    print("racing", flush=True)
    deadline = time.time() + 120
    while not os.path.exists(stop) and time.time() < deadline:
        if libc.renameat2(AT_FDCWD, race_dir.encode(), AT_FDCWD, link.encode(), RENAME_EXCHANGE) != 0:
            case("renameat2", False, os.strerror(ctypes.get_errno()))
            return
        swaps += 1
    if os.path.islink(race_dir):  # leave the folder in place
        libc.renameat2(AT_FDCWD, race_dir.encode(), AT_FDCWD, link.encode(), RENAME_EXCHANGE)
    print("swapped %d times" % swaps, flush=True)


def evolve():
    """A fork bomb, then a memory hog: the kernel stops both at this user's limits."""
    children, refused = [], None
    for _ in range(TARGETS["fork_attempts"]):
        try:
            pid = os.fork()
        except OSError as e:
            refused = e.strerror
            break
        if pid == 0:
            time.sleep(30)
            os._exit(0)
        children.append(pid)
    control("fork", len(children) >= 50, len(children))
    case("fork bomb", refused is not None, "%d forks, then %s" % (len(children), refused))
    for pid in children:
        os.kill(pid, signal.SIGKILL)
    for pid in children:
        os.waitpid(pid, 0)
    hog = os.fork()
    if hog == 0:
        chunks = []
        for _ in range(TARGETS["hog_chunks"]):
            chunks.append(b"\x01" * (64 << 20))  # touched, so it is really used
        os._exit(0)
    _, status = os.waitpid(hog, 0)
    killed = os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL
    case("memory hog", killed, "status %d" % status)


def analyze():
    """What a run's environment holds: the test looks for another user's passwords in it."""
    for name in sorted(os.environ):
        if name.endswith("_PASSWORD"):
            print("ENV", name, os.environ[name], flush=True)


{"execute": probe, "create": race, "evolve": evolve, "analyze": analyze}[sys.argv[1]]()
