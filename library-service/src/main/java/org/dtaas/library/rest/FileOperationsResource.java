package org.dtaas.library.rest;

import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.dtaas.library.BadPathException;
import org.dtaas.library.LibraryAccess;
import org.dtaas.library.LibraryPath;
import org.dtaas.library.store.LibraryStore;

/** Folder creation, deletion and moves: {@code /api/library/dirs}, {@code /files}, {@code /move}. */
@Path("/api/library")
public class FileOperationsResource {

    /** The body of a move: library paths as clients write them. */
    public record Move(String from, String to) {
    }

    /** The body of a mode change. */
    public record Mode(Boolean executable) {
    }

    private final LibraryStore store;
    private final LibraryAccess access;
    private final org.dtaas.library.store.LibraryCopier copier;

    public FileOperationsResource(LibraryStore store, LibraryAccess access, org.dtaas.library.store.LibraryCopier copier) {
        this.store = store;
        this.access = access;
        this.copier = copier;
    }

    /**
     * Copies a file or folder on the server ({@code {"from","to"}}): from anything you may read (common/,
     * your own tree) into your own tree; 201 with what was made, 409 when the target exists.
     */
    @POST
    @Path("copy")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Blocking
    public Response copy(Move copy) {
        if (copy == null || copy.from() == null || copy.to() == null) {
            throw new BadPathException("send {\"from\": \"common/digital twins/incubator\", \"to\": \"alice/digital twins/incubator\"}");
        }
        LibraryPath from = access.readable(LibraryPath.parse(copy.from()));
        LibraryPath to = access.writable(LibraryPath.parse(copy.to()));
        return Response.status(201).entity(copier.copy(access.caller(), from, to, access.author())).build();
    }

    @POST
    @Path("dirs/{path: .+}")
    @Blocking
    public Response mkdir(@PathParam("path") String path) {
        boolean created = store.mkdir(access.writable(LibraryPath.parse(path)), access.author());
        return Response.status(created ? 201 : 204).build();
    }

    @DELETE
    @Path("files/{path: .+}")
    @Blocking
    public Response delete(@PathParam("path") String path) {
        store.delete(access.writable(LibraryPath.parse(path)), access.author());
        return Response.noContent().build();
    }

    /** Makes a file executable or not ({@code {"executable": true|false}}): a twin's lifecycle programs must be. */
    @POST
    @Path("mode/{path: .+}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Blocking
    public java.util.Map<String, Object> mode(@PathParam("path") String path, Mode mode) {
        if (mode == null || mode.executable() == null) {
            throw new BadPathException("send {\"executable\": true} or {\"executable\": false}");
        }
        LibraryPath file = access.writable(LibraryPath.parse(path));
        store.setExecutable(file, mode.executable(), access.author());
        return java.util.Map.of("path", file.display(), "executable", mode.executable());
    }

    @POST
    @Path("move")
    @Consumes(MediaType.APPLICATION_JSON)
    @Blocking
    public Response move(Move move) {
        if (move == null || move.from() == null || move.to() == null) {
            throw new BadPathException("send {\"from\": \"alice/data/a.csv\", \"to\": \"alice/data/b.csv\"}");
        }
        store.move(access.writable(LibraryPath.parse(move.from())), access.writable(LibraryPath.parse(move.to())), access.author());
        return Response.noContent().build();
    }
}
