package io.ninjastore.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Strict UTF-8 decoding of byte ranges of a file (spec F-22) for {@link StoreVerifier}: malformed input
 * is reported, never replaced. Not thread-safe (it keeps one decoder).
 */
final class StrictUtf8 {
    private final CharsetDecoder dec = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);

    /** Decodes bytes {@code [from, to)} strictly, in bounded memory; null when valid, else what is wrong. */
    String problem(FileChannel ch, Path file, long from, long to) throws IOException {
        dec.reset();
        ByteBuffer in = ByteBuffer.allocate((int) Math.min(Math.max(to - from, 4), 1 << 16));
        CharBuffer out = CharBuffer.allocate(in.capacity());
        long pos = from;
        while (true) {
            int want = (int) Math.min(in.remaining(), to - pos);
            if (want > 0) {
                ByteBuffer slice = in.slice(in.position(), want);
                while (slice.hasRemaining()) {
                    int r = ch.read(slice, pos + slice.position());
                    if (r < 0) {
                        throw new CorruptStoreException(file, "length", "ends at byte " + (pos + slice.position()) + " inside a string");
                    }
                }
                in.position(in.position() + want);
                pos += want;
            }
            in.flip();
            boolean end = pos >= to;
            CoderResult r = dec.decode(in, out, end);
            if (r.isError()) return r + " at byte " + (pos - in.remaining());
            out.clear();
            if (end && !in.hasRemaining()) {
                CoderResult f = dec.flush(out);
                return f.isError() ? f.toString() : null;
            }
            in.compact();
            if (end && r.isUnderflow() && in.position() > 0) return "truncated sequence at the end";
        }
    }
}
