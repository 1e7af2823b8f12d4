package org.dtaas.workspace.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The checks on a phase's program before a run, and the user who swaps a fifo in while they are made. */
class PhaseProgramTest {

    @TempDir
    Path twin;
    Path lifecycle;

    @BeforeEach
    void folders() throws Exception {
        lifecycle = Files.createDirectories(twin.resolve("lifecycle"));
    }

    @Test
    void eachUsualMistakeSaysHowToFixIt() throws Exception {
        assertMessage("execute", "does not exist in this twin");
        Files.writeString(lifecycle.resolve("execute"), "#!/bin/sh\necho hi\n");
        assertMessage("execute", "chmod +x");
        Files.writeString(lifecycle.resolve("create"), "echo no interpreter\n");
        executable(lifecycle.resolve("create"));
        assertMessage("create", "start a script with a #! line");
        mkfifo(lifecycle.resolve("clean"));
        assertMessage("clean", "is not a file");
        executable(lifecycle.resolve("execute"));
        assertEquals(lifecycle.resolve("execute").toRealPath(), PhaseProgram.of(twin, "execute"));
    }

    @Test
    void aFifoSwappedInWhileTheProgramIsCheckedIsNotWaitedFor() throws Exception {
        Path program = lifecycle.resolve("execute");
        Files.writeString(program, "#!/bin/sh\necho hi\n");
        executable(program);
        Path fifo = lifecycle.resolve("fifo");
        mkfifo(fifo);
        Path aside = lifecycle.resolve("aside");
        AtomicBoolean swapping = new AtomicBoolean(true);
        Thread swapper = new Thread(() -> {
            try {
                while (swapping.get()) { // the program and the fifo trade places, over and over
                    Files.move(program, aside, StandardCopyOption.ATOMIC_MOVE);
                    Files.move(fifo, program, StandardCopyOption.ATOMIC_MOVE);
                    Files.move(program, fifo, StandardCopyOption.ATOMIC_MOVE);
                    Files.move(aside, program, StandardCopyOption.ATOMIC_MOVE);
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        swapper.setDaemon(true);
        swapper.start();
        CompletableFuture<Integer> checks = CompletableFuture.supplyAsync(() -> {
            int runnable = 0;
            for (int i = 0; i < 100_000; i++) {
                try {
                    PhaseProgram.of(twin, "execute");
                    runnable++;
                } catch (PhaseProgram.NotRunnableException e) {
                    // a fifo or a missing program at the moment of the check: refused, at once
                }
            }
            return runnable;
        });
        try {
            int runnable = checks.get(60, TimeUnit.SECONDS);
            assertTrue(runnable > 0, "the program was found runnable between the swaps");
        } catch (TimeoutException stuck) {
            swapping.set(false);
            swapper.join();
            for (Path name : new Path[] {program, fifo}) {
                if (!Files.isRegularFile(name)) {
                    try (RandomAccessFile writer = new RandomAccessFile(name.toFile(), "rw")) {
                        // a writer for the stuck open: it returns
                    }
                }
            }
            fail("the check waited for a writer on a fifo swapped in for the program (a user could hold the thread for ever)");
        } finally {
            swapping.set(false);
            swapper.join();
        }
    }

    private void assertMessage(String phase, String expected) {
        PhaseProgram.NotRunnableException refused = assertThrows(PhaseProgram.NotRunnableException.class,
                () -> PhaseProgram.of(twin, phase));
        assertTrue(refused.getMessage().contains(expected), refused.getMessage());
    }

    private static void executable(Path file) throws Exception {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private static void mkfifo(Path path) throws Exception {
        assertEquals(0, new ProcessBuilder("mkfifo", path.toString()).start().waitFor());
    }
}
