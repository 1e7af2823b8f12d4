package org.dtaas.gateway.auth;

import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Singleton;
import java.util.List;
import org.dtaas.gateway.identity.Authentication;
import org.dtaas.gateway.identity.GatewayKeys;

/**
 * Signs a request in: asks the methods of its origin in order — on the platform's origin the provider,
 * the session cookie, HTTP Basic; on a user's tools origin that origin's cookie, HTTP Basic (the
 * platform's cookie and the provider's session are never looked at there) — and records what the first
 * that applies makes of it ({@link GatewayKeys#AUTHENTICATION}; anonymous when none applies).
 */
@Singleton
public class SignIn {

    private final List<SignInMethod> platform;
    private final List<SignInMethod> tools;

    public SignIn(SignInMethods methods) {
        this.platform = List.of(methods.provider(), methods.sessionCookie(), methods.basic());
        this.tools = List.of(methods.toolsCookie(), methods.basic());
    }

    /** Signs {@code rc} in on the platform's origin, then goes on with the next handler. */
    public void onPlatformOrigin(RoutingContext rc, Vertx vertx) {
        signIn(rc, vertx, platform);
    }

    /** Signs {@code rc} in on {@code owner}'s tools origin, then goes on with the next handler. */
    public void onToolsOrigin(RoutingContext rc, Vertx vertx, String owner) {
        rc.put(GatewayKeys.TOOLS_OWNER, owner);
        signIn(rc, vertx, tools);
    }

    private static void signIn(RoutingContext rc, Vertx vertx, List<SignInMethod> methods) {
        for (SignInMethod method : methods) {
            if (!method.appliesTo(rc)) {
                continue;
            }
            if (!method.blocks(rc)) {
                rc.put(GatewayKeys.AUTHENTICATION, method.authenticate(rc));
                rc.next();
                return;
            }
            rc.request().pause(); // the check runs on a worker; keep the body until the request is forwarded
            vertx.executeBlocking(() -> method.authenticate(rc), false).onComplete(result -> {
                if (result.failed()) {
                    rc.fail(result.cause());
                    return;
                }
                rc.put(GatewayKeys.AUTHENTICATION, result.result());
                rc.next();
            });
            return;
        }
        rc.put(GatewayKeys.AUTHENTICATION, new Authentication.Anonymous());
        rc.next();
    }
}
