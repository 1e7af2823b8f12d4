import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DeliverCallback;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** bench/services.sh: messages/s through RabbitMQ with issued credentials (publish and consume at once). */
public class AmqpRate {
    public static void main(String[] args) throws Exception {
        int count = Integer.parseInt(args[3]);
        ConnectionFactory factory = new ConnectionFactory();
        factory.setUri(args[0]);
        factory.setUsername(args[1]);
        factory.setPassword(args[2]);
        try (Connection connection = factory.newConnection(); Channel publish = connection.createChannel();
                Channel consume = connection.createChannel()) {
            String queue = consume.queueDeclare("bench", false, false, true, null).getQueue();
            CountDownLatch received = new CountDownLatch(count);
            DeliverCallback onMessage = (tag, message) -> received.countDown();
            consume.basicQos(1000);
            consume.basicConsume(queue, true, onMessage, tag -> { });
            byte[] body = "{\"t\":0,\"temperature\":21.5}".getBytes(StandardCharsets.UTF_8);
            long start = System.nanoTime();
            for (int i = 0; i < count; i++) {
                publish.basicPublish("", queue, null, body);
            }
            if (!received.await(120, TimeUnit.SECONDS)) {
                throw new IllegalStateException(received.getCount() + " messages did not arrive");
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("{\"messages\": %d, \"seconds\": %.2f, \"per_s\": %d}%n", count, seconds, (long) (count / seconds));
        }
    }
}
