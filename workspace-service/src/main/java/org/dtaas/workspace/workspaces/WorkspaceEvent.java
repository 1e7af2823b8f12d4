package org.dtaas.workspace.workspaces;

import java.time.Instant;

/** Something that happened to a workspace the user should know about (a tool crashed and came back). */
public record WorkspaceEvent(Instant at, String message) {
}
