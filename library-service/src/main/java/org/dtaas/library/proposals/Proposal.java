package org.dtaas.library.proposals;

import java.time.Instant;

/**
 * A user's proposal to publish an asset of theirs into common/: what ({@code from}, its content digest
 * when proposed), where ({@code to}), by whom, and how an admin decided. Only the content proposed is
 * published: an asset changed since is refused at acceptance.
 */
public record Proposal(String id, String from, String to, String by, Instant proposedAt, String sha256, String note,
        String status, String decidedBy, Instant decidedAt, String reason) {

    public static final String OPEN = "open";
    public static final String ACCEPTED = "accepted";
    public static final String DECLINED = "declined";

    Proposal decided(String as, String admin, String why) {
        return new Proposal(id, from, to, by, proposedAt, sha256, note, as, admin, Instant.now(), why);
    }
}
