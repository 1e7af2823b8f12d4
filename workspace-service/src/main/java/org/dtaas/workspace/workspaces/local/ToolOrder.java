package org.dtaas.workspace.workspaces.local;

import java.util.List;

/** The order the Workbench shows tools in, as in the seed's menu. */
final class ToolOrder {

    private static final List<String> ORDER = List.of("lab", "notebook", "vscode", "desktop", "terminal");

    private ToolOrder() {
    }

    static int of(String name) {
        int index = ORDER.indexOf(name);
        return index < 0 ? ORDER.size() : index;
    }
}
