package org.dtaas.gateway;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Writes access-log lines from a thread of its own, many lines per write. Logged one by one on the
 * event loop, each line cost a formatted log record and a write system call of its own (profiled:
 * a tenth of the gateway's CPU for a small proxied request). The lines look as the console's:
 * {@code HH:mm:ss.SSS INFO  [d.access] <text>}, and reach the output at most {@link #PERIOD_MILLIS}
 * after their request ended.
 *
 * <p>The event loop never waits for the log, and never wakes the writer (a signal per line cost as
 * much as the write it saved): the writer looks every {@link #PERIOD_MILLIS}. When the queue is full
 * (the output cannot keep up), lines are counted and the count is written instead.
 */
final class AccessLogWriter implements AutoCloseable {

    /** Lines the writer may be behind by; at about 100 bytes each, a few MiB at most. */
    static final int QUEUE_LINES = 32_768;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneId.systemDefault());
    /** As the console format ({@code %-5p [%c{1.}]}) prints them for the logger dtaas.access. */
    private static final String LEVEL_AND_CATEGORY = " INFO  [d.access] ";

    private record Line(long epochMillis, String text) {
    }

    static final long PERIOD_MILLIS = 50;

    private final Queue<Line> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicLong dropped = new AtomicLong();
    private volatile boolean stopping;
    private final OutputStream out;
    private final Thread thread;

    AccessLogWriter(OutputStream out) {
        this.out = out;
        this.thread = new Thread(this::run, "dtaas-access-log");
        thread.setDaemon(true);
        thread.start();
    }

    /** Queues a line; never blocks. */
    void log(String text) {
        if (queued.incrementAndGet() > QUEUE_LINES) {
            queued.decrementAndGet();
            dropped.incrementAndGet();
            return;
        }
        queue.add(new Line(System.currentTimeMillis(), text));
    }

    private void run() {
        StringBuilder text = new StringBuilder(64 * 1024);
        boolean last = false;
        while (!last) {
            last = stopping; // one more round after close() for what was queued before it
            text.setLength(0);
            for (Line line = queue.poll(); line != null; line = queue.poll()) {
                queued.decrementAndGet();
                append(text, line.epochMillis(), line.text());
                if (text.length() > 60 * 1024) {
                    write(text);
                }
            }
            long lost = dropped.getAndSet(0);
            if (lost > 0) {
                append(text, System.currentTimeMillis(), lost + " access-log lines were dropped: the log output could not keep up");
            }
            write(text);
            if (!last) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(PERIOD_MILLIS));
            }
        }
    }

    private void write(StringBuilder text) {
        if (text.length() == 0) {
            return;
        }
        try {
            out.write(text.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            // the log output is gone (closed stdout): there is nobody left to tell
        }
        text.setLength(0);
    }

    /** The time last formatted: the lines of one batch mostly share their millisecond. */
    private long formattedMillis = Long.MIN_VALUE;
    private String formattedTime = "";

    private void append(StringBuilder text, long epochMillis, String line) {
        if (epochMillis != formattedMillis) {
            formattedTime = TIME.format(Instant.ofEpochMilli(epochMillis));
            formattedMillis = epochMillis;
        }
        text.append(formattedTime).append(LEVEL_AND_CATEGORY).append(line).append('\n');
    }

    /** Writes what is queued, then ends the thread. */
    @Override
    public void close() {
        stopping = true;
        LockSupport.unpark(thread);
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
