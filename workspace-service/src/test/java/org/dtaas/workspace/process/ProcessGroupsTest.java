package org.dtaas.workspace.process;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Which process a pid recorded before a restart still is: alive, and started when it was recorded. */
class ProcessGroupsTest {

    @Test
    void aProcessIsStillTheSameWhenAnotherJvmReadsItsStartASecondAway() throws Exception {
        Process sleeper = new ProcessBuilder("sleep", "30").start();
        try {
            long recorded = ProcessGroups.startMillis(sleeper.toHandle());
            // the boot time Java adds is whole seconds of the wall clock: another JVM may see +-1 s
            assertTrue(ProcessGroups.stillRunning(sleeper.pid(), recorded + 1000).isPresent());
            assertTrue(ProcessGroups.stillRunning(sleeper.pid(), recorded - 1000).isPresent());
            assertTrue(ProcessGroups.stillRunning(sleeper.pid(), null).isPresent(), "no start recorded: any");
            assertFalse(ProcessGroups.stillRunning(sleeper.pid(), recorded - 60_000).isPresent(),
                    "a pid used again by a process started a minute later is not the recorded one");
        } finally {
            sleeper.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
        assertFalse(ProcessGroups.stillRunning(sleeper.pid(), null).isPresent(), "ended");
    }
}
