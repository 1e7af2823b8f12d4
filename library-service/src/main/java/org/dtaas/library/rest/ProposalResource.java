package org.dtaas.library.rest;

import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.dtaas.library.BadPathException;
import org.dtaas.library.LibraryAccess;
import org.dtaas.library.LibraryPath;
import org.dtaas.library.proposals.Proposal;
import org.dtaas.library.proposals.Proposals;

/**
 * {@code /api/library/proposals}: publishing into common/, reviewed by an admin. A user proposes an asset
 * of theirs ({@code {"from","to","note"}}); admins list the proposals, see what each would change and
 * accept or decline it ({@code {"reason"}}).
 */
@Path("/api/library/proposals")
@Produces(MediaType.APPLICATION_JSON)
public class ProposalResource {

    /** A proposal as sent. */
    public record NewProposal(String from, String to, String note) {
    }

    /** A decline's reason. */
    public record Decision(String reason) {
    }

    private final Proposals proposals;
    private final LibraryAccess access;

    public ProposalResource(Proposals proposals, LibraryAccess access) {
        this.proposals = proposals;
        this.access = access;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Blocking
    public Response propose(NewProposal proposal) {
        if (proposal == null || proposal.from() == null || proposal.to() == null) {
            throw new BadPathException("send {\"from\": \"alice/digital twins/my-twin\", \"to\": \"common/digital twins/my-twin\","
                    + " \"note\": \"what it is for\"}");
        }
        Proposal made = proposals.propose(access.caller(), access.readable(LibraryPath.parse(proposal.from())),
                LibraryPath.parse(proposal.to()), proposal.note());
        return Response.status(201).entity(made).build();
    }

    @GET
    @Blocking
    public List<Proposal> list() {
        return proposals.visibleTo(access.caller());
    }

    @GET
    @Path("{id}")
    @Blocking
    public Proposals.Changes changes(@PathParam("id") String id) {
        return proposals.changes(access.caller(), id);
    }

    @POST
    @Path("{id}/accept")
    @Blocking
    public Proposal accept(@PathParam("id") String id) {
        return proposals.accept(access.caller(), id);
    }

    @POST
    @Path("{id}/decline")
    @Consumes(MediaType.APPLICATION_JSON)
    @Blocking
    public Proposal decline(@PathParam("id") String id, Decision decision) {
        return proposals.decline(access.caller(), id, decision == null ? null : decision.reason());
    }
}
