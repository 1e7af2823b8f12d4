package org.dtaas.workspace.workspaces.local.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.dtaas.files.UnixAccounts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Per-user limits against the machine's real control groups (where the kernel offers them): a memory
 * hog is killed at its user's limit, a fork bomb stops at its user's task limit, and another user's
 * program meanwhile runs as usual.
 */
class ResourceLimitsTest {

    private static final Path CGROUPS = Path.of("/sys/fs/cgroup");
    private static final UserLimits SMALL = new UserLimits(64L << 20, 32, 100);
    private final String group = "dtaas-test-" + UUID.randomUUID().toString().substring(0, 8);

    @TempDir
    Path fake;

    @AfterEach
    void removeGroups() throws Exception {
        for (String controller : List.of("memory", "pids", "cpu", "")) {
            Path installation = CGROUPS.resolve(controller).resolve(group);
            if (Files.isDirectory(installation)) {
                try (var users = Files.list(installation)) {
                    for (Path user : users.filter(Files::isDirectory).toList()) {
                        removeWhenEmpty(user);
                    }
                }
                Files.deleteIfExists(installation);
            }
        }
    }

    /** rmdir of a cgroup, once the processes that were in it are gone (killed ones linger a moment). */
    private static void removeWhenEmpty(Path group) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            for (String pid : Files.readAllLines(group.resolve("cgroup.procs"))) {
                ProcessHandle.of(Long.parseLong(pid.strip())).ifPresent(ProcessHandle::destroyForcibly);
            }
            try {
                Files.deleteIfExists(group);
                return;
            } catch (java.nio.file.FileSystemException busy) {
                if (System.nanoTime() > deadline) {
                    throw busy;
                }
                Thread.sleep(100);
            }
        }
    }

    @Test
    void sizesAreReadAsPeopleWriteThem() {
        assertEquals(4L << 30, UserLimits.bytes("4G"));
        assertEquals(512L << 20, UserLimits.bytes("512m"));
        assertEquals(1000, UserLimits.bytes("1000"));
        assertThrows(IllegalArgumentException.class, () -> UserLimits.bytes("lots"));
        assertThrows(IllegalArgumentException.class, () -> UserLimits.bytes("-1G"));
    }

    @Test
    void aMemoryHogIsKilledAtItsUsersLimitWhileAnotherUserRunsOn() throws Exception {
        ResourceLimits limits = usableV1();
        Process hog = start(limits, "alice", "python3", "-c", "b = bytearray(200 * 1024 * 1024); print('allocated')");
        Process other = start(limits, "bob", "python3", "-c", "b = bytearray(16 * 1024 * 1024); print('fine')");
        assertTrue(hog.waitFor(60, TimeUnit.SECONDS));
        assertNotEquals(0, hog.exitValue(), "alice's 200 MiB do not fit in 64 MiB");
        assertTrue(!output(hog).contains("allocated"));
        assertTrue(other.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, other.exitValue(), "bob is not held to alice's use");
        assertTrue(output(other).contains("fine"));
    }

    @Test
    void aForkBombStopsAtItsUsersTaskLimit() throws Exception {
        ResourceLimits limits = usableV1();
        assumeTrue(limits.status().processes() != null, "the pids controller is there");
        Process bomb = start(limits, "alice", "/bin/sh", "-c",
                "for i in $(seq 1 200); do sleep 2 & done 2>/dev/null; wait; echo done");
        assertTrue(bomb.waitFor(60, TimeUnit.SECONDS));
        Path hierarchy = "cgroup v1".equals(limits.status().mechanism()) ? CGROUPS.resolve("pids") : CGROUPS;
        String events = Files.readString(hierarchy.resolve(group).resolve("alice/pids.events"));
        long refused = Long.parseLong(events.replaceAll("(?s).*max (\\d+).*", "$1"));
        assertTrue(refused > 0, "forks beyond 32 tasks were refused: " + events);
        Process other = start(limits, "bob", "/bin/sh", "-c", "sleep 0.1 & wait; echo fine");
        assertTrue(other.waitFor(30, TimeUnit.SECONDS));
        assertTrue(output(other).contains("fine"), "bob forks as usual");
    }

    @Test
    void cgroupV2FilesAreWrittenForEachUser() throws Exception {
        Files.writeString(fake.resolve("cgroup.controllers"), "cpuset cpu io memory pids\n");
        Files.writeString(fake.resolve("cgroup.subtree_control"), "");
        ResourceLimits limits = CgroupLimits.v2(fake, "dtaas-abc", SMALL).orElseThrow();
        List<String> wrapped = limits.wrap("alice", List.of("/bin/true"));
        Path alice = fake.resolve("dtaas-abc/alice");
        assertEquals(Long.toString(64L << 20), Files.readString(alice.resolve("memory.max")));
        assertEquals("32", Files.readString(alice.resolve("pids.max")));
        assertEquals("100", Files.readString(alice.resolve("cpu.weight")));
        assertEquals("+memory +pids +cpu", Files.readString(fake.resolve("dtaas-abc/cgroup.subtree_control")));
        assertEquals(List.of("/bin/sh", "-c", CgroupLimits.JOIN, "dtaas-limits", alice.resolve("cgroup.procs").toString(), "--",
                "/bin/true"), wrapped);
        assertEquals("cgroup v2", limits.status().mechanism());
        assertThrows(IllegalArgumentException.class, () -> limits.wrap("../x", List.of("/bin/true")));
    }

    @Test
    void withoutCgroupsOwnAccountsStillLimitProcesses() {
        ResourceLimits limits = ResourceLimitsFactory.of("rlimits", fake, "dtaas-abc", SMALL, UnixAccounts.none());
        assertEquals(List.of("/usr/bin/prlimit", "--nproc=32:32", "--", "/bin/true"), limits.wrap("alice", List.of("/bin/true")));
        assertEquals("none", ResourceLimitsFactory.of("off", fake, "g", SMALL, UnixAccounts.none()).status().mechanism());
        assertThrows(IllegalArgumentException.class, () -> ResourceLimitsFactory.of("maybe", fake, "g", SMALL, UnixAccounts.none()));
    }

    private ResourceLimits usableV1() {
        assumeTrue(UnixAccounts.runsAsRoot(), "control groups need root");
        return CgroupLimits.v1(CGROUPS, group, SMALL).or(() -> CgroupLimits.v2(CGROUPS, group, SMALL))
                .orElseThrow(() -> new org.opentest4j.TestAbortedException("no writable control groups here"));
    }

    private static Process start(ResourceLimits limits, String user, String... command) throws IOException {
        return new ProcessBuilder(limits.wrap(user, List.of(command))).redirectErrorStream(true).start();
    }

    private static String output(Process process) throws IOException {
        return new String(process.getInputStream().readAllBytes());
    }
}
