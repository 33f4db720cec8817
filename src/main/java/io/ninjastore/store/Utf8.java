package io.ninjastore.store;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** Byte scans for the strings store's encoder, eight bytes a step. Stateless. */
final class Utf8 {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long QUESTION_MARKS = 0x3F3F3F3F3F3F3F3FL;
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;

    private Utf8() {}

    /** Whether {@code b} holds the byte {@code '?'} (0x3F). */
    static boolean containsQuestionMark(byte[] b) {
        int i = 0;
        for (; i + 8 <= b.length; i += 8) {
            long x = (long) LONGS.get(b, i) ^ QUESTION_MARKS; // a '?' byte becomes zero
            if (((x - ONES) & ~x & HIGHS) != 0) return true; // the classic "has a zero byte" test
        }
        for (; i < b.length; i++) {
            if (b[i] == '?') return true;
        }
        return false;
    }
}
