package org.dtaas.gateway.identity;

import org.dtaas.identity.Caller;

/** What the gateway made of a request's credentials. */
public sealed interface Authentication {

    /** No credentials were sent. */
    record Anonymous() implements Authentication {
    }

    /** Valid credentials; {@code viaCookie} marks browser sessions, which need CSRF protection. */
    record SignedIn(Caller caller, boolean viaCookie) implements Authentication {
    }

    /** Credentials were sent but refused: wrong (401) or too many failures (429, with a wait). */
    record Refused(int status, String reason, long retryAfterSeconds) implements Authentication {
    }
}
