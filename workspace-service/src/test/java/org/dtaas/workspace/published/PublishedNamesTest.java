package org.dtaas.workspace.published;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Published names belong to their owner: the user's name, or it and a '-', unless a longer user name claims it. */
class PublishedNamesTest {

    private final List<String> users = List.of("ann", "ann-x", "bob");

    @Test
    void aUsersNamesAreTheirs() {
        assertTrue(PublishedService.ownersName("ann", "ann", users));
        assertTrue(PublishedService.ownersName("ann", "ann-dashboard", users));
        assertTrue(PublishedService.ownersName("ann-x", "ann-x-board", users));
    }

    @Test
    void nobodyTakesAnotherUsersNames() {
        assertFalse(PublishedService.ownersName("ann", "bob-dashboard", users));
        assertFalse(PublishedService.ownersName("ann", "anna", users));
        assertFalse(PublishedService.ownersName("ann", "ann-x", users));
        assertFalse(PublishedService.ownersName("ann", "ann-x-board", users));
        assertFalse(PublishedService.ownersName("bob", "dashboard", users));
    }
}
