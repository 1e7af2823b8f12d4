package org.dtaas.workspace.workspaces.local.network;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each user's programs (workspace tools and runs alike) in a network namespace of their own, with only
 * a loopback interface: from inside, the platform services users are meant to use answer at the same
 * addresses as on the host, the outside world through an HTTP proxy that reaches only public addresses
 * (when allowed), and nothing else — not the platform's own services, not another user's tools. A user's
 * runs share their workspace's namespace, so a twin's server started by a run is reachable from the
 * user's terminal and publishable. {@code dtaas-netbridge} ({@link NetBridge}), one per user, is the only
 * way between a namespace and the host.
 */
final class NamespaceNetwork implements UserNetwork {

    private static final String NO_PROXY = "localhost,127.0.0.1,::1";

    /** {@code services}: NSPORT=HOST:PORT each; {@code proxyPort} 0: no outside network. */
    record Settings(Path bridge, String installation, Path runFolder, List<String> services, int proxyPort,
            List<String> proxyAllow) {
    }

    private final Settings settings;
    private final Map<String, NetBridge> bridges = new ConcurrentHashMap<>();

    NamespaceNetwork(Settings settings) {
        this.settings = settings;
    }

    @Override
    public String mode() {
        return "namespace";
    }

    @Override
    public List<String> enter(String user, List<String> command) throws IOException {
        NetBridge bridge = bridge(user);
        bridge.ensure();
        List<String> entered = new ArrayList<>(List.of("/usr/bin/nsenter", "--net=" + bridge.namespace(), "--",
                "/usr/bin/env"));
        if (settings.proxyPort() > 0) {
            String proxy = "http://127.0.0.1:" + settings.proxyPort();
            for (String name : List.of("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy")) {
                entered.add(name + "=" + proxy);
            }
            entered.addAll(List.of("NO_PROXY=" + NO_PROXY, "no_proxy=" + NO_PROXY));
        }
        entered.addAll(command);
        return entered;
    }

    @Override
    public void expose(String user, int port) throws IOException {
        bridge(user).forward(port, port);
    }

    @Override
    public void unexpose(String user, int port) {
        bridge(user).close(port);
    }

    @Override
    public boolean owns(String user, int port, Collection<ProcessHandle> processes) {
        // only the user's programs are in their namespace: whatever listens there is theirs
        return bridge(user).listening(port);
    }

    @Override
    public int publish(String user, int port) throws IOException {
        return bridge(user).publish(port);
    }

    @Override
    public void release(String user) {
        NetBridge bridge = bridges.get(user);
        if (bridge != null) {
            bridge.closePublished();
        }
    }

    private NetBridge bridge(String user) {
        return bridges.computeIfAbsent(user, u -> new NetBridge(settings, u));
    }
}
