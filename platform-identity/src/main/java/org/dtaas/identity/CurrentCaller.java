package org.dtaas.identity;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The caller of the current request, from the verified internal token. Services get the bean from this
 * module's index; the gateway, which mints tokens and verifies none, excludes it.
 */
@RequestScoped
public class CurrentCaller {

    @Inject
    JsonWebToken token;

    public Caller get() {
        return InternalToken.callerOf(token);
    }
}
