// Connection examples for a user's own credentials, per service and language.
export function snippets(service, c) {
  if (service === 'rabbitmq') {
    return {
      Python: `import pika  # pip install pika\nconnection = pika.BlockingConnection(pika.URLParameters(\n    "amqp://${c.username}:<password>@${hostPort(c.url)}/${c.vhost}"))\nchannel = connection.channel()\nchannel.queue_declare("measurements")\nchannel.basic_publish("", "measurements", b"21.5")`,
      Java: `ConnectionFactory factory = new ConnectionFactory(); // com.rabbitmq:amqp-client\nfactory.setUri("${c.url}");\nfactory.setUsername("${c.username}");\nfactory.setPassword(System.getenv("RABBITMQ_PASSWORD"));\ntry (Connection connection = factory.newConnection()) { /* ... */ }`,
      Shell: `source "$WORKSPACE/.dtaas/services.env"   # RABBITMQ_URL, RABBITMQ_USERNAME, RABBITMQ_PASSWORD, RABBITMQ_VHOST\necho "$RABBITMQ_URL"`,
    };
  }
  if (service === 'mqtt') {
    return {
      Python: `import paho.mqtt.client as mqtt  # pip install paho-mqtt\nclient = mqtt.Client()\nclient.username_pw_set("${c.username}", "<password>")\nclient.connect("${host(c.url)}", ${port(c.url)})\nclient.publish("${c.topicPrefix}temperature", "21.5")`,
      Java: `MqttClient client = MqttClient.create(vertx, new MqttClientOptions()  // io.vertx:vertx-mqtt\n    .setUsername("${c.username}").setPassword(System.getenv("MQTT_PASSWORD")));\nclient.connect(${port(c.url)}, "${host(c.url)}");`,
      Shell: `source "$WORKSPACE/.dtaas/services.env"\nmosquitto_pub -h ${host(c.url)} -p ${port(c.url)} -u "$MQTT_USERNAME" -P "$MQTT_PASSWORD" \\\n  -t "${c.topicPrefix}temperature" -m 21.5`,
    };
  }
  return { Shell: 'source "$WORKSPACE/.dtaas/services.env"' };
}

function parse(url) {
  try {
    return new URL(url.replace(/^(amqp|mqtt)s?:/, 'http:'));
  } catch {
    return null;
  }
}
const host = (url) => (parse(url) ? parse(url).hostname : url);
const port = (url) => (parse(url) && parse(url).port) || 1883;
const hostPort = (url) => (parse(url) ? parse(url).host : url);
