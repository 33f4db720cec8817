package io.ninjastore.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CharacterCodingException;
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
     * Calls {@code handler} for each line of this text input, decoded strictly as UTF-8 (malformed bytes
     * are an error naming the line). Lines end at {@code \n}, {@code \r\n} or {@code \r}; a byte order
     * mark at the start is skipped. The caller owns {@code stdin} (it is not closed).
     */
    void forEachLine(InputStream stdin, LineHandler handler) throws IOException {
        if (format == Format.NPY) throw new IllegalStateException(label() + " is not a text input");
        InputStream in = path == null ? stdin : Files.newInputStream(path);
        try {
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()), 1 << 16);
            long n = 0;
            while (true) {
                String line;
                try {
                    line = r.readLine();
                } catch (CharacterCodingException e) {
                    throw new CliException(label() + ": line " + (n + 1) + ": not valid UTF-8");
                }
                if (line == null) return;
                n++;
                if (n == 1 && line.startsWith("\uFEFF")) line = line.substring(1);
                handler.line(line, n);
            }
        } finally {
            if (path != null) in.close();
        }
    }
}
