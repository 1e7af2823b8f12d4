package org.dtaas.library.graphql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class EventLoopBudgetTest {

    @Test
    void entriesAndBytesAddUpOverTheWholeExecution() {
        EventLoopBudget budget = EventLoopBudget.forEventLoop();
        assertTrue(budget.spendEntries(200));
        assertEquals(EventLoopBudget.MAX_ENTRIES - 200, budget.entriesLeft(), "a second listing may have only what is left");
        assertFalse(budget.spendEntries(100));
        assertTrue(budget.exceeded());
        assertEquals(0, budget.entriesLeft());
        // once past, every later field stops at once, even one that would have fitted
        assertFalse(budget.spendFileBytes(1));

        EventLoopBudget files = EventLoopBudget.forEventLoop();
        assertTrue(files.spendFileBytes(EventLoopBudget.MAX_FILE_BYTES), "exactly the budget fits");
        assertFalse(files.exceeded());
        assertFalse(files.spendFileBytes(1));
        assertTrue(files.exceeded());

        EventLoopBudget unknown = EventLoopBudget.forEventLoop();
        assertFalse(unknown.spendFileBytes(-1), "a file of unknown size (-1) adds nothing to the budget");
    }

    @Test
    void aListingLongerThanWhatIsLeftEndsTheExecution() {
        EventLoopBudget budget = EventLoopBudget.forEventLoop();
        budget.passed();
        assertTrue(budget.exceeded());
        assertFalse(budget.spendEntries(0));
    }

    @Test
    void searchesAndSummariesNeverRunOnTheEventLoop() {
        EventLoopBudget budget = EventLoopBudget.forEventLoop();
        assertFalse(budget.allowsWorkOfUnknownSize());
        assertTrue(budget.exceeded());
    }

    @Test
    void aWorkersBudgetHasNoLimit() {
        EventLoopBudget budget = EventLoopBudget.unlimited();
        assertTrue(budget.spendEntries(1_000_000));
        assertTrue(budget.spendFileBytes(Long.MAX_VALUE / 2));
        assertTrue(budget.allowsWorkOfUnknownSize());
        assertEquals(Integer.MAX_VALUE, budget.entriesLeft());
        assertFalse(budget.exceeded());
    }
}
