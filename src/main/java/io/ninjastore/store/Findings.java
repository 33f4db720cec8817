package io.ninjastore.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What one {@link StoreVerifier#verify} call has found so far: the problems (the first
 * {@link StoreVerifier#MAX_PROBLEMS} listed, the rest counted), the notes, the committed ranges no
 * checksum covers and the bytes whose checksum was recomputed; and the files it opened, closed when it
 * ends. Every check records here, so the cap and what the report holds are decided in one place.
 *
 * <p>Not thread-safe: each call has its own.
 */
final class Findings {
    private final List<VerifyReport.Problem> problems = new ArrayList<>();
    private long omitted;
    private final List<VerifyReport.Range> unchecksummed = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private long bytesChecked;
    private final List<FileChannel> open = new ArrayList<>();

    void problem(VerifyReport.Kind kind, Path file, String field, long from, long to, String message) {
        if (problems.size() < StoreVerifier.MAX_PROBLEMS) problems.add(new VerifyReport.Problem(kind, file, field, from, to, message));
        else omitted++;
    }

    void problem(Path file, String field, String message) {
        problem(VerifyReport.Kind.STRUCTURE, file, field, -1, -1, message);
    }

    /** The fault a reader's check threw, its message without the file and field the problem names apart. */
    void problem(CorruptStoreException e) { problem(e.file(), e.field(), e.reason()); }

    void note(String s) {
        if (notes.size() < StoreVerifier.MAX_PROBLEMS) notes.add(s);
    }

    /**
     * Every problem found so far, listed or only counted past the cap: a check that asks "did this step
     * find anything?" compares it before and after, which the list alone stops answering at the cap.
     */
    long found() { return problems.size() + omitted; }

    /** Bytes {@code [from, to)} of {@code file} are committed but no checksum record covers them. */
    void unchecksummed(Path file, long from, long to) { unchecksummed.add(new VerifyReport.Range(file, from, to)); }

    /** {@code bytes} more data bytes had their checksum recomputed. */
    void checked(long bytes) { bytesChecked += bytes; }

    /** Opens {@code file} to read (positional reads, never a mapping); {@link #closeAll} closes it. */
    FileChannel open(Path file) throws IOException {
        FileChannel ch = NinjaFiles.openToRead(file);
        open.add(ch);
        return ch;
    }

    VerifyReport report(Path store, String type, long length, boolean deep) {
        return new VerifyReport(store, type, length, deep, problems, omitted, unchecksummed, notes, bytesChecked);
    }

    /** Closes every file {@link #open} opened, all of them even when one fails; throws the first failure. */
    void closeAll() throws IOException {
        IOException first = null;
        for (FileChannel c : open) {
            try {
                c.close();
            } catch (IOException e) {
                if (first == null) first = e;
            }
        }
        if (first != null) throw first;
    }
}
