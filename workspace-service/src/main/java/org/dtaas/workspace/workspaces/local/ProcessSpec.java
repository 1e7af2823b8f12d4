package org.dtaas.workspace.workspaces.local;

import java.util.List;
import java.util.Map;

/** One long-running program of a tool (the tool's server, a display, a VNC bridge). */
record ProcessSpec(String name, List<String> command, Map<String, String> environment) {
}
