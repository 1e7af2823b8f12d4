package org.dtaas.workspace.workspaces;

import java.util.Map;

/**
 * One entry of the gateway's route table: requests under {@code prefix} (e.g. {@code /alice/tools/vnc/})
 * go to {@code url}, whose path replaces the prefix, with {@code headers} added (a tool's own access
 * token, so only requests through the gateway get in). Internal: never shown to users.
 */
public record ToolRoute(String prefix, String url, Map<String, String> headers) {
}
