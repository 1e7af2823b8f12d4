package org.dtaas.library.rest;

import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.dtaas.library.LibraryAccess;
import org.dtaas.library.LibraryPath;
import org.dtaas.library.NoSuchEntryException;
import org.dtaas.library.config.LibraryConfig;
import org.dtaas.library.store.FileContent;
import org.dtaas.library.store.LibraryStore;
import org.dtaas.library.store.WriteLimitExceededException;

/**
 * {@code /api/library/raw/{path}}: file bytes. GET streams the opened file (one range when asked);
 * PUT streams the request body into a hidden temporary file and renames it into place.
 */
@Path("/api/library/raw")
public class RawFileResource {

    private final LibraryStore store;
    private final LibraryAccess access;
    private final LibraryConfig config;

    public RawFileResource(LibraryStore store, LibraryAccess access, LibraryConfig config) {
        this.store = store;
        this.access = access;
        this.config = config;
    }

    @GET
    @Path("{path: .+}")
    @Blocking
    public Response download(@PathParam("path") String path, @HeaderParam("Range") String range) {
        FileContent file = existing(path);
        try {
            Optional<ByteRange> part = ByteRange.parse(range, file.size());
            Response.ResponseBuilder response = part
                    .map(r -> Response.status(206).entity(sent(file, r.offset(), r.length()))
                            .header("Content-Range", r.contentRange(file.size())))
                    .orElseGet(() -> Response.ok(sent(file, 0, file.size())));
            long length = part.map(ByteRange::length).orElse(file.size());
            return withFileHeaders(response, file).header(HttpHeaders.CONTENT_LENGTH, length).build();
        } catch (RuntimeException e) {
            closeQuietly(file);
            throw e;
        }
    }

    /**
     * Exactly {@code length} bytes of the file that was opened (and described), then the file is closed.
     * The length is declared before the body: should the file shrink meanwhile, the send fails and the
     * connection is closed, so no pooled connection is ever left with a byte too many or too few.
     */
    private static StreamingOutput sent(FileContent file, long offset, long length) {
        return out -> {
            try (file; InputStream in = file.open(offset, length)) {
                byte[] buffer = new byte[64 * 1024];
                long left = length;
                for (int n; left > 0 && (n = in.read(buffer, 0, (int) Math.min(buffer.length, left))) > 0; left -= n) {
                    out.write(buffer, 0, n);
                }
                if (left > 0) {
                    throw new java.io.IOException(file.name() + " shrank while it was sent; the answer is cut off");
                }
            }
        };
    }

    private static void closeQuietly(FileContent file) {
        try {
            file.close();
        } catch (java.io.IOException ignored) {
            // nothing was sent from it
        }
    }

    @HEAD
    @Path("{path: .+}")
    @Blocking
    public Response describe(@PathParam("path") String path) {
        FileContent file = existing(path);
        closeQuietly(file);
        return withFileHeaders(Response.ok(), file).header(HttpHeaders.CONTENT_LENGTH, file.size()).build();
    }

    @PUT
    @Path("{path: .+}")
    @Consumes("*/*")
    @Blocking
    public Response upload(@PathParam("path") String path, @HeaderParam(HttpHeaders.CONTENT_LENGTH) Long length,
            InputStream body) {
        LibraryPath target = access.writable(LibraryPath.parse(path));
        long limit = config.maxFileSize();
        if (length != null && length > limit) {
            throw new WriteLimitExceededException(limit); // refuse before a byte is stored
        }
        boolean created = store.write(target, body, limit, access.author());
        return Response.status(created ? 201 : 204).build();
    }

    private FileContent existing(String path) {
        LibraryPath file = access.readable(LibraryPath.parse(path));
        return store.file(file).orElseThrow(() -> new NoSuchEntryException("no file " + file.display()));
    }

    private static Response.ResponseBuilder withFileHeaders(Response.ResponseBuilder response, FileContent file) {
        return response.type(ContentTypes.of(file.name()))
                .header("Accept-Ranges", "bytes")
                .header("Last-Modified", file.modified() == null ? null : java.util.Date.from(file.modified()))
                .header("X-Content-Type-Options", "nosniff")
                .header("Content-Security-Policy", "sandbox")
                .header("Content-Disposition", "inline; filename*=UTF-8''"
                        + URLEncoder.encode(file.name(), StandardCharsets.UTF_8).replace("+", "%20"));
    }
}
