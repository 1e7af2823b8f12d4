package org.dtaas.gateway.routing;

import org.dtaas.gateway.identity.Authentication;
import org.dtaas.identity.Caller;

/** The one place the gateway decides who may send a request. Services check again what only they can see. */
public final class AccessPolicy {

    public enum Verdict { ALLOW, SIGN_IN, FORBIDDEN }

    private AccessPolicy() {
    }

    public static Verdict decide(RouteMatch route, Authentication authentication) {
        switch (route.target()) {
            case AUTH, HEALTH, SHARED, WEB, BAD_PATH, UNKNOWN_API:
                return Verdict.ALLOW;
            default:
                break;
        }
        if (!(authentication instanceof Authentication.SignedIn signedIn)) {
            // metrics and the API document: admins, or a scraper with the scrape token (GatewayRouter);
            // being on this machine proves nothing, users' code runs here too
            return Verdict.SIGN_IN;
        }
        Caller caller = signedIn.caller();
        if (route.target() == Target.PLATFORM_INTERNALS || route.target() == Target.USERS) {
            return caller.admin() ? Verdict.ALLOW : Verdict.FORBIDDEN;
        }
        if (route.owner() == null) {
            return Verdict.ALLOW;
        }
        boolean allowed = route.write() ? caller.mayWrite(route.owner()) : caller.mayRead(route.owner());
        return allowed ? Verdict.ALLOW : Verdict.FORBIDDEN;
    }
}
