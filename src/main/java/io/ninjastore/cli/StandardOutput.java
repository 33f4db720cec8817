package io.ninjastore.cli;

import java.io.BufferedWriter;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/**
 * Standard output as the CLI writes it: UTF-8 whatever the platform default, buffered, and remembering
 * why a write failed. {@link PrintWriter} keeps only that one did ({@link #checkError()}); the cause
 * tells a reader that went away (a closed pipe, {@code cat | head}: quiet, as any pipeline) from a
 * device that refused the bytes (a full disk: worth a message). Not thread-safe beyond PrintWriter.
 */
final class StandardOutput extends PrintWriter {
    private final Recording recording;

    StandardOutput(OutputStream out) { this(new Recording(out)); }

    private StandardOutput(Recording recording) {
        super(new BufferedWriter(new OutputStreamWriter(recording, StandardCharsets.UTF_8), 1 << 16));
        this.recording = recording;
    }

    /** The first write that failed, or null. */
    IOException failure() { return recording.failure; }

    /** Whether the first failure was a reader closing its end: Linux and macOS say "Broken pipe" (EPIPE), Java keeps no errno. */
    boolean readerWentAway() { return failure() != null && "Broken pipe".equals(failure().getMessage()); }

    private static final class Recording extends FilterOutputStream {
        private IOException failure;

        Recording(OutputStream out) { super(out); }

        @Override
        public void write(int b) throws IOException {
            try {
                out.write(b);
            } catch (IOException e) {
                throw record(e);
            }
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException { // not FilterOutputStream's byte by byte
            try {
                out.write(b, off, len);
            } catch (IOException e) {
                throw record(e);
            }
        }

        @Override
        public void flush() throws IOException {
            try {
                out.flush();
            } catch (IOException e) {
                throw record(e);
            }
        }

        private IOException record(IOException e) {
            if (failure == null) failure = e;
            return e;
        }
    }
}
