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
}
