package org.dtaas.files;

import java.util.Optional;

/** Every library on the disk of {@code $DTAAS_HOME}: nothing to make, nothing enforced (one user can fill it). */
public final class SharedDisk implements UserDisks {

    @Override
    public void ensure(String owner) {
        // the tree is a folder of files/
    }

    @Override
    public Optional<Place> placeOf(String owner) {
        return Optional.empty();
    }

    @Override
    public Use use(String owner) {
        return new Use("none", null, null);
    }
}
