package io.ninjastore.store;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The encoder's eight-bytes-a-step scan, against a byte-by-byte one, and the strings it lets through. */
class Utf8Test {

    @Property(tries = 500)
    void findsAQuestionMarkWhereverItIs(@ForAll @Size(max = 40) byte[] bytes) {
        boolean naive = false;
        for (byte x : bytes) naive |= x == '?';
        assertEquals(naive, Utf8.containsQuestionMark(bytes));
    }

    @Test
    void findsItAtEveryPositionAroundTheWordBoundaries() {
        for (int len = 1; len <= 24; len++) {
            byte[] none = new byte[len];
            java.util.Arrays.fill(none, (byte) '>'); // 0x3E and 0x40 differ from '?' by one bit
            none[0] = '@';
            assertFalse(Utf8.containsQuestionMark(none), "length " + len);
            for (int at = 0; at < len; at++) {
                byte[] one = none.clone();
                one[at] = '?';
                assertTrue(Utf8.containsQuestionMark(one), "length " + len + ", at " + at);
            }
        }
    }

    @Test
    void aQuestionMarkWithoutASurrogateIsStoredAsItIs(@org.junit.jupiter.api.io.TempDir Path tmp) throws IOException {
        List<String> strings = List.of("why?", "????????????", "¿qué?", "?\uD83D\uDE00?");
        for (int i = 0; i < strings.size(); i++) {
            assertArrayEquals(strings.get(i).getBytes(java.nio.charset.StandardCharsets.UTF_8), StringsMmap.encode(strings.get(i), i));
        }
        try (StringsMmap s = StringsMmap.fromStrings(tmp.resolve("q"), strings)) {
            assertEquals(strings, List.copyOf(s));
        }
        assertTrue(Files.isDirectory(tmp.resolve("q")));
    }
}
