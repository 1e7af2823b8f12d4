package org.dtaas.library.store;

import java.nio.file.Path;
import java.time.Instant;

/** An existing regular file of the library: where it really is, how big, when changed. */
public record FileContent(Path location, String name, long size, Instant modified) {
}
