package org.dtaas.library.graphql;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class EventLoopBudgetTest {

    @Test
    void entriesAndBytesAddUpOverTheWholeExecution() {
        EventLoopBudget budget = EventLoopBudget.forEventLoop();
        budget.spendEntries(200);
        assertEquals(EventLoopBudget.MAX_ENTRIES - 200, budget.entriesLeft(), "a second listing may have only what is left");
        assertThrows(EventLoopBudget.NeedsWorker.class, () -> budget.spendEntries(100));
        assertTrue(budget.exceeded());
        // once past, every later field stops at once, even one that would have fitted
        assertThrows(EventLoopBudget.NeedsWorker.class, () -> budget.spendFileBytes(1));

        EventLoopBudget files = EventLoopBudget.forEventLoop();
        files.spendFileBytes(EventLoopBudget.MAX_FILE_BYTES);
        assertFalse(files.exceeded(), "exactly the budget fits");
        assertThrows(EventLoopBudget.NeedsWorker.class, () -> files.spendFileBytes(1));
    }

    @Test
    void searchesAndSummariesNeverRunOnTheEventLoop() {
        EventLoopBudget budget = EventLoopBudget.forEventLoop();
        assertThrows(EventLoopBudget.NeedsWorker.class, budget::workerOnly);
        assertTrue(budget.exceeded());
    }

    @Test
    void aWorkersBudgetHasNoLimit() {
        EventLoopBudget budget = EventLoopBudget.unlimited();
        assertDoesNotThrow(() -> {
            budget.spendEntries(1_000_000);
            budget.spendFileBytes(Long.MAX_VALUE / 2);
            budget.workerOnly();
        });
        assertEquals(Integer.MAX_VALUE, budget.entriesLeft());
        assertFalse(budget.exceeded());
    }
}
