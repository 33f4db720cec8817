package io.ninjastore.offline;

import io.ninjastore.array.AdvancedRequests;
import io.ninjastore.array.Index;
import io.ninjastore.array.NdArray;
import io.ninjastore.offline.NaiveIndexer.Ref;
import io.ninjastore.offline.NaiveIndexer.Refused;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Reads checked against {@link NaiveIndexer} over random shapes and random index expressions, newaxes
 * among them: an entry narrowed in several stages (composed into one strided read), and data-list reads
 * whose first index selects entries. A request the reference refuses must be refused the same way
 * ({@link IndexOutOfBoundsException} for a position out of range, {@link IllegalArgumentException}
 * for a malformed request). Every case carries the seed that rebuilds it.
 */
class SliceProperties {
    private static final long DATA_SET_SEED = 20_261_121L;
    private static Path dir;
    private static OfflineDataList list;
    private static final List<Ref> ENTRIES = new ArrayList<>();

    /** A data set of 12 float64 entries of rank 3 with random sizes 0..4, values distinct. */
    @BeforeContainer
    static void writeDataSet() throws IOException {
        System.out.println("SliceProperties: data set seed " + DATA_SET_SEED);
        Random r = new Random(DATA_SET_SEED);
        dir = Files.createTempDirectory("ninjastore-slice-properties");
        try (LardonParser p = Lardon.parser(null, dir.resolve("ds"), CompileOptions.defaults())) {
            for (int e = 0; e < 12; e++) {
                long[] shape = {r.nextInt(5), r.nextInt(5), r.nextInt(5)};
                double[] v = new double[(int) (shape[0] * shape[1] * shape[2])];
                for (int i = 0; i < v.length; i++) v[i] = e * 1000 + i;
                ENTRIES.add(new Ref(shape, v));
                p.register(NdArray.of(v, shape), Map.of());
            }
        }
        list = OfflineDataList.open(dir.resolve("ds"));
    }

    @AfterContainer
    static void deleteDataSet() throws IOException {
        list.close();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }

    /** A stored shape and stages of indices, all rebuilt from {@code seed}. */
    record Staged(long[] shape, List<Index[]> stages, long seed) {
        @Override
        public String toString() { return "shape " + Arrays.toString(shape) + " " + AdvancedRequests.format(stages) + " seed " + seed; }
    }

    @Provide
    Arbitrary<Staged> staged() {
        return Arbitraries.longs().map(seed -> {
            Random r = new Random(seed);
            long[] shape = new long[1 + r.nextInt(4)];
            for (int k = 0; k < shape.length; k++) shape[k] = r.nextInt(8) == 0 ? 0 : 1 + r.nextInt(5);
            List<Index[]> stages = new ArrayList<>();
            long[] current = shape;
            int n = 1 + r.nextInt(3);
            for (int s = 0; s < n && current != null; s++) {
                Index[] stage = request(r, current);
                stages.add(stage);
                current = shapeAfter(current, stage);
            }
            return new Staged(shape, stages, seed);
        });
    }

    /** The shape the reference gives, or null when it refuses the stage. */
    private static long[] shapeAfter(long[] shape, Index[] stage) {
        try {
            return NaiveIndexer.apply(new Ref(shape, new double[(int) Arrays.stream(shape).reduce(1, Math::multiplyExact)]), stage).shape();
        } catch (Refused e) {
            return null;
        }
    }

    @Property(tries = 600)
    void stagedSelectionsReadWhatTheReferenceReads(@ForAll("staged") Staged c) {
        double[] v = new double[(int) Arrays.stream(c.shape()).reduce(1, Math::multiplyExact)];
        for (int i = 0; i < v.length; i++) v[i] = i;
        NdArray stored = NdArray.of(v, c.shape());
        Selector sel = Selector.ALL;
        for (Index[] s : c.stages()) sel = sel.then(s);
        Selector selector = sel;
        Ref want;
        try {
            want = new Ref(c.shape(), v);
            for (Index[] s : c.stages()) want = NaiveIndexer.apply(want, s);
        } catch (Refused refused) {
            Statistics.collect(refused.outOfRange ? "refused: out of range" : "refused: malformed");
            assertRefusedAlike(refused, () -> selector.shape(c.shape()), c);
            assertRefusedAlike(refused, () -> selector.read(stored), c);
            return;
        }
        Statistics.collect(want.values().length == 0 ? "read: empty" : "read: elements");
        coverage("read: elements", 30, "refused: out of range", 5, "refused: malformed", 2);
        assertEquals(Arrays.toString(want.shape()), Arrays.toString(selector.shape(c.shape())), c.toString());
        NdArray got = selector.read(stored);
        assertTrue(want.matches(got), c + ": expected " + want + " got " + Ref.of(got));
    }

