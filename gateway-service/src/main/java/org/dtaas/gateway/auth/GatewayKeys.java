package org.dtaas.gateway.auth;

/** Names of the values the gateway keeps in a request's RoutingContext. */
public final class GatewayKeys {

    public static final String AUTHENTICATION = "dtaas.authentication";
    public static final String ROUTE = "dtaas.route";

    private GatewayKeys() {
    }
}
