package org.dtaas.library.gitlab;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * A stand-in GitLab (no GitLab can run here): WireMock, loaded with answers shaped as GitLab's REST
 * API documents them (src/test/resources/gitlab/mappings). Tests add their own stubs and check the
 * requests the library sent.
 */
public class GitLabServer implements QuarkusTestResourceLifecycleManager {

    static WireMockServer server;

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(WireMockConfiguration.options().dynamicPort().usingFilesUnderClasspath("gitlab"));
        server.start();
        return Map.of("dtaas.library.mode", "gitlab",
                "dtaas.library.gitlab.url", server.baseUrl(),
                "dtaas.library.gitlab.token", "glpat-test-token",
                "dtaas.library.gitlab.group", "dtaas",
                "dtaas.library.gitlab.max-commit-bytes", "4096");
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }
}
