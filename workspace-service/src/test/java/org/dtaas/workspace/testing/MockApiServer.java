package org.dtaas.workspace.testing;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.vertx.core.http.HttpClosedException;

/** What tests do on fabric8's mock Kubernetes API server when they play the cluster's part. */
public final class MockApiServer {

    private MockApiServer() {
    }

    /**
     * Runs an idempotent call the test makes as the cluster (a status update), again when the mock
     * server closed the kept-alive connection just as the client sent on it: a fresh-clone CI run failed
     * with "Connection was closed" on a status PUT that the server's log shows answered 200.
     */
    public static void asTheCluster(Runnable call) {
        for (int attempt = 1; ; attempt++) {
            try {
                call.run();
                return;
            } catch (KubernetesClientException e) {
                if (attempt == 3 || !(e.getCause() instanceof HttpClosedException)) {
                    throw e;
                }
            }
        }
    }
}
