package io.ninjastore.cli;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link Sink} that gathers samples into batches of {@code batchSize} units (rows, samples or
 * strings) and writes each batch as one commit of the store it opens on the first write.
 * Subclasses say how to keep an item, how many units it holds, and how to write a batch.
 *
 * <p>Not thread-safe. Lifetime: call {@link #finish()} to write the last batch; {@link #close()} ends
 * the progress bar but leaves the store to its owner.
 */
abstract class BatchWriter<T> implements Sink<T>, AutoCloseable {
    protected final int batchSize;
    private final ProgressBar bar;
    private final List<T> pending = new ArrayList<>();
    private long pendingUnits;
    private long written;

    BatchWriter(int batchSize, String progressLabel) {
        this.batchSize = batchSize;
        this.bar = progressLabel == null ? null : new ProgressBarBuilder().setTaskName(progressLabel).setInitialMax(-1).build();
    }

    @Override
    public void accept(T item) throws IOException {
        pending.add(keep(item));
        pendingUnits += units(item);
        if (pendingUnits >= batchSize) flush();
    }

    /** Writes the pending batch, if any. */
    protected final void flush() throws IOException {
        if (pending.isEmpty()) return;
        write(pending);
        written(pendingUnits);
        pending.clear();
        pendingUnits = 0;
    }

    /** Counts units written outside the batch (a block written directly). */
    protected final void written(long units) {
        written += units;
        if (bar != null) bar.stepBy(units);
    }

    protected final boolean hasPending() { return !pending.isEmpty(); }

    /** Writes what is pending; subclasses add what an empty input still has to create. */
    void finish() throws IOException { flush(); }

    /** Units (rows, samples, strings) written so far. */
    long written() { return written; }

    /** What the batch holds for {@code item}: a copy of an array that may be unmapped after {@link #accept}. */
    protected abstract T keep(T item);

    protected abstract long units(T item);

    protected abstract void write(List<T> batch) throws IOException;

    @Override
    public void close() {
        if (bar != null) bar.close();
    }
}
