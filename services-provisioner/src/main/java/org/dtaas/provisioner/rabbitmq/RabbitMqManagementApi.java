package org.dtaas.provisioner.rabbitmq;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;
import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;

/**
 * The calls of RabbitMQ's management HTTP API (rabbitmq_management plugin) that provisioning uses
 * (idempotent PUTs and DELETEs) and the one that measures traffic.
 */
@RegisterRestClient(configKey = "rabbitmq-management")
@RegisterClientHeaders(RabbitMqAdminHeaders.class)
@Path("/api")
@Consumes(MediaType.APPLICATION_JSON)
public interface RabbitMqManagementApi {

    /** Every vhost with its {@code message_stats} (counters since the broker started). */
    @GET
    @Path("/vhosts")
    List<Map<String, Object>> vhosts();

    @PUT
    @Path("/vhosts/{vhost}")
    void putVhost(@PathParam("vhost") String vhost, Map<String, Object> settings);

    @PUT
    @Path("/users/{user}")
    void putUser(@PathParam("user") String user, Map<String, Object> settings);

    @PUT
    @Path("/permissions/{vhost}/{user}")
    void putPermissions(@PathParam("vhost") String vhost, @PathParam("user") String user, Map<String, Object> permissions);

    @DELETE
    @Path("/users/{user}")
    void deleteUser(@PathParam("user") String user);

    @DELETE
    @Path("/vhosts/{vhost}")
    void deleteVhost(@PathParam("vhost") String vhost);
}
