package io.ninjastore.store;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What {@link StoreVerifier#verify} found (spec C-45, F-34): the problems that make a store
 * unhealthy, the byte ranges no checksum covers, and notes that need no action or are repaired by
 * the next open for write (an interrupted append's tail, a leftover temporary file).
 *
 * <p>Immutable and thread-safe.
 *
 * @param store         the verified directory
 * @param type          its {@code type.ninja} ({@code numpy}, {@code ragged}, {@code string}, {@code offline}),
 *                      or null when unreadable
 * @param length        its committed samples (rows, strings, entries), or -1 when unknown
 * @param deep          whether checksums (and UTF-8) were checked, not only structure
 * @param problems      corruption found, at most {@link StoreVerifier#MAX_PROBLEMS} (see {@code problemsOmitted})
 * @param problemsOmitted problems found beyond that cap
 * @param unchecksummed committed byte ranges no checksum record covers (written by a tool that keeps
 *                      no log, such as mmap_ninja): not corruption, but not verifiable either
 * @param notes         observations that are not problems
 * @param bytesChecked  data bytes whose checksum was recomputed (0 unless deep)
 */
public record VerifyReport(Path store, String type, long length, boolean deep, List<Problem> problems, long problemsOmitted,
                           List<Range> unchecksummed, List<String> notes, long bytesChecked) {

    public VerifyReport {
        Objects.requireNonNull(store, "store");
        problems = List.copyOf(problems);
        unchecksummed = List.copyOf(unchecksummed);
        notes = List.copyOf(notes);
    }

    /** Whether no problem was found. Unchecksummed ranges and notes do not make a store unhealthy. */
    public boolean healthy() { return problems.isEmpty() && problemsOmitted == 0; }

    /** What kind of check a problem failed. */
    public enum Kind {
        /** A structural rule of the format (an F clause): sizes, offsets, small files, UTF-8. */
        STRUCTURE,
        /** Bytes that do not match their CRC32C record (spec F-34). */
        CHECKSUM
    }

    /**
     * One problem.
     *
     * @param file    the file (or directory) at fault
     * @param field   the field at fault, e.g. {@code shape}, {@code ends[12]}, {@code checksum}
     * @param from    first byte of the range at fault, or -1 when the problem has no byte range
     * @param to      end (exclusive) of that range, or -1
     * @param message what was expected and what was found
     */
    public record Problem(Kind kind, Path file, String field, long from, long to, String message) {
        @Override
        public String toString() {
            return kind + " " + file + ": " + field + (from >= 0 ? " [" + from + ", " + to + ")" : "") + ": " + message;
        }
    }

    /** Bytes {@code [from, to)} of {@code file}. */
    public record Range(Path file, long from, long to) {
        @Override
        public String toString() { return file + " [" + from + ", " + to + ")"; }
    }
}
