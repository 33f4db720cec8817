package io.ninjastore.offline;

import io.ninjastore.array.Index;
import io.ninjastore.array.NdArray;
import io.ninjastore.array.Selected;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * The pending index of an entry: the index requests applied to it so far, in order, each relative
 * to the shape the previous ones left. Kept unresolved because a random window ({@link Index#random})
 * draws a new position on every read; {@link #resolve} composes the stages into one {@link Selected}
 * of the stored axes, so a read is a single strided copy whatever the number of stages.
 *
 * <p>Immutable and thread-safe (a random window draws from its own generator).
 */
final class Selector {
    static final Selector ALL = new Selector(List.of());

    /** Random windows are resolved with this generator when only the shape is wanted: no draw is consumed. */
    private static final RandomGenerator NO_DRAW = () -> 0L;

    private final List<Index[]> stages;

    private Selector(List<Index[]> stages) {
        this.stages = stages;
    }

    /** This selection narrowed further by {@code request}, relative to the shape it selects now. */
    Selector then(Index... request) {
        if (request.length == 0) return this;
        List<Index[]> next = new ArrayList<>(stages.size() + 1);
        next.addAll(stages);
        next.add(request.clone());
        return new Selector(List.copyOf(next));
    }

    boolean isAll() { return stages.isEmpty(); }

    /** The stages as lists, for display. */
    List<List<Index>> stages() {
        List<List<Index>> out = new ArrayList<>(stages.size());
        for (Index[] s : stages) out.add(List.of(s));
        return List.copyOf(out);
    }

    /**
     * The shape this selection gives an entry stored with shape {@code stored}, checking every stage
     * (bounds, rank, steps, list lengths) without drawing any random window.
     */
    long[] shape(long[] stored) { return compose(stored, false).shape(); }

    /**
     * The stages composed into one selection of the stored axes, each stage indexing as numpy does the
     * result of the ones before; random windows draw their position now.
     */
    Selected resolve(long[] stored) { return compose(stored, true); }

    private Selected compose(long[] stored, boolean draw) {
        Selected s = Selected.all(stored);
        for (Index[] stage : stages) s = s.then(draw ? stage : withoutDraws(stage));
        return s;
    }

    /**
     * Reads the selected part of {@code stored} into a new contiguous array, copying by maximal
     * contiguous runs only the elements the last stage keeps (its cost follows the bytes returned).
     */
    NdArray read(NdArray stored) {
        return isAll() ? stored.copy() : resolve(stored.shape()).read(stored);
    }

    private static Index[] withoutDraws(Index[] stage) {
        Index[] out = stage.clone();
        for (int k = 0; k < out.length; k++) {
            if (out[k] instanceof Index.Random r) out[k] = new Index.Random(r.length(), r.start(), r.stop(), NO_DRAW);
        }
        return out;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (Index[] s : stages) sb.append('[').append(Index.format(s)).append(']');
        return sb.toString();
    }
}
