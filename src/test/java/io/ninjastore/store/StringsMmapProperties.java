package io.ninjastore.store;

import io.ninjastore.testing.Spec;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterProperty;
import org.apache.commons.io.file.PathUtils;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link StringsMmap} over random strings of any code points (NUL, the BMP edges, supplementary
 * planes): round trip and reopen, growth in pieces equal to one write, lone surrogates refused.
 */
class StringsMmapProperties {
    private final Path tmp;

    StringsMmapProperties() throws IOException {
        tmp = Files.createTempDirectory("stringsmmap-properties");
    }

    @AfterProperty
    void cleanUp() throws IOException {
        PathUtils.deleteDirectory(tmp);
    }

    @Property(tries = 60)
    @Spec({"F-20", "F-21", "F-22"})
    void anyWellFormedStringRoundTrips(@ForAll("stringLists") List<String> strings) throws IOException {
        Path dir = fresh();
        StringsMmap.fromStrings(dir, strings).close();
        StringBuilder all = new StringBuilder();
        strings.forEach(all::append);
        byte[] bytes = all.toString().getBytes(StandardCharsets.UTF_8);
        // no bytes at all are kept as one zero byte (F-6)
        assertArrayEquals(bytes.length == 0 ? new byte[] {0} : bytes, Files.readAllBytes(dir.resolve("data.ninja")));
        try (StringsMmap s = StringsMmap.open(dir)) {
            assertEquals(strings, new ArrayList<>(s));
            for (int i = 0; i < strings.size(); i++) assertArrayEquals(strings.get(i).getBytes(StandardCharsets.UTF_8), s.bytes(i));
        }
    }

    @Property(tries = 50)
    void growingInPiecesWritesTheBytesOfOneWrite(@ForAll("stringLists") List<String> strings, @ForAll long seed) throws IOException {
        Path one = fresh(), pieces = fresh();
        StringsMmap.fromStrings(one, strings).close();
        SplittableRandom cuts = new SplittableRandom(seed);
        try (StringsMmap s = StringsMmap.create(pieces, WriteOptions.defaults())) {
            for (int at = 0; at < strings.size(); ) {
                int to = at + cuts.nextInt(strings.size() - at + 1);
                s.extend(strings.subList(at, to));
                at = to;
            }
            assertEquals(strings, new ArrayList<>(s));
        }
        StoresTest.assertSameStoreFiles(one, pieces);
        try (StringsMmap s = StringsMmap.open(pieces)) {
            assertEquals(strings, new ArrayList<>(s));
        }
    }

    @Property(tries = 50)
    @Spec("F-22")
    void aLoneSurrogateAnywhereIsRefused(@ForAll("stringLists") List<String> strings, @ForAll long seed) throws IOException {
        SplittableRandom r = new SplittableRandom(seed);
        List<String> bad = new ArrayList<>(strings);
        int which = r.nextInt(bad.size() + 1);
        String host = which < bad.size() ? bad.get(which) : "";
        int at = host.offsetByCodePoints(0, r.nextInt(host.codePointCount(0, host.length()) + 1)); // between code points
        char lone = (char) (r.nextBoolean() ? r.nextInt(0xD800, 0xDC00) : r.nextInt(0xDC00, 0xE000));
        String broken = host.substring(0, at) + lone + host.substring(at);
        if (which < bad.size()) bad.set(which, broken);
        else bad.add(broken);
        Path dir = fresh();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StringsMmap.fromStrings(dir, bad));
        assertTrue(e.getMessage().contains("string " + which + " ") && e.getMessage().contains("lone surrogate"), e.getMessage());
        assertFalse(Files.exists(dir));
    }

    @Provide
    Arbitrary<List<String>> stringLists() {
        Arbitrary<Integer> codePoint = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, Arbitraries.integers().between(0, 0x7F)),
                net.jqwik.api.Tuple.of(2, Arbitraries.integers().between(0x80, 0xD7FF)),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(0xE000, 0xFFFF)),
                net.jqwik.api.Tuple.of(2, Arbitraries.integers().between(0x10000, 0x10FFFF)));
        Arbitrary<String> string = codePoint.list().ofMaxSize(12).map(cps -> {
            StringBuilder sb = new StringBuilder();
            cps.forEach(sb::appendCodePoint);
            return sb.toString();
        });
        return string.list().ofMaxSize(10);
    }

    private Path fresh() throws IOException {
        return Files.createTempDirectory(tmp, "s").resolve("store");
    }
}
