package org.dtaas.workspace.cluster;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Points the workspace-service under test at the {@link TestCluster}, authenticated as its own
 * ServiceAccount; the users of the contract suites get their home volumes ready to bind.
 */
public class OnTestCluster implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        TestCluster cluster = TestCluster.get();
        for (String user : new String[] {"carol", "dora", "mallory", "alice"}) {
            cluster.provideHome(user);
        }
        return cluster.serviceSettings();
    }

    @Override
    public void stop() {
        // the cluster is the JVM's (TestCluster stops it at exit)
    }
}