    /** A data-list request: the first index selects entries, the rest index inside them. */
    record ListRead(Index[] request, long seed) {
        @Override
        public String toString() { return "[" + Index.format(request) + "] seed " + seed; }
    }

    @Provide
    Arbitrary<ListRead> listReads() {
        return Arbitraries.longs().map(seed -> {
            Random r = new Random(seed);
            List<Index> req = new ArrayList<>();
            if (r.nextInt(5) == 0) { // a leading ellipsis: the entry index is the next index only when the others fill every axis
                req.add(Index.ellipsis());
                int listLength = r.nextInt(4);
                for (int n = r.nextInt(5); n > 0; n--) req.add(item(r, 4, listLength));
                if (r.nextInt(3) == 0) req.add(1 + r.nextInt(req.size()), Index.newAxis()); // an axis of none
            } else {
                req.add(r.nextInt(30) == 0 ? Index.newAxis() : item(r, 12, r.nextInt(4))); // a newaxis first is refused
                req.addAll(Arrays.asList(request(r, new long[] {4, 4, 4})));
            }
            return new ListRead(req.toArray(Index[]::new), seed);
        });
    }

    @Property(tries = 400)
    void dataListReadsWhatTheReferenceReads(@ForAll("listReads") ListRead c) {
        List<Ref> want;
        boolean single;
        try {
            Index[][] split = splitVirtual(c.request(), 3);
            Index first = entryIndex(split);
            single = first instanceof Index.At;
            want = new ArrayList<>();
            long[] entries = positionsOnAxis(first, ENTRIES.size());
            for (long e : entries) want.add(NaiveIndexer.apply(ENTRIES.get((int) e), split[1]));
        } catch (Refused refused) {
            Statistics.collect(refused.outOfRange ? "refused: out of range" : "refused: malformed");
            assertRefusedAlike(refused, () -> list.get(c.request()), c);
            return;
        }
        Statistics.collect(single ? "read: one entry" : "read: " + (want.isEmpty() ? "no entries" : "several entries"));
        coverage("read: one entry", 8, "read: several entries", 15, "refused: out of range", 8);
        Batch got = list.get(c.request());
        if (single) assertInstanceOf(Batch.Single.class, got, c.toString());
        else assertInstanceOf(Batch.PerEntry.class, got, c.toString());
        assertEquals(want.size(), got.arrays().size(), c.toString());
        for (int i = 0; i < want.size(); i++) {
            assertTrue(want.get(i).matches(got.arrays().get(i)), c + " entry " + i + ": expected " + want.get(i) + " got "
                    + Ref.of(got.arrays().get(i)));
        }
    }

    /**
     * The request on the virtual array {@code [entries, axes...]} split into the entry index and the
     * inner request, as numpy would place a leading ellipsis among {@code 1 + entryRank} axes.
     */
    private static Index[][] splitVirtual(Index[] request, int entryRank) {
        if (request.length == 0 || !(request[0] instanceof Index.Ellipsis)) {
            return new Index[][] {{request.length == 0 ? Index.all() : request[0]},
                    Arrays.copyOfRange(request, Math.min(1, request.length), request.length)};
        }
        int explicit = 0; // a newaxis indexes no axis, as in numpy
        for (Index i : request) if (!(i instanceof Index.Ellipsis) && i != Index.newAxis()) explicit++;
        if (explicit > entryRank + 1) throw new Refused(false, "too many indices");
        if (explicit == entryRank + 1) return new Index[][] {{request[1]}, Arrays.copyOfRange(request, 2, request.length)};
        return new Index[][] {{Index.all()}, request};
    }

