package org.dtaas.library.proposals;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.dtaas.files.ContentDigest;
import org.dtaas.identity.Caller;
import org.dtaas.identity.UserNames;
import org.dtaas.library.AccessDeniedException;
import org.dtaas.library.BadPathException;
import org.dtaas.library.ConflictException;
import org.dtaas.library.LibraryPath;
import org.dtaas.library.NoSuchEntryException;
import org.dtaas.library.store.LibraryCopier;
import org.dtaas.library.store.LibraryStore;

/**
 * Publishing into common/, reviewed: a user proposes an asset of their own tree for a place in common/;
 * an admin sees what it would change there (files added, removed, changed, with digests) and accepts it
 * (the proposed content, exactly: an asset changed since it was proposed is refused) or declines it
 * with a reason. Accepting replaces what is at the target.
 */
@ApplicationScoped
public class Proposals {

    /** What accepting would do at the target, file by file. */
    public record Changes(Proposal proposal, List<ContentDigest.Line> added, List<ContentDigest.Line> removed,
            List<Change> changed, int unchanged, boolean proposedContentChanged) {
    }

    /** A file on both sides with other content. */
    public record Change(String path, long sizeBefore, long sizeAfter, String sha256Before, String sha256After) {
    }

    private final ProposalStore records;
    private final ContentListing listing;
    private final LibraryCopier copier;
    private final LibraryStore store;

    public Proposals(ProposalStore records, ContentListing listing, LibraryCopier copier, LibraryStore store) {
        this.records = records;
        this.listing = listing;
        this.copier = copier;
        this.store = store;
    }

    public Proposal propose(Caller caller, LibraryPath from, LibraryPath to, String note) {
        if (!from.owner().equals(caller.user())) {
            throw new AccessDeniedException("you propose assets of your own library (" + caller.user() + "/...)");
        }
        if (!to.owner().equals(UserNames.COMMON) || to.segments().isEmpty()) {
            throw new BadPathException("a proposal names its place in common/, e.g. common/digital twins/" + from.name());
        }
        ContentListing.Listed content = listing.of(from).orElseThrow(() -> new NoSuchEntryException("nothing at " + from.display()));
        Proposal proposal = new Proposal(UUID.randomUUID().toString(), from.display(), to.display(), caller.user(), Instant.now(),
                content.sha256(), note == null ? "" : note.strip(), Proposal.OPEN, null, null, null);
        records.save(proposal);
        return proposal;
    }

    /** Admins see every proposal, users their own. */
    public List<Proposal> visibleTo(Caller caller) {
        return records.all().stream().filter(p -> caller.admin() || p.by().equals(caller.user())).toList();
    }

    public Proposal get(Caller caller, String id) {
        Proposal proposal = (isId(id) ? records.find(id) : Optional.<Proposal>empty())
                .orElseThrow(() -> new NoSuchEntryException("no proposal " + id));
        if (!caller.admin() && !proposal.by().equals(caller.user())) {
            throw new AccessDeniedException("this proposal is " + proposal.by() + "'s");
        }
        return proposal;
    }

    public Changes changes(Caller caller, String id) {
        Proposal proposal = get(caller, id);
        ContentListing.Listed proposed = listing.of(LibraryPath.parse(proposal.from()))
                .orElseThrow(() -> new NoSuchEntryException(proposal.from() + " is gone since it was proposed"));
        List<ContentDigest.Line> there = listing.of(LibraryPath.parse(proposal.to())).map(ContentListing.Listed::lines)
                .orElse(List.of());
        Map<String, ContentDigest.Line> before = there.stream().collect(Collectors.toMap(ContentDigest.Line::path, Function.identity()));
        Map<String, ContentDigest.Line> after = proposed.lines().stream()
                .collect(Collectors.toMap(ContentDigest.Line::path, Function.identity()));
        List<ContentDigest.Line> added = new ArrayList<>();
        List<Change> changed = new ArrayList<>();
        int unchanged = 0;
        for (ContentDigest.Line file : proposed.lines()) {
            ContentDigest.Line old = before.get(file.path());
            if (old == null) {
                added.add(file);
            } else if (!old.sha256().equals(file.sha256())) {
                changed.add(new Change(file.path(), old.size(), file.size(), old.sha256(), file.sha256()));
            } else {
                unchanged++;
            }
        }
        List<ContentDigest.Line> removed = there.stream().filter(f -> !after.containsKey(f.path())).toList();
        return new Changes(proposal, added, removed, changed, unchanged, !proposed.sha256().equals(proposal.sha256()));
    }

    /** Publishes the proposed content at the target, replacing what is there. */
    public Proposal accept(Caller admin, String id) {
        Proposal proposal = open(admin, id);
        LibraryPath from = LibraryPath.parse(proposal.from());
        LibraryPath to = LibraryPath.parse(proposal.to());
        String now = listing.of(from).map(ContentListing.Listed::sha256).orElse(null);
        if (!proposal.sha256().equals(now)) {
            throw new ConflictException(proposal.from() + " changed since it was proposed: decline this proposal and ask "
                    + proposal.by() + " to propose it again");
        }
        // the new content is made whole beside the target, then takes its place
        LibraryPath incoming = LibraryCopier.sibling(to, ".proposal-" + proposal.id());
        LibraryCopier.Copied copied = copier.copy(admin, from, incoming, admin.user(), to);
        if (!proposal.sha256().equals(copied.sha256())) { // changed while it was copied
            store.delete(incoming, admin.user());
            throw new ConflictException(proposal.from() + " changed while it was published: nothing was changed in common/;"
                    + " try again, or decline the proposal");
        }
        if (listing.of(to).isPresent()) {
            LibraryPath replaced = LibraryCopier.sibling(to, ".replaced-" + proposal.id());
            store.move(to, replaced, admin.user());
            store.move(incoming, to, admin.user());
            store.delete(replaced, admin.user());
        } else {
            store.move(incoming, to, admin.user());
        }
        Proposal accepted = proposal.decided(Proposal.ACCEPTED, admin.user(), null);
        records.save(accepted);
        return accepted;
    }

    public Proposal decline(Caller admin, String id, String reason) {
        Proposal declined = open(admin, id).decided(Proposal.DECLINED, admin.user(), reason == null ? "" : reason.strip());
        records.save(declined);
        return declined;
    }

    private Proposal open(Caller admin, String id) {
        if (!admin.admin()) {
            throw new AccessDeniedException("only admins decide what is published in common/");
        }
        Proposal proposal = get(admin, id);
        if (!Proposal.OPEN.equals(proposal.status())) {
            throw new ConflictException("this proposal was " + proposal.status() + " by " + proposal.decidedBy() + " already");
        }
        return proposal;
    }

    static boolean isId(String id) {
        return id != null && id.matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    }
}
