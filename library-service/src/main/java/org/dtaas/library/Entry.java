package org.dtaas.library;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Instant;

/** One file or directory of a listing: {@code {"name","type","size","modified"}} (CONTRACT.md). */
public record Entry(String name, String type, long size, Instant modified) {

    public static final String FILE = "file";
    public static final String DIRECTORY = "directory";

    @JsonIgnore
    public boolean isDirectory() {
        return DIRECTORY.equals(type);
    }
}
