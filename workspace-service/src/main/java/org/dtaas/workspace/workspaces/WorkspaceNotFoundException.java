package org.dtaas.workspace.workspaces;

/** An operation named a workspace the backend cannot create (e.g. the user has no files folder). */
public class WorkspaceNotFoundException extends RuntimeException {
    public WorkspaceNotFoundException(String message) {
        super(message);
    }
}
