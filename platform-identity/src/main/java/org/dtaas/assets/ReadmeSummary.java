package org.dtaas.assets;

import java.io.BufferedReader;
import java.io.IOException;

/**
 * What an asset is about, from its README.md: the first paragraph that is not a heading or an
 * image, joined into one line and shortened. Reads at most the first 200 lines, so a huge or
 * hostile README costs little.
 */
public final class ReadmeSummary {

    public static final String FILE_NAME = "README.md";
    static final int MAX_LINES = 200;
    static final int MAX_LENGTH = 300;

    private ReadmeSummary() {
    }

    public static String of(BufferedReader readme) throws IOException {
        StringBuilder paragraph = new StringBuilder();
        int lines = 0;
        for (String line; lines < MAX_LINES && (line = readme.readLine()) != null; lines++) {
            String text = line.strip();
            if (text.startsWith("#") || text.startsWith("![") || (text.isEmpty() && paragraph.length() == 0)) {
                continue;
            }
            if (text.isEmpty() || paragraph.length() > MAX_LENGTH) {
                break;
            }
            paragraph.append(paragraph.length() > 0 ? " " : "").append(text);
        }
        String summary = paragraph.toString();
        return summary.length() <= MAX_LENGTH ? summary : summary.substring(0, MAX_LENGTH - 1) + "…";
    }
}
