package org.dtaas.workspace.rest;

import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.mutiny.subscription.BackPressureStrategy;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import org.dtaas.identity.Caller;
import org.dtaas.identity.CurrentCaller;
import org.dtaas.workspace.run.Run;
import org.dtaas.workspace.run.RunLog;
import org.dtaas.workspace.run.RunLogs;
import org.dtaas.workspace.run.RunRefusedException;
import org.dtaas.workspace.run.RunService;
import org.dtaas.workspace.run.provenance.Provenance;
import org.dtaas.workspace.run.provenance.RunProvenance;
import org.jboss.resteasy.reactive.RestStreamElementType;

/** {@code /api/runs/{id}}: a run, its log (whole or followed live), and cancelling it. */
@Path("/api/runs/{id}")
public class RunResource {

    /** Events a slow follower may fall behind by before its stream is ended (it can reload). */
    private static final int FOLLOWER_BACKLOG = 8192;

    private final RunService runs;
    private final RunLogs logs;
    private final CurrentCaller caller;
    private final RunProvenance provenance;

    public RunResource(RunService runs, RunLogs logs, CurrentCaller caller, RunProvenance provenance) {
        this.runs = runs;
        this.logs = logs;
        this.caller = caller;
        this.provenance = provenance;
    }

    /** What the run used and made: inputs' digests, program, variable names, who, when, outputs. */
    @GET
    @Path("provenance")
    @Produces(MediaType.APPLICATION_JSON)
    @Blocking
    public Provenance provenance(@PathParam("id") String id) {
        Run run = runs.get(caller.get(), id);
        return provenance.of(run).orElseThrow(() -> new RunRefusedException(404, "run " + id + " recorded no provenance:"
                + " its program never started (its log says why), or it ran before the platform recorded provenance", run));
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Blocking
    public Run get(@PathParam("id") String id) {
        return runs.get(caller.get(), id);
    }

    /** The log so far as text (while running: what has been written until now). */
    @GET
    @Path("log")
    @Produces("text/plain;qs=1") // the default for clients that accept anything (curl, scripts)
    @Blocking
    public Response log(@PathParam("id") String id) {
        Run run = runs.get(caller.get(), id);
        RunLog log = logs.of(run.id());
        StreamingOutput body = out -> {
            Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            log.replay(chunk -> {
                try {
                    writer.write(chunk);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            writer.flush();
        };
        return Response.ok(body, "text/plain; charset=utf-8").header("X-Run-Status", run.status().id()).build();
    }

    /** The log followed live: everything so far, then output as it is written, then the ended run. */
    @GET
    @Path("log")
    @Produces("text/event-stream;qs=0.5")
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    @Blocking
    public Multi<LogEvent> follow(@PathParam("id") String id) {
        Caller who = caller.get();
        Run run = runs.get(who, id);
        RunLog log = logs.of(run.id());
        return Multi.createFrom().<LogEvent>emitter(emitter -> {
            Runnable unfollow = log.follow(new RunLog.Follower() {
                @Override
                public void text(String text) {
                    emitter.emit(LogEvent.text(text));
                }

                @Override
                public void ended() {
                    emitter.emit(LogEvent.end(runs.get(who, id)));
                    emitter.complete();
                }
            });
            emitter.onTermination(unfollow);
        }, BackPressureStrategy.ERROR).onOverflow().buffer(FOLLOWER_BACKLOG)
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    @POST
    @Path("cancel")
    @Produces(MediaType.APPLICATION_JSON)
    @Blocking
    public Response cancel(@PathParam("id") String id) {
        return Response.accepted(runs.cancel(caller.get(), id)).build();
    }
}
