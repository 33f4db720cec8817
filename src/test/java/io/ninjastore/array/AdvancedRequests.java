package io.ninjastore.array;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Random shapes and index requests that stress numpy's advanced indexing: 1 to 3 lists among slices
 * and positions, lists mostly of one common length (or of length 1, which broadcasts), now and then of
 * lengths that do not broadcast, with entries negative or out of range, an ellipsis here and there,
 * newaxes ({@code None}) anywhere among them, and empty axes. Everything is drawn from a {@link Random},
 * so a seed rebuilds a case.
 */
public final class AdvancedRequests {
    private AdvancedRequests() {}

    /** A shape of rank 1 to 4, axes of 0 to 5 (0 now and then). */
    public static long[] shape(Random r) { return shape(r, 1 + r.nextInt(4)); }

    /** A shape of the given rank, axes of 0 to 5 (0 now and then). */
    public static long[] shape(Random r, int rank) {
        long[] shape = new long[rank];
        for (int k = 0; k < shape.length; k++) shape[k] = r.nextInt(10) == 0 ? 0 : 1 + r.nextInt(5);
        return shape;
    }

    /**
     * A request for an array of {@code shape}: usually 1 to 3 lists, now and then none, malformed or out
     * of range; in two requests out of five, one or two newaxes anywhere (between lists, beside an ellipsis).
     */
    public static Index[] request(Random r, long[] shape) {
        int n = r.nextInt(25) == 0 ? shape.length + 1 : 1 + r.nextInt(shape.length); // now and then too many
        boolean[] list = new boolean[n];
        int lists = r.nextInt(12) == 0 ? 0 : 1 + r.nextInt(Math.min(3, n));
        for (int placed = 0; placed < lists; ) {
            int k = r.nextInt(n);
            if (!list[k]) {
                list[k] = true;
                placed++;
            }
        }
        int common = r.nextInt(4);
        List<Index> out = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            long len = k < shape.length ? shape[k] : 3;
            out.add(list[k] ? list(r, len, common) : basic(r, len));
        }
        if (r.nextInt(6) == 0) out.add(r.nextInt(out.size() + 1), Index.ellipsis());
        if (r.nextInt(50) == 0) out.add(Index.ellipsis()); // two ellipses, or one too many
        if (r.nextInt(5) < 2) {
            for (int m = 1 + r.nextInt(2); m > 0; m--) out.add(r.nextInt(out.size() + 1), Index.newAxis());
        }
        return out.toArray(Index[]::new);
    }

    /** A list of length {@code common} or 1 (now and then another length), entries in range but now and then. */
    private static Index list(Random r, long len, int common) {
        int length = r.nextInt(20) == 0 ? r.nextInt(4) : r.nextInt(4) == 0 ? 1 : common;
        long[] ps = new long[length];
        for (int i = 0; i < length; i++) ps[i] = position(r, len);
        return Index.of(ps);
    }

    /** A position, a slice of any step or the whole axis. */
    private static Index basic(Random r, long len) {
        return switch (r.nextInt(5)) {
            case 0, 1 -> Index.at(position(r, len));
            case 2 -> Index.all();
            default -> {
                long reach = len + 2;
                yield Index.range(r.nextBoolean() ? null : r.nextLong(-reach, reach + 1), r.nextBoolean() ? null : r.nextLong(-reach, reach + 1),
                        r.nextInt(3) > 0 ? 1 + r.nextInt(3) : -1 - r.nextInt(3));
            }
        };
    }

    /** Whether {@code request} holds a newaxis; {@code between} also asks for one between two lists or positions. */
    public static boolean hasNewAxis(Index[] request, boolean between) {
        int first = -1, last = -1;
        for (int i = 0; i < request.length; i++) {
            if (request[i] instanceof Index.Of || request[i] instanceof Index.At) {
                if (first < 0) first = i;
                last = i;
            }
        }
        for (int i = 0; i < request.length; i++) {
            if (request[i] == Index.newAxis() && (!between || first < i && i < last)) return true;
        }
        return false;
    }

    /** Stages of indices as numpy chains them: {@code [0, [1, 2]][::-1]}. */
    public static String format(List<Index[]> stages) {
        StringBuilder sb = new StringBuilder();
        for (Index[] s : stages) sb.append('[').append(Index.format(s)).append(']');
        return sb.toString();
    }

    /** A position on an axis of {@code len}, negative half the time, out of range now and then (always when the axis is empty). */
    private static long position(Random r, long len) {
        return r.nextInt(25) == 0 || len == 0 ? r.nextLong(-len - 2, len + 2) : r.nextLong(-len, len);
    }
}
