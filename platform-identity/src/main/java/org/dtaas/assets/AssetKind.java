package org.dtaas.assets;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The five kinds of library assets and the folders that hold them in every owner's tree. Digital
 * twins have two spellings in the wild: the seed's {@code digital twins/} (what new users get) and
 * the newer upstream's {@code digital_twins/}; both are recognised everywhere.
 */
public enum AssetKind {
    FUNCTIONS("functions"),
    MODELS("models"),
    TOOLS("tools"),
    DATA("data"),
    DIGITAL_TWINS("digital twins", "digital_twins");

    private final List<String> folders;

    AssetKind(String... folders) {
        this.folders = List.of(folders);
    }

    /** The folder names for this kind; the first is the one new trees get. */
    public List<String> folders() {
        return folders;
    }

    /** The name clients use: {@code functions}, ..., {@code digital_twins}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The kind whose folder this is, if any. */
    public static Optional<AssetKind> ofFolder(String folder) {
        for (AssetKind kind : values()) {
            if (kind.folders.contains(folder)) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }

    /** The kind a client names ({@code models}, {@code digital_twins}, {@code digital twins}), if any. */
    public static Optional<AssetKind> ofId(String id) {
        if (id == null) {
            return Optional.empty();
        }
        String wanted = id.strip().toLowerCase(Locale.ROOT).replace(' ', '_');
        for (AssetKind kind : values()) {
            if (kind.id().equals(wanted)) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }
}
