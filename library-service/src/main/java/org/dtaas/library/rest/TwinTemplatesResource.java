package org.dtaas.library.rest;

import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.dtaas.library.twins.TwinTemplates;

/** {@code GET /api/library/templates}: what a new twin can start from ({@code [{"name","title","description"}]}). */
@Path("/api/library/templates")
@Produces(MediaType.APPLICATION_JSON)
public class TwinTemplatesResource {

    private final TwinTemplates templates;

    public TwinTemplatesResource(TwinTemplates templates) {
        this.templates = templates;
    }

    @GET
    @Blocking
    public List<TwinTemplates.Template> templates() {
        return templates.list();
    }
}
