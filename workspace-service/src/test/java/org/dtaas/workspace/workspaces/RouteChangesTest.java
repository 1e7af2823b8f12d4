package org.dtaas.workspace.workspaces;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.smallrye.mutiny.helpers.test.AssertSubscriber;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The route table's versions: a follower gets the current one, then one per change, none without a change. */
class RouteChangesTest {

    @Test
    void aFollowerIsToldOfEachChangeAndOfNothingElse() {
        AtomicReference<Map<String, List<ToolRoute>>> table = new AtomicReference<>(Map.of());
        RouteChanges changes = new RouteChanges(table::get);
        AssertSubscriber<Long> gateway = changes.follow().subscribe().withSubscriber(AssertSubscriber.create(10));
        gateway.awaitItems(1);
        assertEquals(List.of(1L), gateway.getItems(), "the current version at once");

        changes.check(); // the same (empty) table: nothing to tell
        table.set(Map.of("alice", List.of(new ToolRoute("/alice/lab/", "http://127.0.0.1:41000/", Map.of()))));
        changes.check();
        changes.check(); // unchanged since
        gateway.awaitItems(2);
        table.set(Map.of());
        changes.check(); // the route went
        gateway.awaitItems(3);
        assertEquals(List.of(1L, 2L, 3L), gateway.getItems());
        assertEquals(3L, changes.version());
        gateway.cancel();
    }
}
