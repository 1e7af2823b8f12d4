package org.dtaas.library.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The library-service's settings (upstream lib microservice names in brackets). */
@ConfigMapping(prefix = "dtaas.library")
public interface LibraryConfig {

    /** Store backend: {@code local} (a folder) [MODE]. */
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
}
