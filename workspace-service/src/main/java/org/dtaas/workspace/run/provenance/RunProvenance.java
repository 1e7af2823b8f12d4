package org.dtaas.workspace.run.provenance;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.dtaas.files.TrustedTree;
import org.dtaas.identity.UserNames;
import org.dtaas.workspace.config.WorkspaceConfig;
import org.dtaas.workspace.run.Run;
import org.dtaas.workspace.run.provenance.Provenance.Content;
import org.dtaas.workspace.run.provenance.Provenance.Inputs;
import org.dtaas.workspace.run.provenance.Provenance.Outputs;
import org.dtaas.workspace.run.provenance.TreeDigest.FileDigest;
import org.dtaas.workspace.run.provenance.TreeDigest.FolderDigest;
import org.jboss.logging.Logger;

/**
 * Records what each run used and made. At the start: the digests of the twin's files, of the program
 * and of the assets its programs name, and the names of the variables it gets. At the end: the files
 * of the runner's library changed while it ran (by it, or by anything else of the runner's meanwhile). Everything is read from users' trees through {@link TrustedTree}, within a budget, so a
 * huge or hostile tree costs a bounded time and is never followed out of its owner's folder.
 */
@ApplicationScoped
public class RunProvenance {

    private static final Logger LOG = Logger.getLogger(RunProvenance.class);

    /** What one run's inputs may cost to digest (their files are read once, at the start). */
    static final long INPUT_BYTES = 256L * 1024 * 1024;
    /** What one run's outputs may cost; beyond it files are listed without a digest. */
    static final long OUTPUT_BYTES = 1024L * 1024 * 1024;
    static final int MAX_FILES = 5000;
    /** Programs are scanned for the assets they name up to this size each. */
    static final int PROGRAM_SCAN_LIMIT = 256 * 1024;

    private final Path files;
    private final ProvenanceRepository repository;
    private final ObjectMapper json;

    public RunProvenance(WorkspaceConfig config, ProvenanceRepository repository, ObjectMapper json) {
        this.files = Path.of(config.filesPath()).toAbsolutePath().normalize();
        this.repository = repository;
        this.json = json;
    }

    /** Before the run's program starts; a failure here is logged, never stops the run. */
    public void recordInputs(Run run, String programName, Collection<String> variables) {
        try {
            repository.saveInputs(run.id(), json.writeValueAsString(inputs(run, programName, variables)));
        } catch (IOException | RuntimeException e) {
            LOG.warnf("run %s: its inputs could not be recorded: %s", run.id(), e.getMessage());
        }
    }

    /** After the run ended (also one followed again after a restart). */
    public void recordOutputs(Run run) {
        try {
            repository.saveOutputs(run.id(), json.writeValueAsString(outputs(run)));
        } catch (IOException | RuntimeException e) {
            LOG.warnf("run %s: its outputs could not be recorded: %s", run.id(), e.getMessage());
        }
    }

    public Optional<Provenance> of(Run run) {
        return repository.find(run.id()).map(stored -> {
            try {
                Inputs inputs = json.readValue(stored.inputs(), Inputs.class);
                Outputs outputs = stored.outputs() == null ? null : json.readValue(stored.outputs(), Outputs.class);
                return new Provenance(run.id(), run.user(), run.owner(), run.twin(), run.phase(), run.status().id(),
                        run.exitCode(), run.startedAt(), run.endedAt(), inputs, outputs);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("the provenance of run " + run.id() + " is unreadable", e);
            }
        });
    }

    Inputs inputs(Run run, String programName, Collection<String> variables) throws IOException {
        TreeDigest digest = new TreeDigest(INPUT_BYTES, MAX_FILES);
        Content twin = null;
        Content program = null;
        List<Content> assets = new ArrayList<>();
        try (TrustedTree owner = TrustedTree.open(files.resolve(run.owner()));
                TrustedTree folder = owner.folderAt(twinPathInOwner(run)).orElse(null)) {
            if (folder != null) {
                FolderDigest tree = digest.ofFolder(folder);
                twin = new Content(run.twinPath(), "directory", tree.sha256(), tree.bytes(), tree.complete(), tree.files());
                String programPath = "lifecycle/" + programName;
                program = tree.files().stream().filter(f -> f.path().equals(programPath)).findFirst()
                        .map(f -> new Content(run.twinPath() + "/" + programPath, "file", f.sha256(), f.size(), f.sha256() != null, null))
                        .orElse(null);
                for (NamedAssets.Named named : namedIn(folder)) {
                    asset(named, run, digest).ifPresent(assets::add);
                }
            }
        }
        return new Inputs(Instant.now(), program, twin, assets, List.copyOf(new TreeSet<>(variables)));
    }

    /**
     * The files of the runner's library changed while the run went (twins write where their programs
     * say, mostly data/<twin>/, but not always under their own name). Its credentials folder and the
     * common/ mountpoint are not looked at.
     */
    Outputs outputs(Run run) throws IOException {
        Instant since = run.createdAt();
        TreeDigest digest = new TreeDigest(OUTPUT_BYTES, MAX_FILES);
        try (TrustedTree library = TrustedTree.open(files.resolve(run.user()))) {
            FolderDigest changed = digest.ofFolder(library, a -> !a.lastModifiedTime().toInstant().isBefore(since),
                    path -> path.equals(".dtaas") || path.equals(UserNames.COMMON) || path.equals(".runs"));
            return new Outputs(Instant.now(), run.user(), changed.files(), changed.complete());
        }
    }

    /** The twin's folder below its owner's: "digital twins/x" of "alice/digital twins/x". */
    private static String twinPathInOwner(Run run) {
        return run.twinPath().substring(run.owner().length() + 1);
    }

    private static Collection<NamedAssets.Named> namedIn(TrustedTree twin) throws IOException {
        java.util.Set<NamedAssets.Named> named = new java.util.LinkedHashSet<>();
        Optional<TrustedTree> lifecycle = twin.folder("lifecycle");
        if (lifecycle.isEmpty()) {
            return named;
        }
        try (TrustedTree programs = lifecycle.get()) {
            for (String name : programs.names().stream().sorted().toList()) {
                Optional<String> text = programs.readText(name, PROGRAM_SCAN_LIMIT);
                text.ifPresent(t -> named.addAll(NamedAssets.in(t)));
            }
        }
        return named;
    }

    private Optional<Content> asset(NamedAssets.Named named, Run run, TreeDigest digest) throws IOException {
        String owner = named.common() ? UserNames.COMMON : run.user();
        Path ownerRoot = files.resolve(owner);
        if (!Files.isDirectory(ownerRoot, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        String libraryPath = owner + "/" + named.path();
        int slash = named.path().lastIndexOf('/');
        try (TrustedTree root = TrustedTree.open(ownerRoot);
                TrustedTree parent = root.folderAt(named.path().substring(0, slash)).orElse(null)) {
            if (parent == null) {
                return Optional.empty();
            }
            String name = named.path().substring(slash + 1);
            Optional<TrustedTree> folder = parent.folder(name);
            if (folder.isPresent()) {
                try (TrustedTree f = folder.get()) {
                    FolderDigest tree = digest.ofFolder(f);
                    return Optional.of(new Content(libraryPath, "directory", tree.sha256(), tree.bytes(), tree.complete(), null));
                }
            }
            return digest.ofFile(parent, name, libraryPath)
                    .map(f -> new Content(libraryPath, "file", f.sha256(), f.size(), f.sha256() != null, null));
        }
    }
}
