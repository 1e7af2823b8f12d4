package org.dtaas.gateway.identity;

/** Names of the values the gateway keeps in a request's RoutingContext. */
public final class GatewayKeys {

    public static final String AUTHENTICATION = "dtaas.authentication";
    public static final String ROUTE = "dtaas.route";
    /** The platform session a request signed in with (built-in users' cookie), for the tools hand-off. */
    public static final String SESSION = "dtaas.session";
    /** The user whose tools origin the request came to ({@code ToolOrigins}); absent on the platform's. */
    public static final String TOOLS_OWNER = "dtaas.tools-owner";
    /** The tools origin's session a request signed in with. */
    public static final String TOOLS_SESSION = "dtaas.tools-session";

    /** The request's HTTP Basic credentials as a password attempt, made once a request ({@code Authenticator}). */
    public static final String BASIC_ATTEMPT = "dtaas.basic-attempt";

    private GatewayKeys() {
    }
}
