package org.dtaas.gateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Everything the gateway can be told; values come from application.properties or DTAAS_* variables. */
@ConfigMapping(prefix = "dtaas")
public interface GatewayConfig {

    /** The state folder (DTAAS_HOME): users, admins, keys, route files. */
    String home();

    /** Folder with the internal token key pair (made by {@code ./dtaas up}). */
    String keysDir();

    Gateway gateway();

    interface Gateway {

        /** Base URL of the library-service (GraphQL and file API). */
        @WithDefault("http://127.0.0.1:4001")
        String libraryUrl();

        /** Base URL of the workspace-service (workspaces, twins, runs, route table). */
        @WithDefault("http://127.0.0.1:4002")
        String workspaceUrl();

        /** Base URL of the services-provisioner. */
        @WithDefault("http://127.0.0.1:4003")
        String provisionerUrl();

        /** An upstream that sends no byte for this long is given up with 504. */
        @WithDefault("120s")
        Duration upstreamTimeout();

        /** How long connecting to an upstream may take before 502. */
        @WithDefault("5s")
        Duration connectTimeout();

        /** How often the workspace route table is fetched from the workspace-service. */
        @WithDefault("1s")
        Duration routeRefresh();

        Session session();

        Login login();
    }

    interface Session {
        /** A session unused for this long ends. */
        @WithDefault("8h")
        Duration idleTimeout();

        /** A session ends this long after sign-in, used or not. */
        @WithDefault("7d")
        Duration maxAge();

        /** Name of the session cookie. */
        @WithDefault("dtaas_session")
        String cookieName();
    }

    interface Login {
        /** Failed sign-ins allowed per user and address within {@link #window()} before 429. */
        @WithDefault("5")
        int maxFailures();

        /** Failed sign-ins allowed per address (all user names together) within the window. */
        @WithDefault("30")
        int maxFailuresPerAddress();

        @WithDefault("15m")
        Duration window();
    }
}
