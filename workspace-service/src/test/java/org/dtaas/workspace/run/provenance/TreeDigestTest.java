package org.dtaas.workspace.run.provenance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.dtaas.files.TrustedTree;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Digests of a user's tree: links and fifos are not read, a budget bounds the cost, the result is reproducible. */
class TreeDigestTest {

    @TempDir
    Path tree;

    @Test
    void linksAndFifosAreNeitherFollowedNorReadAndTheDigestIsReproducible() throws Exception {
        Files.writeString(tree.resolve("a.txt"), "a");
        Files.createDirectories(tree.resolve("sub"));
        Files.writeString(tree.resolve("sub/b.txt"), "bb");
        Files.createSymbolicLink(tree.resolve("link"), Path.of("/etc"));
        Files.createSymbolicLink(tree.resolve("sub/file-link"), Path.of("/etc/hostname"));
        new ProcessBuilder("mkfifo", tree.resolve("fifo").toString()).start().waitFor(); // would block a reader
        TreeDigest.FolderDigest digest;
        try (TrustedTree root = TrustedTree.open(tree)) {
            digest = new TreeDigest(1 << 20, 100).ofFolder(root);
        }
        assertEquals(List.of("a.txt", "sub/b.txt"), digest.files().stream().map(TreeDigest.FileDigest::path).toList());
        assertTrue(digest.complete());
        assertEquals(3, digest.bytes());
        String listing = TreeDigest.hex(TreeDigest.sha256().digest("a".getBytes())) + " 1 a.txt\n"
                + TreeDigest.hex(TreeDigest.sha256().digest("bb".getBytes())) + " 2 sub/b.txt\n";
        assertEquals(TreeDigest.hex(TreeDigest.sha256().digest(listing.getBytes())), digest.sha256());
    }

    @Test
    void theBudgetBoundsWhatIsReadAndSaysSo() throws Exception {
        Files.write(tree.resolve("big.bin"), new byte[5000]);
        Files.writeString(tree.resolve("small.txt"), "s");
        for (int i = 0; i < 5; i++) {
            Files.writeString(tree.resolve("many-" + i), "x");
        }
        try (TrustedTree root = TrustedTree.open(tree); TrustedTree again = TrustedTree.open(tree)) {
            TreeDigest.FolderDigest bytes = new TreeDigest(1000, 100).ofFolder(root);
            assertFalse(bytes.complete(), "the big file is over the byte budget");
            assertNull(bytes.files().stream().filter(f -> f.path().equals("big.bin")).findFirst().orElseThrow().sha256());
            assertEquals(5000, bytes.files().get(0).size(), "listed with its size all the same");
            TreeDigest.FolderDigest files = new TreeDigest(1 << 20, 3).ofFolder(again);
            assertFalse(files.complete(), "over the file budget");
            assertEquals(3, files.files().size());
        }
    }

    @Test
    void assetsNamedLiterallyAreFoundAndVariablesOrClimbsAreNot() {
        assertEquals(Set.of(new NamedAssets.Named(false, "models/plant.fmu"), new NamedAssets.Named(true, "tools/maestro.jar"),
                new NamedAssets.Named(true, "data/set-one")),
                Set.copyOf(NamedAssets.in("java -jar \"$DTAAS_COMMON/tools/maestro.jar\" ${WORKSPACE}/models/plant.fmu\n"
                        + "cp \"common/data/set-one\" .\n$WORKSPACE/tools/$JAR\n$WORKSPACE/data/../../etc/x\nmycommon/tools/no\n")));
    }
}
