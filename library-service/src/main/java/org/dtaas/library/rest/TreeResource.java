package org.dtaas.library.rest;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.dtaas.library.Entry;
import org.dtaas.library.LibraryAccess;
import org.dtaas.library.LibraryPath;
import org.dtaas.library.NoSuchEntryException;
import org.dtaas.library.store.LibraryStore;

/** {@code GET /api/library/tree/{path}}: a directory listing; without a path, the roots the caller may open. */
@Path("/api/library/tree")
@Produces(MediaType.APPLICATION_JSON)
public class TreeResource {

    private final LibraryStore store;
    private final LibraryAccess access;

    public TreeResource(LibraryStore store, LibraryAccess access) {
        this.store = store;
        this.access = access;
    }

    @GET
    public List<Entry> roots() {
        return store.owners().stream().filter(access::mayRead)
                .map(owner -> new Entry(owner, Entry.DIRECTORY, 0, null)).toList();
    }

    @GET
    @Path("{path: .+}")
    public List<Entry> list(@PathParam("path") String path) {
        LibraryPath directory = access.readable(LibraryPath.parse(path));
        return store.list(directory).orElseThrow(() -> new NoSuchEntryException("no directory " + directory.display()));
    }
}
