package org.dtaas.library.store;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.dtaas.identity.UserNames;
import org.dtaas.library.BadPathException;
import org.dtaas.library.ConflictException;
import org.dtaas.library.Entry;
import org.dtaas.library.LibraryPath;
import org.dtaas.library.NoSuchEntryException;
import org.dtaas.library.config.LibraryConfig;
import org.gitlab4j.api.GitLabApi;
import org.gitlab4j.api.GitLabApiException;
import org.gitlab4j.api.models.CommitAction;
import org.gitlab4j.api.models.Project;
import org.gitlab4j.api.models.RepositoryFile;
import org.gitlab4j.api.models.TreeItem;
import org.gitlab4j.models.Constants;

/**
 * The library in a GitLab group, laid out as the upstream lib microservice expects: owner
 * {@code alice} is project {@code <group>/alice}, {@code common} is {@code <group>/commons}, and a
 * library path's remaining segments are the path inside that project's repository. Reads use the
 * repository tree and raw-file APIs; every write is one commit (several actions for folders) with
 * the signed-in user as author. Git keeps no empty folders, so a new folder holds a {@code .gitkeep}
 * (hidden from listings), as GitLab's own web UI does.
 *
 * <p>Paths have been checked by {@link LibraryPath} before they get here and are only ever used as
 * a project name plus a path inside that project, so no path can reach another project.
 */
public class GitLabStore implements LibraryStore {

    static final String KEEP = ".gitkeep";

    private final GitLabApi gitlab;
    private final LibraryConfig.GitLab config;

    public GitLabStore(GitLabApi gitlab, LibraryConfig.GitLab config) {
        this.gitlab = gitlab;
        this.config = config;
    }

    @Override
    public Optional<List<Entry>> list(LibraryPath directory) {
        Optional<List<TreeItem>> items = tree(directory, false);
        if (items.isEmpty()) {
            return Optional.empty();
        }
        if (items.get().isEmpty() && !directory.segments().isEmpty()) {
            // GitLab answers an unknown folder with an empty tree: tell it from a file or nothing
            return Optional.empty();
        }
        List<Entry> entries = new ArrayList<>();
        for (TreeItem item : items.get()) {
            if (item.getType() == TreeItem.Type.TREE) {
                entries.add(new Entry(item.getName(), Entry.DIRECTORY, 0, null));
            } else if (item.getType() == TreeItem.Type.BLOB && !KEEP.equals(item.getName())) {
                // the tree API gives no sizes; asking per file would cost a request each (-1: unknown)
                entries.add(new Entry(item.getName(), Entry.FILE, -1, null));
            }
        }
        entries.sort(Comparator.comparing((Entry e) -> !e.isDirectory()).thenComparing(Entry::name));
        return Optional.of(entries);
    }

    @Override
    public List<String> owners() {
        try {
            List<String> owners = new ArrayList<>();
            for (Project project : gitlab.getGroupApi().getProjects(config.group())) {
                String owner = config.commonProject().equals(project.getPath()) ? UserNames.COMMON : project.getPath();
                if (UserNames.isValidOwner(owner)) {
                    owners.add(owner);
                }
            }
            owners.sort(Comparator.naturalOrder());
            return owners;
        } catch (GitLabApiException e) {
            throw unavailable("list the projects of group " + config.group(), e);
        }
    }

    @Override
    public Optional<FileContent> file(LibraryPath path) {
        if (path.segments().isEmpty()) {
            return Optional.empty();
        }
        String project = project(path.owner());
        String filePath = inside(path);
        try {
            RepositoryFile info = gitlab.getRepositoryFileApi().getFileInfo(project, filePath, config.branch());
            long size = info.getSize() == null ? -1 : info.getSize();
            return Optional.of(FileContent.remote(path.name(), size, null, () -> openRaw(project, filePath)));
        } catch (GitLabApiException e) {
            if (e.getHttpStatus() == 404) {
                return Optional.empty();
            }
            throw unavailable("read " + path.display(), e);
        }
    }

    private InputStream openRaw(String project, String filePath) throws IOException {
        try {
            return gitlab.getRepositoryFileApi().getRawFile(project, config.branch(), filePath);
        } catch (GitLabApiException e) {
            throw new IOException("GitLab refused the raw file " + filePath + ": " + e.getMessage(), e);
        }
    }

    @Override
    public boolean write(LibraryPath path, InputStream body, long maxBytes, String author) {
        requireNotRoot(path);
        long limit = Math.min(maxBytes, config.maxCommitBytes());
        if (list(path).isPresent()) {
            throw new ConflictException(path.name() + " is a folder");
        }
        boolean existed = file(path).isPresent();
        String content = base64Limited(body, limit);
        CommitAction action = new CommitAction()
                .withAction(existed ? CommitAction.Action.UPDATE : CommitAction.Action.CREATE)
                .withFilePath(inside(path)).withEncoding(Constants.Encoding.BASE64).withContent(content);
        commit(path.owner(), (existed ? "Update " : "Add ") + inside(path), author, List.of(action));
        return !existed;
    }

    @Override
    public boolean mkdir(LibraryPath path, String author) {
        requireNotRoot(path);
        if (list(path).isPresent()) {
            return false;
        }
        if (file(path).isPresent()) {
            throw new ConflictException(path.display() + " exists and is not a directory");
        }
        CommitAction keep = new CommitAction().withAction(CommitAction.Action.CREATE)
                .withFilePath(inside(path) + "/" + KEEP).withContent("");
        commit(path.owner(), "Add folder " + inside(path), author, List.of(keep));
        return true;
    }

