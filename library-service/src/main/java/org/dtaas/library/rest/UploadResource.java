package org.dtaas.library.rest;

import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.dtaas.library.BadPathException;
import org.dtaas.library.LibraryAccess;
import org.dtaas.library.LibraryPath;
import org.dtaas.library.config.LibraryConfig;
import org.dtaas.library.store.LibraryStore;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/**
 * {@code POST /api/library/upload/{dir}}: the browser's multipart upload of one or more files into
 * a folder. Each file lands atomically under its own name (a path in the name is ignored: only the
 * last segment counts); the answer lists the stored paths.
 */
@Path("/api/library/upload")
public class UploadResource {

    /** What was stored, as library paths. */
    public record Uploaded(List<String> stored) {
    }

    private final LibraryStore store;
    private final LibraryAccess access;
    private final LibraryConfig config;

    public UploadResource(LibraryStore store, LibraryAccess access, LibraryConfig config) {
        this.store = store;
        this.access = access;
        this.config = config;
    }

    @POST
    @Path("{dir: .+}")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Produces(MediaType.APPLICATION_JSON)
    @Blocking
    public Uploaded upload(@PathParam("dir") String dir, @RestForm(FileUpload.ALL) List<FileUpload> files) {
        LibraryPath folder = access.writable(LibraryPath.parse(dir));
        if (files == null || files.isEmpty()) {
            throw new BadPathException("send the files as multipart/form-data parts with a file name");
        }
        List<LibraryPath> targets = new ArrayList<>();
        for (FileUpload file : files) {
            targets.add(LibraryPath.parse(folder.display() + "/" + lastSegment(file.fileName())));
        }
        String author = access.author();
        List<String> stored = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            try (InputStream body = Files.newInputStream(files.get(i).uploadedFile())) {
                store.write(targets.get(i), body, config.maxFileSize(), author);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            stored.add(targets.get(i).display());
        }
        return new Uploaded(stored);
    }

    private static String lastSegment(String fileName) {
        if (fileName == null || fileName.isBlank()) {
            throw new BadPathException("every uploaded part needs a file name");
        }
        String name = fileName.replace('\\', '/');
        return name.substring(name.lastIndexOf('/') + 1);
    }
}
