package org.dtaas.workspace.workspaces.local;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.dtaas.workspace.workspaces.ToolRoute;
import org.dtaas.workspace.workspaces.ToolStatus;

/**
 * VS Code in the browser (code-server 4.100.3) at {@code /<user>/tools/vscode/}. It runs with a random
 * password; once it is up the service signs in once and hands the session cookie to the gateway, which
 * adds it to the requests it forwards: the user never sees a second login, and nothing that bypasses
 * the gateway gets in.
 */
final class CodeServerTool implements LocalTool {

    private static final String COOKIE = "code-server-session";

    private final Path home;
    private final Path node;

    CodeServerTool(String home, String node) {
        this.home = Path.of(home);
        this.node = Path.of(node);
    }

    @Override
    public Optional<String> unavailableReason() {
        if (!Files.isRegularFile(home.resolve("out/node/entry.js"))) {
            return Optional.of("VS Code (code-server) is not installed in " + home + ": run ./dtaas up (it installs the workspace tools).");
        }
        if (!Files.isExecutable(node)) {
            return Optional.of("VS Code needs Node.js 20 at " + node + ": apt-get install nodejs.");
        }
        return Optional.empty();
    }

    @Override
    public List<ToolStatus> unavailable(String user, String reason) {
        return List.of(new ToolStatus("vscode", "VS Code", path(user), false, false, reason));
    }

    private static String path(String user) {
        return "/" + user + "/tools/vscode/";
    }

    @Override
    public ToolInstance prepare(WorkspaceLayout layout, PortAllocator.Lease ports) {
        return new Instance(layout, ports.port(), Probes.secret());
    }

    private final class Instance implements ToolInstance {
        private final WorkspaceLayout layout;
        private final int port;
        private final String password;
        private volatile String session;

        Instance(WorkspaceLayout layout, int port, String password) {
            this.layout = layout;
            this.port = port;
            this.password = password;
        }

        @Override
        public List<ProcessSpec> processes() {
            Map<String, String> env = Probes.baseEnvironment(layout);
            env.put("PASSWORD", password);
            String data = layout.homeDir() + "/.local/share/code-server";
            return List.of(new ProcessSpec("code-server", List.of(node.toString(),
                    home.resolve("out/node/entry.js").toString(), "--auth", "password",
                    "--bind-addr", "127.0.0.1:" + port, "--disable-telemetry", "--disable-update-check",
                    "--disable-workspace-trust", "--user-data-dir", data, "--extensions-dir", data + "/extensions",
                    layout.workspaceDir()), env));
        }

        @Override
        public List<Path> readOnlyBinds() {
            return List.of(home);
        }

        @Override
        public boolean healthy(HttpClient http) {
            return Probes.answers(http, url() + "healthz", null, null);
        }

        @Override
        public void onReady(HttpClient http) throws Exception {
            HttpRequest login = HttpRequest.newBuilder(URI.create(url() + "login")).timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("password=" + URLEncoder.encode(password, StandardCharsets.UTF_8)))
                    .build();
            HttpResponse<Void> answer = http.send(login, HttpResponse.BodyHandlers.discarding());
            session = answer.headers().allValues("Set-Cookie").stream()
                    .filter(c -> c.startsWith(COOKIE + "="))
                    .map(c -> c.substring(0, c.indexOf(';') > 0 ? c.indexOf(';') : c.length()))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("code-server did not accept its password (status "
                            + answer.statusCode() + ")"));
        }

        @Override
        public List<ToolRoute> routes() {
            String cookie = session;
            return List.of(new ToolRoute(path(layout.user()), url(), cookie == null ? Map.of() : Map.of("Cookie", cookie)));
        }

        @Override
        public List<ToolStatus> statuses(boolean ready, String reason) {
            return List.of(new ToolStatus("vscode", "VS Code", path(layout.user()), true, ready, reason));
        }

        /** code-server touches {@code heartbeat} in its data folder every minute while a window is open. */
        @Override
        public Optional<Instant> lastActivity(HttpClient http) {
            Path heartbeat = layout.home().resolve(".local/share/code-server/heartbeat");
            try {
                return Optional.of(Files.getLastModifiedTime(heartbeat).toInstant());
            } catch (java.io.IOException e) {
                return Optional.empty();
            }
        }

        private String url() {
            return "http://127.0.0.1:" + port + "/";
        }
    }
}