    @Override
    public void delete(LibraryPath path, String author) {
        requireNotRoot(path);
        List<CommitAction> actions = new ArrayList<>();
        if (file(path).isPresent()) {
            actions.add(new CommitAction().withAction(CommitAction.Action.DELETE).withFilePath(inside(path)));
        } else {
            for (String blob : blobsUnder(path)) {
                actions.add(new CommitAction().withAction(CommitAction.Action.DELETE).withFilePath(blob));
            }
        }
        if (actions.isEmpty()) {
            throw new NoSuchEntryException("nothing at " + path.display());
        }
        commit(path.owner(), "Delete " + inside(path), author, actions);
    }

    @Override
    public void move(LibraryPath from, LibraryPath to, String author) {
        requireNotRoot(from);
        requireNotRoot(to);
        if (!from.owner().equals(to.owner())) {
            // two projects cannot change in one commit; copying would not be atomic
            throw new BadPathException("in GitLab mode files move within one owner's library only");
        }
        if (to.segments().size() > from.segments().size()
                && to.segments().subList(0, from.segments().size()).equals(from.segments())) {
            throw new ConflictException("a folder cannot be moved into itself");
        }
        if (file(to).isPresent() || list(to).isPresent()) {
            throw new ConflictException(to.display() + " exists already; delete or rename it first");
        }
        List<CommitAction> actions = new ArrayList<>();
        if (file(from).isPresent()) {
            actions.add(moveAction(inside(from), inside(to)));
        } else {
            String prefix = inside(from) + "/";
            for (String blob : blobsUnder(from)) {
                actions.add(moveAction(blob, inside(to) + "/" + blob.substring(prefix.length())));
            }
        }
        if (actions.isEmpty()) {
            throw new NoSuchEntryException("nothing at " + from.display());
        }
        commit(from.owner(), "Move " + inside(from) + " to " + inside(to), author, actions);
    }

    @Override
    public void forEachFile(LibraryPath directory, FileVisitor visitor) {
        if (list(directory).isEmpty()) {
            throw new NoSuchEntryException("no directory " + directory.display());
        }
        String project = project(directory.owner());
        String prefix = directory.segments().isEmpty() ? "" : inside(directory) + "/";
        try {
            for (String blob : blobsUnder(directory)) {
                String name = blob.substring(blob.lastIndexOf('/') + 1);
                if (!KEEP.equals(name)) {
                    visitor.visit(blob.substring(prefix.length()),
                            FileContent.remote(name, -1, null, () -> openRaw(project, blob)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every file path (inside the project) below a folder, all pages of the recursive tree. */
    private List<String> blobsUnder(LibraryPath directory) {
        return tree(directory, true).orElse(List.of()).stream()
                .filter(item -> item.getType() == TreeItem.Type.BLOB).map(TreeItem::getPath).toList();
    }

    /** The tree below a folder; empty when the owner has no project. */
    private Optional<List<TreeItem>> tree(LibraryPath directory, boolean recursive) {
        String filePath = directory.segments().isEmpty() ? null : inside(directory);
        try {
            return Optional.of(gitlab.getRepositoryApi().getTree(project(directory.owner()), filePath, config.branch(),
                    recursive));
        } catch (GitLabApiException e) {
            if (e.getHttpStatus() == 404) {
                return Optional.empty();
            }
            throw unavailable("list " + directory.display(), e);
        }
    }

    private void commit(String owner, String message, String author, List<CommitAction> actions) {
        try {
            gitlab.getCommitsApi().createCommit(project(owner), config.branch(), message, null,
                    author + "@" + config.authorEmailDomain(), author, actions);
        } catch (GitLabApiException e) {
            if (e.getHttpStatus() == 400 && String.valueOf(e.getMessage()).contains("already exists")) {
                throw new ConflictException("it exists already in GitLab (someone else wrote it meanwhile); reload");
            }
            throw unavailable("commit to " + project(owner), e);
        }
    }

    private static CommitAction moveAction(String from, String to) {
        return new CommitAction().withAction(CommitAction.Action.MOVE).withPreviousPath(from).withFilePath(to);
    }

    /** The body as base64, refusing it once it passes {@code limit} (GitLab takes content inline). */
    private static String base64Limited(InputStream body, long limit) {
        ByteArrayOutputStream encoded = new ByteArrayOutputStream();
        try (OutputStream out = Base64.getEncoder().wrap(encoded)) {
            byte[] buffer = new byte[64 * 1024];
            long total = 0;
            for (int n; (n = body.read(buffer)) >= 0; ) {
                total += n;
                if (total > limit) {
                    throw new WriteLimitExceededException(limit);
                }
                out.write(buffer, 0, n);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return encoded.toString(java.nio.charset.StandardCharsets.US_ASCII);
    }

    private String project(String owner) {
        return config.group() + "/" + (UserNames.COMMON.equals(owner) ? config.commonProject() : owner);
    }

    private static String inside(LibraryPath path) {
        return String.join("/", path.segments());
    }

    private static void requireNotRoot(LibraryPath path) {
        if (path.segments().isEmpty()) {
            throw new BadPathException("a user's library root cannot be replaced, moved or deleted");
        }
    }

    private StoreUnavailableException unavailable(String what, GitLabApiException e) {
        String hint = switch (e.getHttpStatus()) {
            case 401, 403 -> "; the library's GitLab TOKEN was refused (it needs the api scope on group "
                    + config.group() + ")";
            case 0 -> "; is GITLAB_URL right and GitLab reachable?";
            default -> "";
        };
        return new StoreUnavailableException("GitLab could not " + what + " (HTTP " + e.getHttpStatus() + ")" + hint, e);
    }
}
