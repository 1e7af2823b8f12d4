package org.dtaas.workspace.config;

import io.smallrye.config.ConfigMapping;

/** The workspace-service's settings. */
@ConfigMapping(prefix = "dtaas.workspace")
public interface WorkspaceConfig {

    /** The library folder holding {@code <owner>/digital twins/...}; default {@code $DTAAS_HOME/files}. */
    String filesPath();
}
