package org.dtaas.workspace.workspaces;

import java.util.List;
import java.util.Map;

/** Creates, runs, watches and stops users' workspaces: on this machine or on Kubernetes. */
public interface WorkspaceBackend {

    /** {@code local} or {@code kubernetes}, shown in the status. */
    String name();

    WorkspaceStatus status(String user);

    /** Starts (or keeps) the workspace; returns at once with state {@code starting} or {@code running}. */
    WorkspaceStatus start(String user);

    /** Stops every process of the workspace; returns with state {@code stopping} or {@code stopped}. */
    WorkspaceStatus stop(String user);

    /** Workspaces that are not stopped. */
    List<WorkspaceStatus> all();

    /** The gateway's routes of every running workspace, by user. */
    Map<String, List<ToolRoute>> routes();
}
