package org.dtaas.library;

import jakarta.enterprise.context.ApplicationScoped;
import org.dtaas.identity.CurrentCaller;

/** Applies the platform's ownership rule ({@link org.dtaas.identity.Caller}) to library paths. */
@ApplicationScoped
public class LibraryAccess {

    private final CurrentCaller caller;

    public LibraryAccess(CurrentCaller caller) {
        this.caller = caller;
    }

    public boolean mayRead(String owner) {
        return caller.get().mayRead(owner);
    }

    public LibraryPath readable(LibraryPath path) {
        if (!caller.get().mayRead(path.owner())) {
            throw new AccessDeniedException("you may not read " + path.owner() + "'s library");
        }
        return path;
    }

    public LibraryPath writable(LibraryPath path) {
        if (!caller.get().mayWrite(path.owner())) {
            throw new AccessDeniedException(UserNamesHint.writeRefusal(path.owner()));
        }
        return path;
    }
}
