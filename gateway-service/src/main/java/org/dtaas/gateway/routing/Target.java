package org.dtaas.gateway.routing;

/** What a request path is for; decides who may send it and where it goes. */
public enum Target {
    /** sign-in, sign-out, who am I: the gateway answers itself */
    AUTH,
    /** liveness and readiness: public, for the launcher and orchestrators */
    HEALTH,
    /** metrics and other /q endpoints: admins (and the machine itself) only */
    PLATFORM_INTERNALS,
    /** /lib and /api/library: the library-service */
    LIBRARY,
    /** /api/workspaces, /api/twins, /api/runs: the workspace-service */
    WORKSPACE_API,
    /** /api/services: the services-provisioner */
    PROVISIONER,
    /** /api/users: the built-in accounts, kept by the gateway itself; admins only */
    USERS,
    /** /&lt;user&gt;/...: that user's workspace tools */
    WORKSPACE,
    /** /shared/&lt;name&gt;/...: a published digital twin, open to everyone */
    SHARED,
    /** an /api path no service serves */
    UNKNOWN_API,
    /** a path that names an impossible owner (bad user name) */
    BAD_PATH,
    /** everything else: the web app's files */
    WEB
}
