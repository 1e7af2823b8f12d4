package org.dtaas.workspace.workspaces.local.network;

import java.util.Collection;
import java.util.List;
import org.dtaas.workspace.published.ListeningPorts;

/**
 * Every user's programs share the host's network (no namespaces here: not root, or
 * {@code DTAAS_USER_NETWORK=host}). They reach everything on the host's loopback, each other's tools
 * included: a port is the user's only when the listeners that answer 127.0.0.1 are all their processes'.
 */
public final class HostNetwork implements UserNetwork {

    @Override
    public String mode() {
        return "host";
    }

    @Override
    public List<String> enter(String user, List<String> command) {
        return command;
    }

    @Override
    public void expose(String user, int port) {
        // the tool listens on the host's loopback itself
    }

    @Override
    public void unexpose(String user, int port) {
        // nothing was opened
    }

    @Override
    public boolean owns(String user, int port, Collection<ProcessHandle> processes) {
        return ListeningPorts.ownedBy(port, processes);
    }

    @Override
    public int publish(String user, int port) {
        return port;
    }

    @Override
    public void release(String user) {
        // nothing was opened
    }
}
