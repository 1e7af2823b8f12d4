package org.dtaas.workspace.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.dtaas.workspace.run.Run;

/**
 * One server-sent event of a followed log: {@code {"text": "..."}} for output (any number of
 * lines, exactly as written), then {@code {"end": {run}}} once the run has ended.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LogEvent(String text, Run end) {

    static LogEvent text(String text) {
        return new LogEvent(text, null);
    }

    static LogEvent end(Run run) {
        return new LogEvent(null, run);
    }
}
