package org.dtaas.library;

import java.util.ArrayList;
import java.util.List;
import org.dtaas.identity.UserNames;

/**
 * A path inside the library, as clients write it ({@code alice/data/x.csv}, {@code common/models}),
 * checked before any file is touched: no {@code ..} or {@code .} segments, no absolute paths, no
 * backslashes, control characters or empty segments, bounded length, and a valid owner as first
 * segment. Anything else is refused with {@link BadPathException}, so no request can name a file
 * outside the library by spelling.
 */
public record LibraryPath(String owner, List<String> segments) {

    /** Far below the OS's PATH_MAX once the library root is prepended; deep enough for any asset tree. */
    private static final int MAX_LENGTH = 1024;
    private static final int MAX_DEPTH = 64;
    private static final int MAX_SEGMENT = 255;

    public static LibraryPath parse(String raw) {
        if (raw == null) {
            throw new BadPathException("a path is required");
        }
        String path = raw.endsWith("/") ? raw.substring(0, raw.length() - 1) : raw;
        if (path.isEmpty() || path.length() > MAX_LENGTH) {
            throw new BadPathException("a path has 1 to " + MAX_LENGTH + " characters");
        }
        if (path.startsWith("/") || path.indexOf('\\') >= 0) {
            throw new BadPathException("paths are relative and use '/' (e.g. alice/data/x.csv)");
        }
        String[] parts = path.split("/", -1);
        if (parts.length > MAX_DEPTH) {
            throw new BadPathException("a path has at most " + MAX_DEPTH + " levels");
        }
        List<String> segments = new ArrayList<>();
        for (String segment : parts) {
            checkSegment(segment);
            segments.add(segment);
        }
        String owner = segments.get(0);
        if (!UserNames.isValidOwner(owner)) {
            throw new BadPathException("a path starts with a user name or 'common'");
        }
        if (!owner.equals(UserNames.COMMON) && segments.size() > 1 && segments.get(1).equals(UserNames.COMMON)) {
            // inside a workspace, common/ is mounted at /workspace/common: the user's own folder of
            // that name is only the (empty) mountpoint, never a place for files
            throw new BadPathException(owner + "/common is where common/ appears inside your workspace; "
                    + "use common/... for the shared assets, or another name for your own folder");
        }
        return new LibraryPath(owner, List.copyOf(segments.subList(1, segments.size())));
    }

    private static void checkSegment(String segment) {
        if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
            throw new BadPathException("'', '.' and '..' are not allowed as path segments");
        }
        if (segment.length() > MAX_SEGMENT) {
            throw new BadPathException("a file name has at most " + MAX_SEGMENT + " characters");
        }
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (c < 0x20 || c == 0x7f || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069)) {
                throw new BadPathException("control and text-direction characters are not allowed in names");
            }
        }
    }

    /** True for a user's own root ({@code alice}), where the workspace's common/ mountpoint lies. */
    public boolean isUserRoot() {
        return segments.isEmpty() && !owner.equals(UserNames.COMMON);
    }

    /** The path as clients write it. */
    public String display() {
        return segments.isEmpty() ? owner : owner + "/" + String.join("/", segments);
    }

    /** The last segment, or the owner for a root. */
    public String name() {
        return segments.isEmpty() ? owner : segments.get(segments.size() - 1);
    }
}
