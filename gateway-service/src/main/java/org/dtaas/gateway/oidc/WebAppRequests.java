package org.dtaas.gateway.oidc;

import io.quarkus.oidc.JavaScriptRequestChecker;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Singleton;

/**
 * The web app's API calls (they send X-Requested-With) must not be redirected to the provider when
 * their OIDC session has expired: a fetch cannot follow a redirect to another site. quarkus-oidc
 * answers them 499 instead (java-script-auto-redirect=false), and the web app shows its login page.
 */
@Singleton
public class WebAppRequests implements JavaScriptRequestChecker {

    @Override
    public boolean isJavaScriptRequest(RoutingContext context) {
        return context.request().getHeader("X-Requested-With") != null;
    }
}
