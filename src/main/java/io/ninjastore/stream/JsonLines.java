package io.ninjastore.stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JavaType;
import io.ninjastore.array.NdArray;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;

/**
 * JSON lines: one JSON value per {@code \n}-terminated line (a trailing {@code \r} and blank lines
 * are tolerated), UTF-8. Reading binds each line with Jackson to the requested type and names the
 * file, line and byte offset of a line that does not parse. Writing is atomic.
 */
final class JsonLines {
    private JsonLines() {}

    static <T> CloseableIterator<T> read(Path file, JavaType type) {
        return new Lookahead<>() {
            private InputStream in;
            private final ByteArrayOutputStream line = new ByteArrayOutputStream();
            private long offset;
            private long lineNo;

            @Override
            protected T compute() {
                try {
                    if (in == null) in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
                    while (true) {
                        long start = offset;
                        line.reset();
                        int b;
                        while ((b = in.read()) >= 0 && b != '\n') line.write(b);
                        if (b < 0 && line.size() == 0) return end();
                        offset += line.size() + (b < 0 ? 0 : 1);
                        lineNo++;
                        byte[] bytes = line.toByteArray();
                        int len = bytes.length;
                        if (len > 0 && bytes[len - 1] == '\r') len--;
                        if (isBlank(bytes, len)) continue;
                        try {
                            T value = Json.MAPPER.readValue(bytes, 0, len, type);
                            // Jackson maps a null line to null without asking the array deserializer; numpy
                            // makes an object array of None, which no store holds
                            if (value == null && type.getRawClass() == NdArray.class) {
                                throw new CorruptRecordException(file, start, "line " + lineNo
                                        + " is null: an NdArray line holds a number, a boolean or nested lists of them");
                            }
                            return value;
                        } catch (JsonProcessingException e) {
                            throw new CorruptRecordException(file, start, "line " + lineNo + " is not valid JSON for "
                                    + type.getTypeName() + ": " + e.getOriginalMessage(), e);
                        }
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(file + ": " + e.getMessage(), e);
                }
            }

            @Override
            protected void release() { Closing.closeResource(in, file); }
        };
    }

    private static boolean isBlank(byte[] b, int len) {
        for (int i = 0; i < len; i++) if (b[i] != ' ' && b[i] != '\t') return false;
        return true;
    }

    static Path write(Path file, Iterator<?> items) throws IOException {
        return AtomicFile.write(file, raw -> {
            OutputStream out = new BufferedOutputStream(raw, 1 << 16);
            var writer = Json.MAPPER.writer();
            while (items.hasNext()) {
                out.write(writer.writeValueAsBytes(items.next()));
                out.write('\n');
            }
            out.flush();
        });
    }
}
