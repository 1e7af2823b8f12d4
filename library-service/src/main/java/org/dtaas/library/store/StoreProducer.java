package org.dtaas.library.store;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.nio.file.Path;
import java.util.Optional;
import org.dtaas.files.UnixAccounts;
import org.dtaas.files.UserDisks;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.dtaas.library.config.LibraryConfig;
import org.gitlab4j.api.GitLabApi;

/** Picks the store that {@code MODE} names; an unknown mode or a GitLab mode without its settings stops the start. */
public class StoreProducer {

    @Produces
    @ApplicationScoped
    LibraryStore store(LibraryConfig config, @ConfigProperty(name = "dtaas.home") String home,
            @ConfigProperty(name = "dtaas.unix-accounts") String accounts, @ConfigProperty(name = "dtaas.uid-base") int uidBase,
            @ConfigProperty(name = "dtaas.user-disk.command") Optional<String> diskCommand,
            @ConfigProperty(name = "dtaas.user-disk.size") String diskSize) {
        return switch (config.mode()) {
            case "local" -> new LocalFolderStore(Path.of(config.localPath()), UnixAccounts.of(Path.of(home), accounts, uidBase),
                    UserDisks.of(Path.of(home), diskCommand, diskSize));
            case "gitlab" -> new GitLabStore(gitlab(config.gitlab()), config.gitlab());
            default -> throw new IllegalStateException("MODE=" + config.mode() + " is unknown; use local or gitlab");
        };
    }

    private static GitLabApi gitlab(LibraryConfig.GitLab config) {
        String url = config.url().orElseThrow(() -> new IllegalStateException(
                "MODE=gitlab needs GITLAB_URL (e.g. https://gitlab.example.org) and TOKEN (api scope)"));
        String token = config.token().orElseThrow(() -> new IllegalStateException(
                "MODE=gitlab needs TOKEN, a GitLab access token with the api scope on group " + config.group()));
        GitLabApi api = new GitLabApi(url, token);
        api.setRequestTimeout(5_000, 60_000);
        return api;
    }
}