    /** The entry index: anything but a newaxis, which would make an axis before the entries (lardon's model has none). */
    private static Index entryIndex(Index[][] split) {
        if (split[0][0] == Index.newAxis()) throw new Refused(false, "a newaxis before the entry index");
        return split[0][0];
    }

    /** The positions one index selects along an axis of length n (the reference's own rules). */
    private static long[] positionsOnAxis(Index i, long n) {
        Ref axis = new Ref(new long[] {n}, new double[(int) n]);
        for (int k = 0; k < n; k++) axis.values()[k] = k;
        Ref picked = NaiveIndexer.apply(axis, i);
        return Arrays.stream(picked.values()).mapToLong(d -> (long) d).toArray();
    }

    /** A random request for an array of {@code shape}; now and then malformed or out of range, or with a newaxis. */
    static Index[] request(Random r, long[] shape) {
        int n = r.nextInt(20) == 0 ? shape.length + 1 : r.nextInt(shape.length + 1); // now and then too many
        List<Index> out = new ArrayList<>();
        int listLength = r.nextInt(4); // lists pair: mostly one length per request (or 1, which broadcasts)
        for (int k = 0; k < n; k++) out.add(item(r, k < shape.length ? shape[k] : 3, listLength));
        if (r.nextInt(8) == 0) out.add(r.nextInt(out.size() + 1), Index.ellipsis());
        if (r.nextInt(40) == 0) out.add(Index.ellipsis()); // two ellipses, or one too many
        if (r.nextInt(4) == 0) out.add(r.nextInt(out.size() + 1), Index.newAxis()); // an axis of length 1 later stages index
        return out.toArray(Index[]::new);
    }

    /**
     * One index for an axis of length {@code len}: positions out of range now and then; a list is
     * mostly {@code listLength} long or 1 long, now and then of any length up to 3.
     */
    private static Index item(Random r, long len, int listLength) {
        boolean wild = r.nextInt(15) == 0;
        return switch (r.nextInt(8)) {
            case 0, 1 -> Index.at(wild || len == 0 ? r.nextLong(-len - 2, len + 2) : r.nextLong(-len, len));
            case 2, 3, 4 -> {
                long reach = wild ? len + 3 : len;
                yield Index.range(r.nextBoolean() ? null : r.nextLong(-reach - 1, reach + 1),
                        r.nextBoolean() ? null : r.nextLong(-reach - 1, reach + 1), r.nextInt(3) > 0 ? 1 + r.nextInt(3) : -1 - r.nextInt(3));
            }
            case 5 -> Index.all();
            default -> {
                long[] ps = new long[r.nextInt(8) == 0 ? r.nextInt(4) : r.nextInt(3) == 0 ? 1 : listLength];
                for (int i = 0; i < ps.length; i++) ps[i] = wild || len == 0 ? r.nextLong(-len - 2, len + 2) : r.nextLong(-len, len);
                yield Index.of(ps);
            }
        };
    }

    /** The generators must exercise each outcome: at least the given percentage of tries each (far below the usual share, so it never flakes). */
    private static void coverage(String a, double pa, String b, double pb, String c, double pc) {
        Statistics.coverage(check -> {
            check.check(a).percentage(p -> p >= pa);
            check.check(b).percentage(p -> p >= pb);
            check.check(c).percentage(p -> p >= pc);
        });
    }

    private static void assertRefusedAlike(Refused refused, Supplier<?> call, Object c) {
        try {
            Object got = call.get();
            fail(c + ": the reference refuses (" + refused.getMessage() + ") but the read gave " + got);
        } catch (IndexOutOfBoundsException e) {
            assertTrue(refused.outOfRange, c + ": expected a malformed-request error like the reference (" + refused.getMessage() + "), got " + e);
        } catch (IllegalArgumentException e) {
            assertTrue(!refused.outOfRange, c + ": expected an out-of-range error like the reference (" + refused.getMessage() + "), got " + e);
        }
    }
}
