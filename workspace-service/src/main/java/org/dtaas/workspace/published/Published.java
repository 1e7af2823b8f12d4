package org.dtaas.workspace.published;

import java.time.Instant;

/** A port of a user's running workspace published at {@code /shared/<name>/}; a token hash, or public. */
public record Published(String name, String owner, int port, String tokenHash, Instant createdAt) {

    public boolean isPublic() {
        return tokenHash == null;
    }
}
