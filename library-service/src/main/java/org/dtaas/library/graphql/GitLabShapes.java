package org.dtaas.library.graphql;

import java.util.List;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;

/**
 * The response types of the upstream DTaaS lib microservice, which mimics GitLab's
 * {@code project.repository} so that one client works against both. Names and nesting are the
 * upstream's; fields marked "DTaaS" are additions that upstream clients never ask for.
 */
public final class GitLabShapes {

    private GitLabShapes() {
    }

    @Name("Project")
    public record Project(@NonNull Repository repository) {
    }

    @Name("Repository")
    public record Repository(@NonNull Tree tree, @NonNull RepositoryBlobConnection blobs) {
    }

    @Name("Tree")
    public record Tree(@NonNull BlobConnection blobs, @NonNull TreeConnection trees) {
    }

    @Name("BlobConnection")
    public record BlobConnection(@NonNull List<@NonNull BlobEdge> edges) {
    }

    @Name("TreeConnection")
    public record TreeConnection(@NonNull List<@NonNull TreeEdge> edges) {
    }

    @Name("BlobEdge")
    public record BlobEdge(@NonNull Blob node) {
    }

    @Name("TreeEdge")
    public record TreeEdge(@NonNull TreeEntry node) {
    }

    @Name("Blob")
    public record Blob(@NonNull String name, @NonNull String type,
            @Description("DTaaS: size in bytes") Long size,
            @Description("DTaaS: last change, ISO-8601") String modified) {
    }

    @Name("TreeEntry")
    public record TreeEntry(@NonNull String name, @NonNull String type,
            @Description("DTaaS: last change, ISO-8601") String modified) {
    }

    @Name("RepositoryBlobConnection")
    public record RepositoryBlobConnection(@NonNull List<@NonNull RepositoryBlob> nodes) {
    }

    @Name("RepositoryBlob")
    public record RepositoryBlob(@NonNull String name, @NonNull String rawBlob, @NonNull String rawTextBlob,
            @Description("DTaaS: 'utf-8' (rawBlob is the text) or 'base64' (rawBlob is the bytes in base64, rawTextBlob empty)")
            String encoding,
            @Description("DTaaS: size in bytes") Long size) {
    }
}
