package org.dtaas.library.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/** The library-service's settings (upstream lib microservice names in brackets). */
@ConfigMapping(prefix = "dtaas.library")
public interface LibraryConfig {

    /** Store backend: {@code local} (a folder) or {@code gitlab} (a GitLab group) [MODE]. */
    @WithDefault("local")
    String mode();

    /** The folder holding {@code <owner>/...} trees [LOCAL_PATH]; default {@code $DTAAS_HOME/files}. */
    String localPath();

    /** The largest file an upload may store, in bytes (default 10 GB, the seed's target). */
    @WithDefault("10000000000")
    long maxFileSize();

    /** The largest file {@code readFile} returns inline over GraphQL; larger ones are read over REST. */
    @WithDefault("16777216")
    long graphqlMaxFileSize();

    /** Deepest GraphQL query accepted (the upstream shapes need 7). */
    @WithDefault("12")
    int graphqlMaxDepth();

    /** Largest GraphQL query complexity accepted (one field counts one); stops alias floods. */
    @WithDefault("400")
    int graphqlMaxComplexity();

    /**
     * The largest GraphQL request body, in bytes: 413 above it, as upstream libms (its body parser's
     * 100 kB). A query is text a client writes; nothing legitimate comes near.
     */
    @WithDefault("102400")
    int graphqlMaxBodyBytes();

    /** Whether {@code GET /lib} opens the GraphQL console [GRAPHQL_PLAYGROUND]. */
    @WithDefault("true")
    boolean graphqlPlayground();

    /**
     * The folder of twin templates a new twin starts from (one folder each, with README.md and
     * lifecycle/); {@code ./dtaas up} sets it to the installation's {@code examples/digital twins}.
     * Without it, no templates are offered.
     */
    Optional<String> twinTemplates();

    /** MODE=gitlab settings. */
    GitLab gitlab();

    /** A GitLab group holding one project per user plus {@code commons} (the upstream's layout). */
    interface GitLab {

        /** The GitLab server, e.g. {@code https://gitlab.example.org} [GITLAB_URL]. */
        Optional<String> url();

        /** The group's full path [GITLAB_GROUP]. */
        @WithDefault("dtaas")
        String group();

        /** An access token with the api scope on the group [TOKEN]. */
        Optional<String> token();

        /** The branch read and committed to. */
        @WithDefault("main")
        String branch();

        /** The project that holds {@code common/}. */
        @WithDefault("commons")
        String commonProject();

        /**
         * The largest file written through GitLab's commit API, which takes the content inline as
         * base64 in one JSON body (so the service must hold it): bigger uploads get a 413.
         */
        @WithDefault("16777216")
        long maxCommitBytes();

        /** Commit authors are {@code <user>@<this domain>}. */
        @WithDefault("users.noreply.dtaas")
        String authorEmailDomain();
    }
}
