package org.dtaas.library.rest;

import java.util.Locale;
import java.util.Map;

/**
 * The Content-Type a library file is served with. Files are user uploads on the platform's own
 * origin, so only types a browser cannot run as a page are named; everything else (HTML, SVG, ...)
 * is served as a download, so no uploaded file can script the platform.
 */
final class ContentTypes {

    private static final Map<String, String> SAFE = Map.ofEntries(
            Map.entry("txt", "text/plain; charset=utf-8"), Map.entry("md", "text/plain; charset=utf-8"),
            Map.entry("csv", "text/csv; charset=utf-8"), Map.entry("json", "application/json"),
            Map.entry("png", "image/png"), Map.entry("jpg", "image/jpeg"), Map.entry("jpeg", "image/jpeg"),
            Map.entry("gif", "image/gif"), Map.entry("pdf", "application/pdf"), Map.entry("log", "text/plain; charset=utf-8"),
            Map.entry("yaml", "text/plain; charset=utf-8"), Map.entry("yml", "text/plain; charset=utf-8"),
            Map.entry("py", "text/plain; charset=utf-8"), Map.entry("sh", "text/plain; charset=utf-8"));

    private ContentTypes() {
    }

    static String of(String fileName) {
        int dot = fileName.lastIndexOf('.');
        String extension = dot < 0 ? "" : fileName.substring(dot + 1).toLowerCase(Locale.ROOT);
        return SAFE.getOrDefault(extension, "application/octet-stream");
    }
}
