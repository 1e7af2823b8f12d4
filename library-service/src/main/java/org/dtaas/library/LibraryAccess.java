package org.dtaas.library;

import jakarta.enterprise.context.ApplicationScoped;
import org.dtaas.identity.Caller;
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
        return readable(caller.get(), path);
    }

    /** For work that runs off the request's thread: the caller was taken while the request was at hand. */
    public static LibraryPath readable(Caller caller, LibraryPath path) {
        if (!caller.mayRead(path.owner())) {
            throw new AccessDeniedException("you may not read " + path.owner() + "'s library");
        }
        return path;
    }

    /** Who is writing: stores that keep history (GitLab) record it. */
    public String author() {
        return caller.get().user();
    }

    public LibraryPath writable(LibraryPath path) {
        if (!caller.get().mayWrite(path.owner())) {
            throw new AccessDeniedException(UserNamesHint.writeRefusal(path.owner()));
        }
        return path;
    }
}
