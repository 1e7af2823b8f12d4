package org.dtaas.workspace.contract;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.dtaas.identity.testing.TestPlatformHome;

/** The spawner contract against the local backend: real tools in the sandbox, started and stopped. */
@QuarkusTest
@QuarkusTestResource(TestPlatformHome.class)
class LocalWorkspaceSpawningTest extends WorkspaceSpawningContract {

    @Override
    protected String backend() {
        return "local";
    }
}
