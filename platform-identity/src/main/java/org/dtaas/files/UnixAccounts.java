package org.dtaas.files;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import org.dtaas.identity.UserNames;

/**
 * The unprivileged Unix account each library owner (a user, or {@code common}) has on this machine: the
 * uid (and gid, the same number) their workspace tools and runs execute as, and that owns their files,
 * so that the kernel keeps one user's code away from other users' files and the platform's. The
 * accounts are numbers the platform allocates (from {@code base}, by default 200000) and records in
 * {@code $DTAAS_HOME/config/unix-accounts} ("name uid" lines), never entries in the host's
 * {@code /etc/passwd}; every service of one installation reads the same file.
 * <p>
 * Only a service running as root can run code as another account: otherwise (and with
 * {@code DTAAS_UNIX_ACCOUNTS=off}) there are none, and everything runs as the service's own account.
 */
public final class UnixAccounts {

    public static final int DEFAULT_BASE = 200_000;
    private static final int RANGE = 1_000_000;
    /** One JVM's allocations in one file go one at a time (a FileLock is per process). */
    private static final Map<Path, Object> LOCKS = new ConcurrentHashMap<>();

    private final Path file;
    private final int base;
    private final boolean enabled;
    private final Map<String, Integer> known = new ConcurrentHashMap<>();

    private UnixAccounts(Path file, int base, boolean enabled) {
        this.file = file;
        this.base = base;
        this.enabled = enabled;
    }

    /**
     * The accounts of the installation at {@code home}. {@code mode}: {@code auto} (on when this
     * process is root), {@code on} (fails when it is not) or {@code off}.
     */
    public static UnixAccounts of(Path home, String mode, int base) {
        boolean root = runsAsRoot();
        boolean enabled = switch (mode) {
            case "off" -> false;
            case "auto" -> root;
            case "on" -> {
                if (!root) {
                    throw new IllegalStateException("DTAAS_UNIX_ACCOUNTS=on needs the service to run as root"
                            + " (it starts users' code as their own accounts); use auto or off");
                }
                yield true;
            }
            default -> throw new IllegalArgumentException("DTAAS_UNIX_ACCOUNTS is '" + mode + "'; use auto, on or off");
        };
        return new UnixAccounts(home.resolve("config").resolve("unix-accounts"), base, enabled);
    }

    /** No accounts: everything runs as the service's own (tests of code that needs none). */
    public static UnixAccounts none() {
        return new UnixAccounts(Path.of("/nonexistent"), DEFAULT_BASE, false);
    }

    public boolean enabled() {
        return enabled;
    }

    /** {@code owner}'s uid (= gid), allocated the first time; empty when accounts are off. */
    public OptionalInt uidOf(String owner) {
        if (!enabled) {
            return OptionalInt.empty();
        }
        if (!UserNames.isValidOwner(owner)) {
            throw new IllegalArgumentException("not a library owner: " + owner);
        }
        Integer uid = known.get(owner);
        if (uid != null) {
            return OptionalInt.of(uid);
        }
        try {
            return OptionalInt.of(allocate(owner));
        } catch (IOException e) {
            throw new UncheckedIOException("the Unix accounts file " + file + " cannot be used: " + e.getMessage(), e);
        }
    }

    private int allocate(String owner) throws IOException {
        synchronized (LOCKS.computeIfAbsent(file.toAbsolutePath().normalize(), f -> new Object())) {
            Files.createDirectories(file.getParent());
            Path lockFile = file.resolveSibling(file.getFileName() + ".lock");
            try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock lock = channel.lock()) {
                Map<String, Integer> recorded = read();
                known.putAll(recorded);
                Integer uid = recorded.get(owner);
                if (uid != null) {
                    return uid;
                }
                int next = recorded.values().stream().mapToInt(Integer::intValue).max().orElse(base - 1) + 1;
                if (next >= base + RANGE) {
                    throw new IOException("no uid left in " + base + ".." + (base + RANGE - 1));
                }
                recorded.put(owner, next);
                write(recorded);
                known.put(owner, next);
                return next;
            }
        }
    }

    private Map<String, Integer> read() throws IOException {
        Map<String, Integer> accounts = new HashMap<>();
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String[] parts = line.strip().split("\\s+");
                if (parts.length == 2 && UserNames.isValidOwner(parts[0])) {
                    accounts.put(parts[0], Integer.parseInt(parts[1]));
                }
            }
        } catch (NoSuchFileException e) {
            // none yet
        }
        return accounts;
    }

    private void write(Map<String, Integer> accounts) throws IOException {
        StringBuilder text = new StringBuilder("# name uid: the Unix account each library owner's code runs as (DTaaS)\n");
        accounts.entrySet().stream().sorted(Map.Entry.comparingByValue())
                .forEach(e -> text.append(e.getKey()).append(' ').append(e.getValue()).append('\n'));
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(temp, text, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** True when this process is root: /proc/self belongs to the effective uid. */
    public static boolean runsAsRoot() {
        try {
            return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    /**
     * Gives {@code path} and everything below it that root owns to {@code uid}, never following a link
     * (coreutils {@code chown -R -P}: lchown on links, descriptor-relative traversal). What the user made
     * is theirs already; what the platform wrote as root becomes theirs.
     */
    public static void giveRootOwnedTree(Path path, int uid) throws IOException {
        Process chown = new ProcessBuilder("chown", "-R", "-P", "--from=0:0", uid + ":" + uid, path.toString())
                .redirectErrorStream(true).start();
        String output = new String(chown.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (chown.waitFor() != 0) {
                throw new IOException("chown of " + path + " to " + uid + " failed: " + output.strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while giving " + path + " to " + uid, e);
        }
    }

    /** Sets the owner (uid = gid) of {@code path} itself, a path only the platform can change. */
    public static void setOwner(Path path, int uid) throws IOException {
        Files.setAttribute(path, "unix:uid", uid, java.nio.file.LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(path, "unix:gid", uid, java.nio.file.LinkOption.NOFOLLOW_LINKS);
    }
}
