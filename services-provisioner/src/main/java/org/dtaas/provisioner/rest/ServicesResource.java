package org.dtaas.provisioner.rest;

import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.dtaas.provisioner.health.PlatformService;
import org.dtaas.provisioner.health.ServiceProbe;

/** {@code GET /api/services}: the platform services and whether they are up. */
@Path("/api/services")
@Produces(MediaType.APPLICATION_JSON)
public class ServicesResource {

    private final ServiceProbe probe;

    public ServicesResource(ServiceProbe probe) {
        this.probe = probe;
    }

    @GET
    @Blocking
    public List<PlatformService> list() {
        return probe.all();
    }
}
