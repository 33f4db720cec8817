package io.ninjastore.offline;

import io.ninjastore.array.Index;
import io.ninjastore.array.Indexing;
import io.ninjastore.array.NdArray;
import io.ninjastore.array.Selection;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * The pending index of an entry: the index requests applied to it so far, in order, each relative
 * to the shape the previous ones left. Kept unresolved because a random window ({@link Index#random})
 * draws a new position on every read; {@link #resolve} composes the stages into one
 * {@link Selection} per stored axis, so a read is a single strided view whatever the number of stages.
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
     * (bounds, rank, steps) without drawing any random window.
     */
    long[] shape(long[] stored) {
        long[] shape = stored;
        for (Index[] stage : stages) shape = selectedShape(Indexing.resolve(withoutDraws(stage), shape));
        return shape.clone();
    }

    /**
     * The stages composed: one selection per stored axis, and the stored axes the result keeps in the
     * order the stages leave them (a stage may put a list's axis first, see {@link Indexing#resultAxes}).
     */
    record Resolved(Selection[] perAxis, int[] axes) {}

    /** The stages composed; random windows draw their position now. */
    Resolved resolve(long[] stored) {
        Selection[] perAxis = new Selection[stored.length];
        for (int k = 0; k < stored.length; k++) perAxis[k] = new Selection.Slice(0, 1, stored[k]);
        int[] visible = identity(stored.length);
        long[] shape = stored;
        for (Index[] stage : stages) {
            Selection[] s = Indexing.resolve(stage, shape);
            for (int j = 0; j < s.length; j++) perAxis[visible[j]] = compose(perAxis[visible[j]], s[j]);
            int[] kept = Indexing.resultAxes(s);
            int[] nextVisible = new int[kept.length];
            for (int i = 0; i < kept.length; i++) nextVisible[i] = visible[kept[i]];
            visible = nextVisible;
            shape = selectedShape(s);
        }
        return new Resolved(perAxis, visible);
    }

    /**
     * Reads the selected part of {@code stored} into a new contiguous array. A view over the
     * selection is copied by maximal contiguous runs (its cost follows the bytes returned); a list
     * index gathers, which {@link NdArray#get} already does into a fresh copy.
     */
    NdArray read(NdArray stored) {
        if (isAll()) return stored.copy();
        Resolved r = resolve(stored.shape());
        Selection[] sel = r.perAxis();
        boolean gathers = false;
        for (Selection s : sel) gathers |= s instanceof Selection.Gather;
        NdArray picked = stored.get(toIndices(sel));
        // get() orders the axes for the composed selection as one request; the stages may have ordered them otherwise.
        int[] order = permutation(Indexing.resultAxes(sel), r.axes());
        if (order != null) return picked.transpose(order).copy();
        return gathers ? picked : picked.copy();
    }

    /** The positions in {@code from} of {@code to}'s elements (both the same stored axes); null when they are in the same order. */
    private static int[] permutation(int[] from, int[] to) {
        if (Arrays.equals(from, to)) return null;
        int[] p = new int[to.length];
        for (int i = 0; i < to.length; i++) {
            int j = 0;
            while (from[j] != to[i]) j++;
            p[i] = j;
        }
        return p;
    }

    /** {@code inner} applied after {@code outer} on one axis, as one selection of the stored axis. */
    static Selection compose(Selection outer, Selection inner) {
        return switch (inner) {
            case Selection.Point p -> new Selection.Point(outer.position(p.position()));
            case Selection.Gather g -> {
                long[] ps = new long[Math.toIntExact(g.count())];
                for (int i = 0; i < ps.length; i++) ps[i] = outer.position(g.position(i));
                yield new Selection.Gather(ps);
            }
            case Selection.Slice s -> switch (outer) {
                case Selection.Slice o -> s.count() == 0
                        ? new Selection.Slice(0, 1, 0)
                        : new Selection.Slice(o.position(s.start()), Math.multiplyExact(o.step(), s.step()), s.count());
                case Selection.Gather o -> {
                    long[] ps = new long[Math.toIntExact(s.count())];
                    for (int i = 0; i < ps.length; i++) ps[i] = o.position(s.position(i));
                    yield new Selection.Gather(ps);
                }
                case Selection.Point o -> throw new IllegalStateException("a dropped axis cannot be indexed again");
            };
        };
    }

    /** Resolved selections back to indices {@link NdArray#get} accepts, selecting the same positions. */
    static Index[] toIndices(Selection[] sel) {
        Index[] out = new Index[sel.length];
        for (int k = 0; k < sel.length; k++) {
            out[k] = switch (sel[k]) {
                case Selection.Point p -> Index.at(p.position());
                case Selection.Gather g -> Index.of(g.positions());
                case Selection.Slice s -> {
                    if (s.count() == 0) yield Index.range(0, 0);
                    long last = s.position(s.count() - 1);
                    if (s.step() > 0) yield Index.range(s.start(), last + 1, s.step());
                    // A negative stop would count from the end: the exclusive stop before position 0 is "none".
                    yield Index.range(s.start(), last == 0 ? null : Long.valueOf(last - 1), s.step());
                }
            };
        }
        return out;
    }

    private static long[] selectedShape(Selection[] s) {
        int[] axes = Indexing.resultAxes(s);
        long[] out = new long[axes.length];
        for (int i = 0; i < axes.length; i++) out[i] = s[axes[i]].count();
        return out;
    }

    private static Index[] withoutDraws(Index[] stage) {
        Index[] out = stage.clone();
        for (int k = 0; k < out.length; k++) {
            if (out[k] instanceof Index.Random r) out[k] = new Index.Random(r.length(), r.start(), r.stop(), NO_DRAW);
        }
        return out;
    }

    private static int[] identity(int n) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) a[i] = i;
        return a;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (Index[] s : stages) sb.append('[').append(Index.format(s)).append(']');
        return sb.toString();
    }
}
