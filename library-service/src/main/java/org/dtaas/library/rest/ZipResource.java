package org.dtaas.library.rest;

import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.dtaas.identity.Caller;
import org.dtaas.library.LibraryAccess;
import org.dtaas.library.LibraryPath;
import org.dtaas.library.NoSuchEntryException;
import org.dtaas.library.store.LibraryStore;

/**
 * {@code GET /api/library/zip/{path}}: a folder as a zip, written while it is sent (never built in
 * memory or on disk first). Entries are named relative to the folder, inside a top folder of its name.
 */
@Path("/api/library/zip")
public class ZipResource {

    private final LibraryStore store;
    private final LibraryAccess access;

    public ZipResource(LibraryStore store, LibraryAccess access) {
        this.store = store;
        this.access = access;
    }

    @GET
    @Path("{path: .+}")
    @Blocking
    public Response zip(@PathParam("path") String path) {
        LibraryPath directory = access.readable(LibraryPath.parse(path));
        if (store.list(directory).isEmpty()) {
            throw new NoSuchEntryException("no directory " + directory.display());
        }
        String top = directory.name();
        Caller who = access.caller();
        StreamingOutput body = out -> {
            try (ZipOutputStream zip = new ZipOutputStream(out)) {
                store.forEachFile(directory, (relative, file) -> {
                    if (!LibraryAccess.mayHave(who, directory, relative)) {
                        return; // another user's service passwords (an admin zipping their library)
                    }
                    ZipEntry entry = new ZipEntry(top + "/" + relative);
                    if (file.modified() != null) {
                        entry.setLastModifiedTime(java.nio.file.attribute.FileTime.from(file.modified()));
                    }
                    zip.putNextEntry(entry);
                    try (InputStream in = file.open()) {
                        in.transferTo(zip);
                    }
                    zip.closeEntry();
                });
            }
        };
        return Response.ok(body, "application/zip")
                .header("Content-Disposition", "attachment; filename*=UTF-8''"
                        + URLEncoder.encode(top + ".zip", StandardCharsets.UTF_8).replace("+", "%20"))
                .build();
    }
}
