package io.ninjastore.cli;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One source of samples for {@code import}/{@code append}, after {@link Inputs#expand}: a JSON Lines
 * file, standard input (JSON Lines), a {@code .npy} file, or a {@code .txt} file of strings.
 *
 * @param path the file; for standard input null, or the temporary file a copy of it was spooled to
 */
record Input(Format format, Path path) {
    enum Format { JSONL, STDIN, NPY, TXT }

    /** The name messages use: the path, or {@code <stdin>}. */
    String label() { return format == Format.STDIN ? "<stdin>" : path.toString(); }

    /** Receives the lines of a text input. */
    interface LineHandler {
        void line(String text, long lineNumber);
    }

    /**
     * Calls {@code handler} for each line of this text input. Lines end at {@code \n} or {@code \r\n}; each is
     * decoded strictly as UTF-8, so malformed bytes are an error naming their line; a byte order mark at
     * the start is skipped. The caller owns {@code stdin} (it is not closed).
     */
    void forEachLine(InputStream stdin, LineHandler handler) throws IOException {
        if (format == Format.NPY) throw new IllegalStateException(label() + " is not a text input");
        InputStream in = path == null ? stdin : Files.newInputStream(path);
        try {
            BufferedInputStream bytes = new BufferedInputStream(in, 1 << 16);
            ByteArrayOutputStream line = new ByteArrayOutputStream(256);
            CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder(); // REPORTs malformed input
            long n = 0;
            for (int b = bytes.read(); b >= 0 || line.size() > 0; b = bytes.read()) {
                if (b >= 0 && b != '\n') {
                    line.write(b);
                    continue;
                }
                n++;
                byte[] raw = line.toByteArray();
                int len = raw.length > 0 && raw[raw.length - 1] == '\r' ? raw.length - 1 : raw.length;
                String text;
                try {
                    text = utf8.decode(ByteBuffer.wrap(raw, 0, len)).toString();
                } catch (CharacterCodingException e) {
                    throw new CliException(label() + ": line " + n + ": not valid UTF-8");
                }
                if (n == 1 && text.startsWith("\uFEFF")) text = text.substring(1);
                handler.line(text, n);
                line.reset();
                if (b < 0) return;
            }
        } finally {
            if (path != null) in.close();
        }
    }
}
