package org.dtaas.workspace.workspaces;

/**
 * One browser tool of a workspace. {@code path} is where the browser opens it (through the gateway);
 * a tool that is not {@code available} says why and how to install it in {@code reason}.
 */
public record ToolStatus(String name, String title, String path, boolean available, boolean ready, String reason) {
}
