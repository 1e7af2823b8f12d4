package org.dtaas.workspace.process;

import java.nio.file.Path;

/**
 * Where a host path of the library appears inside a workspace (bubblewrap sandbox or workspace pod):
 * the user's folder is {@code /workspace}, {@code common/} is {@code /workspace/common}.
 */
public final class WorkspacePaths {

    public static final String ROOT = "/workspace";
    public static final String COMMON = ROOT + "/common";

    private WorkspacePaths() {
    }

    /** Is {@code path} (absolute, normalised) inside {@code filesRoot}'s common/? */
    public static boolean inCommon(Path filesRoot, Path path) {
        return path.startsWith(filesRoot.resolve("common"));
    }

    /** {@code path}, in {@code user}'s folder or in common/, as the workspace sees it. */
    public static String inside(Path filesRoot, String user, Path path) {
        Path common = filesRoot.resolve("common");
        String relative = (inCommon(filesRoot, path) ? common : filesRoot.resolve(user)).relativize(path).toString();
        String base = inCommon(filesRoot, path) ? COMMON : ROOT;
        return relative.isEmpty() ? base : base + "/" + relative;
    }
}
