import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.dtaas.gateway.config.GatewayConfig;
import org.dtaas.gateway.routing.RouteTable;
import org.dtaas.gateway.routing.ToolRoute;

/**
 * bench/routes.sh: the gateway's route lookup with 10 to 100,000 users (five tool routes each, as a
 * local workspace reports them): nanoseconds per lookup of a random user's tool path, and the time to
 * swap in a new table. Prints one line per size: users, ns per lookup, ms per swap.
 */
public class RouteLookup {
    public static void main(String[] args) throws Exception {
        String home = Files.createTempDirectory("route-bench").toString();
        GatewayConfig config = (GatewayConfig) Proxy.newProxyInstance(GatewayConfig.class.getClassLoader(),
                new Class<?>[] {GatewayConfig.class}, (proxy, method, arguments) -> method.getName().equals("home") ? home : null);
        RouteTable table = new RouteTable(config);
        String[] tools = {"lab", "tree", "tools/vscode", "tools/vnc", "terminals"};
        Random random = new Random(42);
        for (int users : new int[] {10, 1_000, 10_000, 100_000}) {
            Map<String, List<ToolRoute>> routes = new HashMap<>();
            for (int u = 0; u < users; u++) {
                List<ToolRoute> list = new ArrayList<>();
                for (int t = 0; t < tools.length; t++) {
                    list.add(ToolRoute.of("/u" + u + "/" + tools[t] + "/", "http://127.0.0.1:" + (41000 + t) + "/", Map.of()));
                }
                routes.put("u" + u, list);
            }
            long swapStart = System.nanoTime();
            table.replaceWorkspaceRoutes(routes);
            double swapMs = (System.nanoTime() - swapStart) / 1e6;
            String[] users_ = new String[4096];
            String[] paths = new String[4096];
            for (int i = 0; i < paths.length; i++) {
                int u = random.nextInt(users);
                users_[i] = "u" + u;
                paths[i] = "/u" + u + "/" + tools[random.nextInt(tools.length)] + "/api/kernels?x=" + i;
            }
            int found = 0;
            for (int i = 0; i < 2_000_000; i++) { // warm-up
                found += table.workspaceRoute(users_[i & 4095], paths[i & 4095]).isPresent() ? 1 : 0;
            }
            int rounds = 5_000_000;
            long start = System.nanoTime();
            for (int i = 0; i < rounds; i++) {
                found += table.workspaceRoute(users_[i & 4095], paths[i & 4095]).isPresent() ? 1 : 0;
            }
            double ns = (System.nanoTime() - start) / (double) rounds;
            if (found != 7_000_000) {
                throw new IllegalStateException("a lookup missed: " + found);
            }
            System.out.printf("%d %.1f %.1f%n", users, ns, swapMs);
        }
    }
}
