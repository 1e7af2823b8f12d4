"""The simulated room (physical twin) and its controller (digital twin), talking over the platform's MQTT.

Both are MQTT clients with the user's own credentials (MQTT_URL, MQTT_USERNAME, MQTT_PASSWORD and
MQTT_TOPICPREFIX, which the platform gives every run): the room publishes its temperature on
<prefix>room/temperature, the digital twin answers each one with a heater command on <prefix>room/heater
(on below 20.5 °C, off above 21.5 °C), which the room obeys. Writes the room's log as CSV.

Usage: python3 thermostat.py LOG_CSV MESSAGES   (paho-mqtt: the workspaces' Python has it)
"""
import os
import queue
import sys
import threading
import time
import uuid
from urllib.parse import urlparse

import paho.mqtt.client as mqtt


def connect(name, settings):
    client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, client_id=f"{settings['user']}/{name}-{uuid.uuid4().hex[:8]}")
    client.username_pw_set(settings["user"], settings["password"])
    connected = threading.Event()
    client.on_connect = lambda c, userdata, flags, reason, properties: connected.set() if not reason.is_failure else None
    client.connect(settings["host"], settings["port"])
    client.loop_start()
    if not connected.wait(10):
        sys.exit(f"{name}: the MQTT broker at {settings['host']}:{settings['port']} did not accept the credentials")
    return client


def subscribe(client, topic, on_message):
    done = threading.Event()
    client.on_subscribe = lambda c, userdata, mid, reasons, properties: done.set()
    client.on_message = lambda c, userdata, message: on_message(message.payload.decode())
    client.subscribe(topic, qos=1)
    if not done.wait(10):
        sys.exit(f"the subscription to {topic} was not confirmed")


def main(log_path, messages):
    url = urlparse(os.environ["MQTT_URL"])
    settings = {"host": url.hostname, "port": url.port or 1883,
                "user": os.environ["MQTT_USERNAME"], "password": os.environ["MQTT_PASSWORD"]}
    topics = os.environ["MQTT_TOPICPREFIX"]

    # digital twin: every temperature in, a heater command out
    twin = connect("digital-twin", settings)
    received = queue.Queue()
    command = {"heater": "off"}

    def decide(temperature):
        t = float(temperature)
        if t < 20.5:
            command["heater"] = "on"
        if t > 21.5:
            command["heater"] = "off"
        twin.publish(f"{topics}room/heater", command["heater"], qos=1)
        print(f"digital twin: \033[36m{temperature} °C\033[0m -> heater {command['heater']}", flush=True)
        received.put(temperature)

    subscribe(twin, f"{topics}room/temperature", decide)

    # physical twin: the room cools towards 15 °C, the heater warms it; its actuator keeps the last command
    room = connect("room", settings)
    heater = {"state": "off"}
    subscribe(room, f"{topics}room/heater", lambda c: heater.update(state=c))
    temperature = 19.0
    with open(log_path, "w", encoding="utf-8") as log:
        log.write("time,temperature,heater\n")
        for i in range(1, messages + 1):
            temperature += 0.05 * (15 - temperature) + (0.6 if heater["state"] == "on" else 0)
            log.write(f"{i},{temperature:.2f},{heater['state']}\n")
            room.publish(f"{topics}room/temperature", f"{temperature:.2f}", qos=1)
            time.sleep(0.1)
    for _ in range(messages):
        received.get(timeout=30)
    for client in (room, twin):
        client.loop_stop()
        client.disconnect()
    print(f"\033[32m{messages} measurements exchanged over MQTT: data/thermostat-mqtt/log.csv\033[0m")


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
