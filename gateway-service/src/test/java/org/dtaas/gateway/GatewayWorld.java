package org.dtaas.gateway;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.dtaas.gateway.identity.PasswordCheck;
import org.dtaas.identity.InternalKeys;
import org.dtaas.identity.InternalToken;

/**
 * Everything the gateway meets in production, made for one test run: a DTAAS_HOME with users
 * (alice, bob, admin root), a real upstream that stands in for alice's workspace and for the
 * library and provisioner services, and a workspace-service address where nothing listens.
 */
public class GatewayWorld implements QuarkusTestResourceLifecycleManager {

    static final String ALICE_PASSWORD = "alice-secret-1";
    static final String BOB_PASSWORD = "bob-secret-1";
    static final String ROOT_PASSWORD = "root-secret-1";
    static final String MALLORY_PASSWORD = "mallory-secret-1";
    static final String ERIN_PASSWORD = "erin-secret-1";

    static int upstreamPort;
    /** Where the gateway finds the workspace-service: nobody listens there unless a test starts a stand-in. */
    static int workspacePort;
    static Path home;
    private FakeUpstream upstream;
    /** erin's workspace: an upstream that misbehaves on request (ScriptedUpstream). */
    private ScriptedUpstream scripted;

    @Override
    public Map<String, String> start() {
        try {
            upstream = new FakeUpstream();
            upstreamPort = upstream.start();
            scripted = new ScriptedUpstream();
            int nobodyListens;
            try (ServerSocket socket = new ServerSocket(0)) {
                nobodyListens = socket.getLocalPort();
            }
            workspacePort = nobodyListens;
            home = Files.createTempDirectory("gateway-home");
            Path config = Files.createDirectories(home.resolve("config"));
            Path keys = InternalKeys.ensure(config.resolve("keys"));
            Files.write(config.resolve("users.htpasswd"), List.of(
                    "alice:" + PasswordCheck.hash(ALICE_PASSWORD),
                    "bob:" + PasswordCheck.hash(BOB_PASSWORD),
                    "root:" + PasswordCheck.hash(ROOT_PASSWORD),
                    "mallory:" + PasswordCheck.hash(MALLORY_PASSWORD),
                    "erin:" + PasswordCheck.hash(ERIN_PASSWORD),
                    "legacy:{SHA}W6ph5Mm5Pz8GgiULbPgzG37mj9g="));
            Files.write(config.resolve("admins"), List.of("root"));
            Files.write(config.resolve("routes"), List.of("# alice's workspace", "alice http://127.0.0.1:" + upstreamPort,
                    "erin http://127.0.0.1:" + scripted.port()));
            String upstreamUrl = "http://127.0.0.1:" + upstreamPort;
            // the library's stand-in also listens on a Unix socket, as ./dtaas up has the library-service do
            Path librarySocket = Files.createDirectories(home.resolve("run")).resolve("library.sock");
            upstream.listenOn(librarySocket);
            return Map.of("dtaas.home", home.toString(), "dtaas.keys-dir", keys.toString(),
                    "dtaas.gateway.library-url", upstreamUrl,
                    "dtaas.gateway.library-socket", librarySocket.toString(),
                    "dtaas.gateway.provisioner-url", upstreamUrl,
                    "dtaas.gateway.workspace-url", "http://127.0.0.1:" + nobodyListens);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static int workspacePort() {
        return workspacePort;
    }

    /** The port of the stand-in for alice's workspace and the services. */
    public static int upstreamPort() {
        return upstreamPort;
    }

    /** Whether the stand-in for the services received this request ("POST /api/library/dirs/bob/data"). */
    public static boolean upstreamSaw(String request) {
        return FakeUpstream.SEEN.contains(request);
    }

    static Path publicKey() {
        return home.resolve("config/keys").resolve(InternalToken.PUBLIC_KEY_FILE);
    }

    @Override
    public void stop() {
        upstream.stop();
        try {
            scripted.stop();
        } catch (java.io.IOException e) {
            // closing a listening socket: nothing to do about a failure
        }
    }
}
