package org.dtaas.library.graphql;

import java.util.List;

/**
 * The values behind {@code graphql/library.graphqls}: the upstream DTaaS lib microservice's types,
 * which mimic GitLab's {@code project.repository}. graphql-java reads each field through the record
 * accessor of the same name.
 */
public final class GitLabShapes {

    private GitLabShapes() {
    }

    public record Project(Repository repository) {
    }

    public record Repository(Tree tree, RepositoryBlobConnection blobs) {
    }

    public record Tree(BlobConnection blobs, TreeConnection trees) {
    }

    public record BlobConnection(List<BlobEdge> edges) {
    }

    public record TreeConnection(List<TreeEdge> edges) {
    }

    public record BlobEdge(Blob node) {
    }

    public record TreeEdge(TreeEntry node) {
    }

    public record Blob(String name, String type, Long size, String modified, String path, String kind) {
    }

    public record TreeEntry(String name, String type, String modified, String path, String kind) {
    }

    public record RepositoryBlobConnection(List<RepositoryBlob> nodes) {
    }

    public record RepositoryBlob(String name, String rawBlob, String rawTextBlob, String encoding, Long size) {
    }
}
