package org.dtaas.workspace.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Settings of digital twin lifecycle runs. */
@ConfigMapping(prefix = "dtaas.runs")
public interface RunsConfig {

    /**
     * Where runs are kept [DTAAS_DB_URL]: {@code jdbc:h2:file:...} (default, in DTAAS_HOME/db) or
     * {@code jdbc:postgresql://host:5432/dtaas}.
     */
    String dbUrl();

    /** Database user [DTAAS_DB_USER]. */
    Optional<String> dbUser();

    /** Database password [DTAAS_DB_PASSWORD]. */
    Optional<String> dbPassword();

    /** Largest number of pooled database connections. */
    @WithDefault("8")
    int dbPoolSize();

    /** Folder of the run logs, one {@code <run id>.log} each. */
    String logsPath();

    /** A run still going after this long is stopped and marked failed [DTAAS_RUN_TIMEOUT]. */
    @WithDefault("PT1H")
    Duration timeout();

    /** How long a cancelled run gets between SIGTERM and SIGKILL. */
    @WithDefault("PT5S")
    Duration stopGrace();

    /** A log above this many bytes keeps its newest half (the tail matters most). */
    @WithDefault("16777216")
    long logMaxBytes();

    /** Where phase programs run [DTAAS_RUNS_BACKEND]: {@code local} (the default) or {@code kubernetes} (Jobs). */
    @WithDefault("local")
    String backend();

    /** How many runs a twin's history returns. */
    @WithDefault("100")
    int historyLimit();
}
