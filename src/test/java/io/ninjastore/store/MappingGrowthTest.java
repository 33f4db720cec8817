package io.ninjastore.store;

import io.ninjastore.array.NdArray;
import io.ninjastore.store.CrashSamples.Kind;
import io.ninjastore.testing.Spec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A store that grows while it is read is mapped again only when it outgrows its mapping (spec C-64):
 * mapping at every growth, and keeping each mapping for the views handed out (C-41), ran into the
 * kernel's limit on mappings after some thousands of appends read back.
 */
class MappingGrowthTest {
    /** Samples, each appended on its own and read back at once. */
    private static final int APPENDS = 2000;
    /** Each file of a store is mapped about log2(MAX_HEADROOM / MIN_HEADROOM) = 10 times at most here. */
    private static final int MAPPINGS_PER_FILE = 12;

    @TempDir
    Path tmp;

    @ParameterizedTest
    @EnumSource(Kind.class)
    @Spec({"C-64", "C-41"})
    void aWriterReadingBackEveryAppendMapsEachFileAFewTimes(Kind kind) throws IOException {
        Path dir = tmp.resolve(kind.name());
        CrashSamples.build(kind, dir, 2, 1_000_000, 2);
        try (Store w = CrashSamples.openWritable(kind, dir, WriteOptions.defaults())) {
            NdArray first = firstView(w); // taken before all the growth below, from the first mapping (C-41)
            double firstValue = first == null ? 0 : first.doubleAt(0);
            long before = mappingsUnder(dir);
            for (long i = 2; i < 2 + APPENDS; i++) {
                CrashSamples.append(w, i, i + 1, 1_000_000);
                CrashSamples.check(w, i, 1_000_000);
            }
            long added = mappingsUnder(dir) - before;
            assertTrue(added <= MAPPINGS_PER_FILE * files(dir), added + " mappings for " + APPENDS + " appends read back");
            if (first != null) assertEquals(firstValue, first.doubleAt(0));
            CrashSamples.checkAll(w, 1_000_000);
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    @Spec("C-64")
    void aReaderRefreshingAtEveryAppendMapsEachFileAFewTimes(Kind kind) throws IOException {
        Path dir = tmp.resolve(kind.name());
        CrashSamples.build(kind, dir, 2, 1_000_000, 2);
        try (Store w = CrashSamples.openWritable(kind, dir, WriteOptions.defaults());
             Store r = CrashSamples.openReader(kind, dir)) {
            CrashSamples.check(r, 1, 1_000_000);
            long before = mappingsUnder(dir);
            for (long i = 2; i < 2 + APPENDS; i++) {
                CrashSamples.append(w, i, i + 1, 1_000_000);
                r.refresh();
                assertEquals(i + 1, r.length());
                CrashSamples.check(r, i, 1_000_000);
            }
            long added = mappingsUnder(dir) - before;
            assertTrue(added <= MAPPINGS_PER_FILE * files(dir), added + " mappings for " + APPENDS + " refreshes read");
        }
    }

    @Test
    @Spec("C-64")
    void aMappingReachesAsFarAgainAsItMustCoverWithinBounds() {
        long min = DenseDir.MIN_HEADROOM, max = DenseDir.MAX_HEADROOM;
        assertEquals(1 + min, DenseDir.mappingSize(1));
        assertEquals(min + min, DenseDir.mappingSize(min));
        assertEquals(2 * 5_000_000L, DenseDir.mappingSize(5_000_000L));
        assertEquals(max + max, DenseDir.mappingSize(max));
        assertEquals(10 * max + max, DenseDir.mappingSize(10 * max));
        assertEquals(Long.MAX_VALUE - 1, DenseDir.mappingSize(Long.MAX_VALUE - 1)); // no overflow
    }

    /** A zero-copy view of sample 1 (sample 0 may be empty), or null for strings (which are copied out). */
    private static NdArray firstView(Store s) {
        return switch (s) {
            case RaggedMmap r -> r.get(1);
            case NumpyMmap n -> n.get(1);
            default -> null;
        };
    }

    /** Mappings of this process whose file lies under {@code dir}. */
    private static long mappingsUnder(Path dir) throws IOException {
        String prefix = dir.toAbsolutePath() + "/";
        try (var lines = Files.lines(Path.of("/proc/self/maps"))) {
            return lines.filter(l -> l.contains(prefix)).count();
        }
    }

    /** Data files of the store in {@code dir}, each of which may be mapped. */
    private static long files(Path dir) throws IOException {
        try (var walk = Files.walk(dir)) {
            return walk.filter(p -> p.getFileName().toString().equals("data.ninja")).count();
        }
    }
}
