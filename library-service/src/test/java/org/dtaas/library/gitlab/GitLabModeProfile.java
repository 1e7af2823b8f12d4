package org.dtaas.library.gitlab;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;

/** The library with MODE=gitlab against {@link GitLabServer}. */
public class GitLabModeProfile implements QuarkusTestProfile {

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(GitLabServer.class));
    }
}
