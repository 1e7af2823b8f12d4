package org.dtaas.library.assets;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.dtaas.assets.AssetKind;
import org.dtaas.identity.Caller;
import org.dtaas.identity.UserNames;
import org.dtaas.library.BadPathException;
import org.dtaas.library.Entry;
import org.dtaas.library.LibraryPath;
import org.dtaas.library.store.LibraryStore;

/**
 * {@code searchAssets}: the asset folders of the caller's own tree and {@code common} whose name or
 * README summary contains the query. Only the caller's and common trees are walked, so a search
 * can never reveal another user's assets, admins included (they browse others' trees explicitly).
 */
@ApplicationScoped
public class AssetSearch {

    static final int MAX_RESULTS = 200;
    static final int MAX_QUERY = 200;

    private final LibraryStore store;
    private final AssetSummaries summaries;

    public AssetSearch(LibraryStore store, AssetSummaries summaries) {
        this.store = store;
        this.summaries = summaries;
    }

    public List<Asset> search(Caller caller, String query, String kind) {
        if (query == null || query.length() > MAX_QUERY) {
            throw new BadPathException("a search query has at most " + MAX_QUERY + " characters");
        }
        List<AssetKind> kinds = kinds(kind);
        String wanted = query.strip().toLowerCase(Locale.ROOT);
        List<Asset> found = new ArrayList<>();
        for (String owner : List.of(caller.user(), UserNames.COMMON)) {
            for (AssetKind assetKind : kinds) {
                for (String folder : assetKind.folders()) {
                    LibraryPath kindFolder = LibraryPath.parse(owner + "/" + folder);
                    for (Entry entry : store.list(kindFolder).orElse(List.of())) {
                        Optional<LibraryPath> asset = AssetSummaries.child(kindFolder, entry.name());
                        if (!entry.isDirectory() || entry.name().startsWith(".") || asset.isEmpty()) {
                            continue;
                        }
                        LibraryPath path = asset.get();
                        String summary = summaries.summaryOf(path);
                        if (entry.name().toLowerCase(Locale.ROOT).contains(wanted)
                                || summary.toLowerCase(Locale.ROOT).contains(wanted)) {
                            found.add(new Asset(entry.name(), assetKind.id(), path.display(), owner, summary));
                            if (found.size() == MAX_RESULTS) {
                                return found;
                            }
                        }
                    }
                }
            }
        }
        return found;
    }

    private static List<AssetKind> kinds(String kind) {
        if (kind == null || kind.isBlank()) {
            return List.of(AssetKind.values());
        }
        Optional<AssetKind> named = AssetKind.ofId(kind);
        return List.of(named.orElseThrow(() -> new BadPathException(
                "kind is one of functions, models, tools, data, digital_twins")));
    }
}
