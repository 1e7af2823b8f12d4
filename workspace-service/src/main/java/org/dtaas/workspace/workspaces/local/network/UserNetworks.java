package org.dtaas.workspace.workspaces.local.network;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.dtaas.files.UnixAccounts;
import org.dtaas.workspace.workspaces.local.limits.ResourceLimitsFactory;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

/**
 * Picks where users' programs are on the network: {@code DTAAS_USER_NETWORK} = {@code auto} (a namespace
 * per user when the services run as root and {@code ip}, {@code nsenter} and {@code dtaas-netbridge} are
 * there, else the host's), {@code namespace} or {@code host}. One choice per installation in this process:
 * the workspaces and the runs share it (a user's runs join their workspace's namespace).
 */
public final class UserNetworks {

    private static final Logger LOG = Logger.getLogger(UserNetworks.class);
    private static final Path RUN_FOLDER = Path.of("/run/dtaas");
    private static final ConcurrentHashMap<Path, UserNetwork> CHOSEN = new ConcurrentHashMap<>();

    private UserNetworks() {
    }

    public static UserNetwork fromConfig() {
        Config config = ConfigProvider.getConfig();
        Path home = Path.of(config.getValue("dtaas.home", String.class)).toAbsolutePath().normalize();
        return CHOSEN.computeIfAbsent(home, h -> of(config.getValue("dtaas.user-network", String.class), settings(config, h)));
    }

    static NamespaceNetwork.Settings settings(Config config, Path home) {
        String installation = ResourceLimitsFactory.installationGroup(home);
        List<String> services = new ArrayList<>();
        for (String url : config.getOptionalValue("dtaas.user-network.services", String.class).orElse("").split(",")) {
            platformService(url.strip()).ifPresent(services::add);
        }
        boolean outside = !"off".equals(config.getValue("dtaas.user-network.outside", String.class));
        List<String> allow = Arrays.stream(config.getOptionalValue("dtaas.user-network.proxy-allow", String.class).orElse("")
                .split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
        return new NamespaceNetwork.Settings(Path.of(config.getValue("dtaas.user-network.bridge", String.class)), installation,
                RUN_FOLDER.resolve(installation), services, outside ? config.getValue("dtaas.user-network.proxy-port", Integer.class) : 0,
                allow);
    }

    static UserNetwork of(String mode, NamespaceNetwork.Settings settings) {
        switch (mode) {
            case "host":
                return new HostNetwork();
            case "namespace":
            case "auto":
                String missing = missing(settings);
                if (missing == null) {
                    return new NamespaceNetwork(settings);
                }
                if (mode.equals("namespace")) {
                    throw new IllegalStateException("DTAAS_USER_NETWORK=namespace is not available here: " + missing);
                }
                LOG.warnf("users' programs share the host's network (%s): each user's code reaches every port on this"
                        + " machine's loopback, the platform's services and other users' tools included", missing);
                return new HostNetwork();
            default:
                throw new IllegalArgumentException("DTAAS_USER_NETWORK is '" + mode + "'; use auto, namespace or host");
        }
    }

    /** Why namespaces cannot be used here, or null. */
    private static String missing(NamespaceNetwork.Settings settings) {
        if (!UnixAccounts.runsAsRoot()) {
            return "the services do not run as root";
        }
        if (!Files.isExecutable(settings.bridge())) {
            return settings.bridge() + " is not installed (./dtaas up builds it with Go: scripts/install.sh)";
        }
        if (!Files.isExecutable(Path.of("/usr/bin/nsenter"))) {
            return "nsenter is missing (apt-get install util-linux)";
        }
        String probe = "dtaas-probe-" + ProcessHandle.current().pid();
        if (!succeeds(List.of("ip", "netns", "add", probe))) {
            return "'ip netns add' does not work here (apt-get install iproute2; the services need CAP_SYS_ADMIN)";
        }
        succeeds(List.of("ip", "netns", "delete", probe));
        return null;
    }

    /**
     * "PORT=127.0.0.1:PORT" for a platform service on this machine's loopback, which users reach inside
     * at the same address. Services elsewhere are reached like the rest of the outside network.
     */
    static java.util.Optional<String> platformService(String url) {
        if (url.isEmpty()) {
            return java.util.Optional.empty();
        }
        try {
            URI uri = URI.create(url);
            String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
            int port = uri.getPort() > 0 ? uri.getPort() : switch (uri.getScheme() == null ? "" : uri.getScheme()) {
                case "amqp" -> 5672;
                case "amqps" -> 5671;
                case "mqtt" -> 1883;
                case "mqtts" -> 8883;
                case "https" -> 443;
                default -> 80;
            };
            boolean loopback = host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]");
            return loopback ? java.util.Optional.of(port + "=127.0.0.1:" + port) : java.util.Optional.empty();
        } catch (IllegalArgumentException e) {
            LOG.warnf("not a service address: %s", url);
            return java.util.Optional.empty();
        }
    }

    private static boolean succeeds(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
