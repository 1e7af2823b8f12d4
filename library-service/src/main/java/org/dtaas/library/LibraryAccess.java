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
        refuseOthersCredentials(caller, path);
        return path;
    }

    /** The folder where the provisioner puts a user's service passwords ({@code .dtaas/services.*}). */
    public static final String CREDENTIALS_FOLDER = ".dtaas";

    /**
     * A user's platform-service passwords are theirs alone: not even an admin reads or changes them
     * through the library (an admin removes accounts through the provisioner instead).
     */
    public static boolean isOthersCredentials(Caller caller, LibraryPath path) {
        return !path.segments().isEmpty() && path.segments().get(0).equals(CREDENTIALS_FOLDER)
                && !caller.user().equals(path.owner());
    }

    private static void refuseOthersCredentials(Caller caller, LibraryPath path) {
        if (isOthersCredentials(caller, path)) {
            throw new AccessDeniedException(path.owner() + "'s " + CREDENTIALS_FOLDER + "/ holds their service passwords,"
                    + " which only they may read or change");
        }
    }

    /** Who is asking, for work that goes on after the request's thread (a streamed zip). */
    public Caller caller() {
        return caller.get();
    }

    /** Whether {@code caller} may have the file {@code relative} below {@code directory} (in a zip, say). */
    public static boolean mayHave(Caller caller, LibraryPath directory, String relative) {
        return !(directory.segments().isEmpty() && relative.startsWith(CREDENTIALS_FOLDER + "/")
                && !caller.user().equals(directory.owner()));
    }

    /** Who is writing: stores that keep history (GitLab) record it. */
    public String author() {
        return caller.get().user();
    }

    public LibraryPath writable(LibraryPath path) {
        if (!caller.get().mayWrite(path.owner())) {
            throw new AccessDeniedException(UserNamesHint.writeRefusal(path.owner()));
        }
        refuseOthersCredentials(caller.get(), path);
        return path;
    }
}
