package org.dtaas.library.proposals;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Proposals as JSON files in the platform's {@code $DTAAS_HOME/proposals/} (never in a user's tree: a
 * user must not edit a decision), each written whole to a temporary name and renamed into place.
 */
@ApplicationScoped
public class ProposalStore {

    private final Path folder;
    private final ObjectMapper json;

    public ProposalStore(@ConfigProperty(name = "dtaas.home") String home, ObjectMapper json) {
        this.folder = Path.of(home).resolve("proposals").toAbsolutePath().normalize();
        this.json = json;
    }

    public void save(Proposal proposal) {
        try {
            Files.createDirectories(folder);
            Path partial = folder.resolve("." + proposal.id() + ".part");
            Files.write(partial, json.writeValueAsBytes(proposal));
            Files.move(partial, folder.resolve(proposal.id() + ".json"), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code id} is checked to be a proposal id by the caller: it names a file here. */
    public Optional<Proposal> find(String id) {
        Path file = folder.resolve(id + ".json");
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(json.readValue(file.toFile(), Proposal.class));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Newest first. */
    public List<Proposal> all() {
        List<Proposal> proposals = new ArrayList<>();
        if (!Files.isDirectory(folder)) {
            return proposals;
        }
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".json")).toList()) {
                proposals.add(json.readValue(file.toFile(), Proposal.class));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        proposals.sort(Comparator.comparing(Proposal::proposedAt).reversed());
        return proposals;
    }
}
