package org.dtaas.files;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where each user's library tree is stored, and how much of it they may fill. One implementation per
 * mechanism: {@link LoopUserDisks} (a file system of the user's own, so the kernel refuses a write past
 * its size, whoever writes) and {@link SharedDisk} (everyone on the disk of {@code $DTAAS_HOME}, nothing
 * enforced), picked by {@link #of}. Every part of the platform finds a user's library at
 * {@code files/<user>}; only the library-service, which stages new files before renaming them into
 * place, needs the disk's own layout ({@link #placeOf}).
 */
public interface UserDisks {

    /**
     * Makes sure {@code owner}'s tree is on their disk before anything is written to it: the disk made
     * (and a tree from before moved onto it) and mounted. Cheap after the first call.
     */
    void ensure(String owner) throws IOException;

    /**
     * {@code owner}'s tree and a staging folder on the same mount (renames between them are atomic),
     * both paths only the platform can change; empty when the owner's tree is on the shared disk.
     */
    Optional<Place> placeOf(String owner);

    /** How full {@code owner}'s disk is, for the workspace status and the admin page. */
    Use use(String owner);

    record Place(Path tree, Path staging) {

        /**
         * Where the output of the owner's runs is written while they go (beside {@code staging}, also only
         * the platform's): a program that prints without end fills its owner's disk, not the platform's.
         */
        public Path runOutput() {
            return staging.resolveSibling(".runs");
        }
    }

    /** {@code mechanism}: "own file system" or "none"; sizes in bytes, null when not known or not enforced. */
    record Use(String mechanism, Long sizeBytes, Long usedBytes) {
    }

    /**
     * The disks of the installation at {@code home}: {@code command} is {@code scripts/user-disk.sh}
     * when users get disks of their own ({@code ./dtaas up} sets it when the machine can), empty for the
     * shared disk; {@code size} is each disk's size (e.g. 10G).
     */
    static UserDisks of(Path home, Optional<String> command, String size) {
        return command.filter(c -> !c.isBlank())
                .<UserDisks>map(c -> new LoopUserDisks(home, Path.of(c), size))
                .orElseGet(SharedDisk::new);
    }
}
