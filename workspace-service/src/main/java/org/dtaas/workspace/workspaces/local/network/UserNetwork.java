package org.dtaas.workspace.workspaces.local.network;

import java.io.IOException;
import java.util.Collection;
import java.util.List;

/**
 * Where a user's programs on this machine are on the network, and how the platform reaches them. The
 * gateway connects to tools and published servers on the host's {@code 127.0.0.1:<port>}; what answers
 * there is decided here. Implementations: {@link NamespaceNetwork} (each user in a network namespace of
 * their own) and {@link HostNetwork} (everyone shares the host's), chosen by {@code DTAAS_USER_NETWORK}
 * ({@link UserNetworks}).
 */
public interface UserNetwork {

    /** For the status: "namespace" or "host". */
    String mode();

    /** {@code command} as started inside {@code user}'s network (the same process: nothing is forked on the way). */
    List<String> enter(String user, List<String> command) throws IOException;

    /** The host's 127.0.0.1:{@code port} reaches {@code user}'s 127.0.0.1:{@code port} (a tool's port from now on). */
    void expose(String user, int port) throws IOException;

    /** Undoes {@link #expose}. */
    void unexpose(String user, int port);

    /**
     * Is {@code port} the user's: does a program of theirs listen there, and only theirs? {@code processes}:
     * the user's programs where the network cannot tell by itself (shared host network).
     */
    boolean owns(String user, int port, Collection<ProcessHandle> processes);

    /** The host port where the gateway reaches {@code user}'s published {@code port} (kept until {@link #release}). */
    int publish(String user, int port) throws IOException;

    /** The user's workspace stopped: what {@link #publish} opened closes. */
    void release(String user);
}
