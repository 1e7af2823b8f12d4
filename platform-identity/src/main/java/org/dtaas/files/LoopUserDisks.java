package org.dtaas.files;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.dtaas.identity.UserNames;

/**
 * A file system of each user's own: a sparse ext4 image ({@code disks/<user>.img}) on a loop device,
 * mounted at {@code disks/<user>}, whose {@code tree/} is bind-mounted at {@code files/<user>}. The kernel
 * refuses a write past its size with ENOSPC, whoever writes (a workspace, a run, an upload), and no hard
 * link can reach another user's files. {@code scripts/user-disk.sh} does the mounting (as root); this
 * class asks it once per owner and process, and reads the layout.
 */
final class LoopUserDisks implements UserDisks {

    private static final long TIMEOUT_SECONDS = 120; // moving a big tree onto a new disk copies it

    private final Path home;
    private final Path disks;
    private final Path command;
    private final String size;
    private final Set<String> ensured = ConcurrentHashMap.newKeySet();
    private volatile Object disksDevice;

    LoopUserDisks(Path home, Path command, String size) {
        this.home = home.toAbsolutePath().normalize();
        this.disks = this.home.resolve("disks");
        this.command = command;
        this.size = size;
    }

    @Override
    public void ensure(String owner) throws IOException {
        if (!hasDisk(owner) || (ensured.contains(owner) && placeOf(owner).isPresent())) {
            return;
        }
        Process process = new ProcessBuilder(command.toString(), "ensure", home.toString(), owner, size)
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        try {
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IOException(owner + "'s disk could not be mounted: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while mounting " + owner + "'s disk", e);
        }
        ensured.add(owner);
    }

    /** Users have disks; {@code common} (the admins' shared library) stays on the installation's disk. */
    private static boolean hasDisk(String owner) {
        return UserNames.isValidUser(owner);
    }

    @Override
    public Optional<Place> placeOf(String owner) {
        if (!hasDisk(owner)) {
            return Optional.empty();
        }
        // asked on every library request, so one stat: the staging folder is made on the disk with the tree
        // (scripts/user-disk.sh), and is there only while the disk is mounted; a tree missing from a
        // mounted disk is then found missing when it is opened
        Path disk = disks.resolve(owner);
        Path staging = disk.resolve(".staging");
        if (!onMountedDisk(staging)) {
            return Optional.empty();
        }
        return Optional.of(new Place(disk.resolve("tree"), staging));
    }

    @Override
    public Use use(String owner) {
        Optional<Place> place = placeOf(owner);
        if (place.isEmpty()) {
            return new Use("own file system", null, null); // made at the first write
        }
        // statvfs of the mount itself (Files.getFileStore would read the whole mount table every time,
        // and the workspace status asks for this on every poll)
        java.io.File tree = place.get().tree().toFile();
        long total = tree.getTotalSpace();
        return total == 0 ? new Use("own file system", null, null)
                : new Use("own file system", total, total - tree.getFreeSpace());
    }

    /**
     * {@code folder} is a real folder on another device than {@code disks/}: it lives inside the owner's
     * image, so it is there only while the disk is mounted. The device of {@code disks/} (the
     * installation's own folder) is read once.
     */
    private boolean onMountedDisk(Path folder) {
        try {
            Map<String, Object> attributes = Files.readAttributes(folder, "unix:dev,isDirectory", LinkOption.NOFOLLOW_LINKS);
            return Boolean.TRUE.equals(attributes.get("isDirectory")) && !attributes.get("dev").equals(disksDevice());
        } catch (IOException | UnsupportedOperationException e) {
            return false; // no disk folder (yet): the tree is where it always was, files/<user>
        }
    }

    private Object disksDevice() throws IOException {
        Object device = disksDevice;
        if (device == null) {
            device = Files.getAttribute(disks, "unix:dev", LinkOption.NOFOLLOW_LINKS);
            disksDevice = device;
        }
        return device;
    }
}
