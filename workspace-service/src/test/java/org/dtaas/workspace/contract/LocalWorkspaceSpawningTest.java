package org.dtaas.workspace.contract;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import org.dtaas.identity.testing.TestPlatformHome;
import org.junit.jupiter.api.BeforeAll;

/** The spawner contract against the local backend: real tools in the sandbox, started and stopped. */
@QuarkusTest
@QuarkusTestResource(TestPlatformHome.class)
class LocalWorkspaceSpawningTest extends WorkspaceSpawningContract {

    @BeforeAll
    static void library() throws Exception {
        Files.createDirectories(TestPlatformHome.files().resolve(USER).resolve("data"));
    }

    @Override
    protected String backend() {
        return "local";
    }
}
