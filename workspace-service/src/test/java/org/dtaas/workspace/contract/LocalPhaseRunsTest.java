package org.dtaas.workspace.contract;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.dtaas.identity.testing.TestPlatformHome;

/** The runner contract against local runs: each phase a real program in the sandbox, under its monitor. */
@QuarkusTest
@QuarkusTestResource(TestPlatformHome.class)
class LocalPhaseRunsTest extends PhaseRunsContract {
}
