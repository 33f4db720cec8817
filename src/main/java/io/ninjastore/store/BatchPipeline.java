package io.ninjastore.store;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Overlaps a build's generator with its writes. The caller's thread takes items from the generator and
 * hands them over in chunks; one writer thread stages them into the store as they arrive and commits
 * when the batch is complete. The caller waits for that commit before it asks the generator for the
 * next batch's first item, so a generator asked for item j still finds every whole batch before it
 * committed (spec C-30): only the generator's work within a batch overlaps the writes. On two cores a
 * build then costs about the larger of generating and writing instead of their sum.
 *
 * <p>Memory: at most {@link #QUEUED} chunks wait, plus the one being filled and the one being staged.
 *
 * <p>Not thread-safe: one caller. {@link #close()} stops the writer thread.
 */
final class BatchPipeline<S, T> implements AutoCloseable {
    /** Smaller batches gain nothing from a second thread and pay a hand-off per batch. */
    static final int MIN_BATCH = 64;
    private static final int QUEUED = 4;
    /** Ends a batch: the writer commits what it staged. */
    private static final Object END = new Object();
    /** Abandons a batch: the writer's iteration throws, and the store rolls the batch back. */
    private static final Object ABORT = new Object();

    private final Builds.Extender<S, T> extender;
    private final int chunkSize;
    private final ExecutorService writer;

    BatchPipeline(Builds.Extender<S, T> extender, int batchSize, String label) {
        this.extender = extender;
        // Eight chunks a batch: the generator overlaps seven eighths of the batch's writes.
        this.chunkSize = Math.clamp(batchSize / 8, 8, 1024);
        this.writer = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "ninjastore-build " + label);
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Writes one batch of up to {@code batchSize} items to {@code store}, {@code first} (if not null) and
     * then items of {@code rest}, and returns when it is committed.
     *
     * @return the number of items written
     */
    int writeBatch(S store, T first, Iterator<? extends T> rest, int batchSize) throws IOException {
        BlockingQueue<Object> queue = new ArrayBlockingQueue<>(QUEUED);
        Future<?> task = writer.submit(() -> {
            extender.extend(store, new Handed<>(queue));
            return null;
        });
        int count = 0;
        try {
            List<T> chunk = new ArrayList<>(chunkSize);
            if (first != null) {
                chunk.add(first);
                count++;
            }
            while (count < batchSize && rest.hasNext()) {
                chunk.add(rest.next());
                count++;
                if (chunk.size() == chunkSize) {
                    hand(queue, task, chunk);
                    chunk = new ArrayList<>(chunkSize);
                }
            }
            if (!chunk.isEmpty()) hand(queue, task, chunk);
            hand(queue, task, END);
        } catch (Throwable e) {
            // The generator failed (or the writer did, reported by hand): the batch must not commit.
            abandon(queue, task, e);
            throw e;
        }
        await(task);
        return count;
    }

    /** Hands {@code x} to the writer; if the writer has stopped (it failed), reports its failure instead. */
    private static void hand(BlockingQueue<Object> queue, Future<?> task, Object x) throws IOException {
        try {
            while (!queue.offer(x, 10, TimeUnit.MILLISECONDS)) {
                if (task.isDone()) {
                    await(task);
                    throw new IllegalStateException("internal: the build's writer stopped in the middle of a batch");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw interrupted(e);
        }
    }

    /**
     * Makes the writer roll the batch back and waits until it has. Interrupts are deferred, not obeyed:
     * the writer owns the store's files until it is done, and an interrupted FileChannel would close.
     */
    private static void abandon(BlockingQueue<Object> queue, Future<?> task, Throwable cause) {
        boolean interrupted = false;
        queue.clear(); // what was not staged yet need not be
        while (!task.isDone()) {
            try {
                if (queue.offer(ABORT, 10, TimeUnit.MILLISECONDS)) break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        try {
            await(task);
        } catch (Abandoned expected) {
            // the writer rolled the batch back, as asked
        } catch (Throwable writerFailure) {
            if (writerFailure != cause) cause.addSuppressed(writerFailure);
        }
        if (interrupted) Thread.currentThread().interrupt();
    }

    /** Waits for the batch's task and rethrows what it threw, as it was thrown. */
    private static void await(Future<?> task) throws IOException {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    task.get();
                    return;
                } catch (InterruptedException e) {
                    interrupted = true; // the writer owns the store until the batch is done: wait for it
                }
            }
        } catch (ExecutionException e) {
            switch (e.getCause()) {
                case IOException io -> throw io;
                case RuntimeException re -> throw re;
                case Error err -> throw err;
                default -> throw new IllegalStateException(e.getCause());
            }
        } finally {
            if (interrupted) Thread.currentThread().interrupt();
        }
    }

    private static InterruptedIOException interrupted(InterruptedException e) {
        InterruptedIOException io = new InterruptedIOException("interrupted while building a store");
        io.initCause(e);
        return io;
    }

    /** Stops the writer thread; between batches it is idle (every batch is awaited). */
    @Override
    public void close() {
        writer.shutdown();
    }

    /** Thrown into the writer's iteration when the caller abandons a batch. */
    private static final class Abandoned extends RuntimeException {
        Abandoned() {
            super("the batch was abandoned: its generator failed", null, false, false);
        }
    }

    /** The batch as the writer sees it: items in the order handed, blocking until they arrive. One pass. */
    private static final class Handed<T> implements Iterable<T> {
        private final BlockingQueue<Object> queue;
        private boolean iterated;

        Handed(BlockingQueue<Object> queue) { this.queue = queue; }

        @Override
        public Iterator<T> iterator() {
            if (iterated) throw new IllegalStateException("internal: a handed batch can be iterated once");
            iterated = true;
            return new Iterator<>() {
                private Iterator<T> chunk = java.util.Collections.emptyIterator();
                private boolean ended;

                @Override
                public boolean hasNext() {
                    while (!ended && !chunk.hasNext()) {
                        Object x = take();
                        if (x == END) {
                            ended = true;
                        } else if (x == ABORT) {
                            throw new Abandoned();
                        } else {
                            @SuppressWarnings("unchecked")
                            List<T> items = (List<T>) x;
                            chunk = items.iterator();
                        }
                    }
                    return !ended;
                }

                @Override
                public T next() {
                    if (!hasNext()) throw new NoSuchElementException();
                    return chunk.next();
                }

                private Object take() {
                    try {
                        return queue.take();
                    } catch (InterruptedException e) {
                        // Nothing interrupts a writer mid-batch; if something did, the flag is not kept:
                        // the rollback that follows must not find its FileChannel closed by it.
                        throw new Abandoned();
                    }
                }
            };
        }
    }
}
