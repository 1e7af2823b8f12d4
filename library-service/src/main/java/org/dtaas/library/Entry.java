package org.dtaas.library;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Instant;

/**
 * One file or directory of a listing: {@code {"name","type","size","modified"}} (CONTRACT.md), and for
 * files of a local library {@code "executable"} (a twin's lifecycle programs must be).
 */
public record Entry(String name, String type, long size, Instant modified,
        @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
        Boolean executable) {

    public Entry(String name, String type, long size, Instant modified) {
        this(name, type, size, modified, null);
    }

    public static final String FILE = "file";
    public static final String DIRECTORY = "directory";

    @JsonIgnore
    public boolean isDirectory() {
        return DIRECTORY.equals(type);
    }
}
