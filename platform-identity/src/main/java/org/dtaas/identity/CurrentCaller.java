package org.dtaas.identity;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The caller of the current request, from the verified internal token. Services index this module
 * ({@code quarkus.index-dependency}) to get the bean; the gateway, which mints tokens, does not.
 */
@RequestScoped
public class CurrentCaller {

    @Inject
    JsonWebToken token;

    public Caller get() {
        return InternalToken.callerOf(token);
    }
}
