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

        /**
         * A Unix socket the library-service also listens on ({@code ./dtaas up}: {@code run/library.sock}):
         * requests proxied to the library go over it, which costs both processes less than TCP on loopback
         * (bench/results/library.md); its other calls keep {@link #libraryUrl}. Empty: everything over the URL.
         */
        java.util.Optional<String> librarySocket();

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

        /** How often the workspace route table is fetched from the workspace-service (the safety net of {@link #routePush}). */
        @WithDefault("1s")
        Duration routeRefresh();

        /**
         * Whether the gateway follows the workspace-service's route changes and fetches the table the
         * moment one is announced; off, only the periodic fetch keeps it (a bench compares the two).
         */
        @WithDefault("true")
        boolean routePush();

        /**
         * Whether a signed-in GET or HEAD to a tool that follows on a kept-alive connection is served below
         * Vert.x' HTTP server (the fast path, docs/architecture.md) [DTAAS_GATEWAY_FAST_PATH]; off,
         * every request takes the router.
         */
        @WithDefault("true")
        boolean fastPath();

        Session session();

        Login login();

        Oidc oidc();

        Shared shared();

        Tools tools();
    }

    /**
     * Where users' tools are served: on an origin per user, so a page that a user's Jupyter serves never
     * runs beside a visitor's platform session (an admin opening a user's notebook).
     */
    interface Tools {
        /**
         * The tools' origin, {@code {user}} standing for the user's name [DTAAS_TOOLS_URL], e.g.
         * {@code https://{user}.tools.example.org} or, on one machine, {@code http://{user}.localhost:8080}
         * (browsers resolve *.localhost to this machine without DNS). Unset: tools on the platform's own
         * origin (weaker: docs/admin/security.md).
         */
        java.util.Optional<String> url();
    }

    /**
     * Where published services ({@code /shared/<name>/}) are served: on an origin of their own, so a
     * page someone published never runs next to a signed-in user's platform session.
     */
    interface Shared {
        /**
         * The gateway's second listener for published services [DTAAS_SHARED_PORT]; 0 serves them on
         * the platform's own origin (weaker: documented in docs/admin/security.md).
         */
        @WithDefault("0")
        int port();

        /** The public base URL of that listener [DTAAS_SHARED_URL], e.g. https://shared.example.org; default http://localhost:PORT. */
        java.util.Optional<String> url();
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

    /**
     * Sign-in through an OIDC provider (Keycloak, GitLab, ...). The protocol settings themselves are
     * quarkus-oidc's ({@code quarkus.oidc.*}, set from DTAAS_OIDC_* in application.properties); these
     * say what the gateway makes of a signed-in person.
     */
    interface Oidc {
        /** Whether a provider is configured (DTAAS_OIDC_ENABLED); the login page then offers it. */
        @WithDefault("false")
        boolean enabled();

        /** Shown on the login page: "Sign in with ...". */
        @WithDefault("your organisation's account")
        String providerName();

        /** The claim whose value is the DTaaS user name, e.g. preferred_username (Keycloak) or nickname (GitLab). */
        @WithDefault("preferred_username")
        String usernameClaim();

        /**
         * People with this role or group (in the claim quarkus.oidc.roles.role-claim-path names) are
         * admins. Unset: only the names in config/admins are.
         */
        java.util.Optional<String> adminRole();

        /**
         * Whether signing out also ends the provider's session (RP-initiated logout). Providers without
         * an end_session_endpoint (GitLab) need false: DTaaS then ends only its own session and says so.
         */
        @WithDefault("true")
        boolean providerSignOut();

        /**
         * Without RP-initiated logout: where the browser goes after DTaaS ended its own session, e.g.
         * GitLab's authorize URL with prompt=login, which makes GitLab sign the user out. Unset: the
         * login page, which says the provider's session continues.
         */
        java.util.Optional<String> signOutUrl();
    }

    interface Login {
        /** Whether built-in (users.htpasswd) users may sign in: the login form and HTTP Basic. */
        @WithDefault("true")
        boolean passwords();

        /** Failed sign-ins per user and address within {@link #window()} before the back-off starts (429 + Retry-After). */
        @WithDefault("5")
        int maxFailures();

        /** Failed sign-ins per account from all addresses together before the back-off starts for everyone. */
        @WithDefault("20")
        int maxFailuresPerAccount();

        /** The longest wait the back-off asks for: the right password gets in at most this long after the last guess. */
        @WithDefault("60s")
        Duration maxBackoff();

        @WithDefault("15m")
        Duration window();
    }
}
