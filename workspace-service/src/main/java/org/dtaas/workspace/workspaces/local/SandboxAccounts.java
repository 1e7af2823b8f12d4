package org.dtaas.workspace.workspaces.local;

import java.nio.file.Path;
import org.dtaas.files.UnixAccounts;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/** The installation's Unix accounts as configured ({@code DTAAS_UNIX_ACCOUNTS}, {@code DTAAS_UID_BASE}). */
final class SandboxAccounts {

    private SandboxAccounts() {
    }

    static UnixAccounts fromConfig() {
        Config config = ConfigProvider.getConfig();
        return UnixAccounts.of(Path.of(config.getValue("dtaas.home", String.class)),
                config.getValue("dtaas.unix-accounts", String.class), config.getValue("dtaas.uid-base", Integer.class));
    }
}
