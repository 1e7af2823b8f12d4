package org.dtaas.workspace.published;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.ClientErrorException;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.NotFoundException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.dtaas.identity.Caller;
import org.dtaas.workspace.run.RunService;
import org.dtaas.workspace.workspaces.WorkspaceService;
import org.dtaas.workspace.workspaces.WorkspaceState;

/**
 * Publishing a port of a running workspace as {@code /shared/<name>/} for people without an account:
 * public, or behind an access token the owner can rotate and revoke (only its hash is kept). A port
 * qualifies only when it is the owner's (their workspace's or runs' processes listen on it locally;
 * their own pod on Kubernetes); a published service ends when its workspace stops.
 */
@ApplicationScoped
public class PublishedService {

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(PublishedService.class);

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");
    private static final SecureRandom RANDOM = new SecureRandom();

    /** What a publish or a rotation answers: the token is shown this once. */
    public record Issued(String name, String owner, int port, boolean isPublic, String path, String url, String token) {
    }

    /** What the owner's list shows (never a token). */
    public record Listing(String name, int port, boolean isPublic, String path, String url, Instant createdAt) {
    }

    private final PublishedRepository repository;
    private final WorkspaceService workspaces;
    private final RunService runs;

    private final java.util.Optional<String> sharedUrl;
    private final java.nio.file.Path filesRoot;

    public PublishedService(PublishedRepository repository, WorkspaceService workspaces, RunService runs,
            @org.eclipse.microprofile.config.inject.ConfigProperty(name = "dtaas.shared-url")
            java.util.Optional<String> sharedUrl,
            @org.eclipse.microprofile.config.inject.ConfigProperty(name = "dtaas.workspace.files-path") String filesPath) {
        this.sharedUrl = sharedUrl;
        this.filesRoot = java.nio.file.Path.of(filesPath);
        this.repository = repository;
        this.workspaces = workspaces;
        this.runs = runs;
    }

    public List<Listing> list(Caller caller, String user) {
        workspaces.status(caller, user); // the same ownership rule as the workspace
        return repository.ownedBy(user).stream()
                .map(p -> new Listing(p.name(), p.port(), p.isPublic(), path(p.name()), url(p.name()), p.createdAt())).toList();
    }

    public Issued publish(Caller caller, String user, String name, Integer port, boolean withToken) {
        if (workspaces.status(caller, user).state() != WorkspaceState.RUNNING) {
            throw new ClientErrorException("start your workspace first: only a running workspace's port can be published", 409);
        }
        if (name == null || !NAME.matcher(name).matches()) {
            throw new BadRequestException("a name is 1-40 lowercase letters, digits and '-', starting with a letter or digit");
        }
        if (!ownersName(user, name, users())) {
            // names are the owner's: nobody else can take /shared/bob-dashboard/ before bob does
            throw new BadRequestException("a published name is your user name or starts with it: " + user + "-" + "dashboard, say");
        }
        if (port == null || port < 1024 || port > 65535) {
            throw new BadRequestException("the port is a number from 1024 to 65535 that your twin's server listens on");
        }
        if (!workspaces.backend().ownsPort(user, port, runs.processesOf(user))) {
            throw new BadRequestException("nothing of your workspace listens on port " + port
                    + ": start your twin's server (in a workspace terminal or a lifecycle run) on 127.0.0.1:" + port + " first");
        }
        String token = withToken ? newToken() : null;
        if (!repository.insert(new Published(name, user, port, token == null ? null : hash(token), Instant.now()))) {
            throw new ClientErrorException("the name " + name + " is taken; choose another", 409);
        }
        return new Issued(name, user, port, token == null, path(name), url(name), token);
    }

    public Issued rotateToken(Caller caller, String user, String name) {
        Published published = owned(caller, user, name);
        String token = newToken();
        repository.setTokenHash(name, hash(token));
        return new Issued(name, user, published.port(), false, path(name), url(name), token);
    }

    public void unpublish(Caller caller, String user, String name) {
        owned(caller, user, name);
        repository.delete(name);
    }

    /**
     * The gateway's table of published services (it asks every second). Entries whose workspace no
     * longer runs are removed here: a stop, an idle stop or a crash all end the publication. The port
     * is checked again each time: while it is not the owner's (their server stopped, or someone else's
     * took the port) the entry is left out, so a visitor never reaches another program.
     */
    public Map<String, Map<String, Object>> routes() {
        Map<String, Map<String, Object>> routes = new LinkedHashMap<>();
        for (Published published : repository.all()) {
            java.util.Optional<String> url;
            try {
                url = workspaces.backend().portUrl(published.owner(), published.port());
            } catch (RuntimeException e) {
                LOG.warnf("published %s left out for now: %s", published.name(), e.getMessage());
                continue;
            }
            if (url.isEmpty()) {
                repository.delete(published.name());
                continue;
            }
            if (!workspaces.backend().ownsPort(published.owner(), published.port(), runs.processesOf(published.owner()))) {
                continue;
            }
            Map<String, Object> route = new LinkedHashMap<>();
            route.put("url", url.get());
            route.put("tokenHash", published.tokenHash());
            routes.put(published.name(), route);
        }
        return routes;
    }

    private Published owned(Caller caller, String user, String name) {
        workspaces.status(caller, user);
        Published published = repository.find(name).orElseThrow(() -> new NotFoundException("nothing is published as " + name));
        if (!published.owner().equals(user)) {
            throw new ForbiddenException(name + " is not published by " + user);
        }
        return published;
    }

    /**
     * {@code user}'s own names: {@code <user>} and {@code <user>-...}, unless a longer user name claims it
     * ("ann-x-board" is user ann-x's, not ann's).
     */
    static boolean ownersName(String user, String name, java.util.Collection<String> users) {
        if (!claims(user, name)) {
            return false;
        }
        return users.stream().noneMatch(other -> other.length() > user.length() && claims(other, name));
    }

    private static boolean claims(String user, String name) {
        return name.equals(user) || name.startsWith(user + "-");
    }

    /** Everyone with a library (a folder below files/). */
    private List<String> users() {
        try (java.util.stream.Stream<java.nio.file.Path> folders = java.nio.file.Files.list(filesRoot)) {
            return folders.map(p -> p.getFileName().toString()).filter(org.dtaas.identity.UserNames::isValidUser).toList();
        } catch (java.io.IOException e) {
            return List.of();
        }
    }

    private static String path(String name) {
        return "/shared/" + name + "/";
    }

    /**
     * The full address on the published services' own origin (the gateway's DTAAS_SHARED_URL), or null
     * when they are served on the platform's origin (then {@code path} is the address).
     */
    private String url(String name) {
        return sharedUrl.filter(u -> !u.isBlank()).map(u -> (u.endsWith("/") ? u.substring(0, u.length() - 1) : u) + path(name))
                .orElse(null);
    }

    private static String newToken() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** SHA-256, hex: what the gateway compares a presented token with. */
    public static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
