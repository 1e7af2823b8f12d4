package org.dtaas.workspace.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.dtaas.identity.testing.TestPlatformHome;
import org.dtaas.identity.testing.TestTokens;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One run per twin across replicas: the lock is a row in the shared database, so a twin that another
 * replica runs is refused here too, and a lock left by a run that ended without giving it back is taken over.
 */
@QuarkusTest
@QuarkusTestResource(TestPlatformHome.class)
class TwinLocksTest {

    @Inject
    TwinLocks locks;

    @Inject
    RunRepository runs;

    @BeforeAll
    static void twin() throws Exception {
        TwinFixture.phase("alice", "shared-twin", "execute", "#!/bin/sh\necho here\n");
    }

    /** A run as another replica records it: in the database, with the twin's lock, and no process here. */
    private Run elsewhere(RunStatus status) {
        Run run = new Run(UUID.randomUUID().toString(), "alice", "alice", "shared-twin", "alice/digital twins/shared-twin",
                "execute", status, null, null, Instant.now(), Instant.now(), null, null, null);
        runs.insert(run);
        return run;
    }

    @Test
    void aTwinAnotherReplicaRunsIsRefusedHere() throws Exception {
        Run other = elsewhere(RunStatus.RUNNING);
        assertEquals(Optional.empty(), locks.acquire("alice/shared-twin", other.id()));
        String message = RunsTest.start(TestTokens.bearer("alice"), "alice", "shared-twin", "execute", 409).getString("message");
        assertTrue(message.contains(other.id()), message);
        locks.release("alice/shared-twin", other.id());
        runs.save(other.ended(RunStatus.SUCCEEDED, 0, null, Instant.now()));
        String id = RunsTest.start(TestTokens.bearer("alice"), "alice", "shared-twin", "execute", 201).getString("id");
        assertEquals("succeeded", RunsTest.awaitEnd(TestTokens.bearer("alice"), id).getString("status"));
        assertEquals(Optional.empty(), locks.holder("alice/shared-twin"), "the run's end gives the twin back");
    }

    @Test
    void aLockLeftByARunThatEndedIsTakenOver() {
        Run ended = elsewhere(RunStatus.RUNNING);
        assertEquals(Optional.empty(), locks.acquire("alice/left-twin", ended.id()));
        runs.save(ended.ended(RunStatus.FAILED, null, "the replica crashed", Instant.now()));
        String next = UUID.randomUUID().toString();
        assertEquals(Optional.empty(), locks.acquire("alice/left-twin", next));
        assertEquals(Optional.of(next), locks.holder("alice/left-twin"));
        // a lock just taken whose run is not recorded yet (a start on another replica) is not stale
        assertEquals(Optional.of(next), locks.acquire("alice/left-twin", "a third"));
    }
}
