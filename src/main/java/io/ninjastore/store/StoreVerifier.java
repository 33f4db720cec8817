package io.ninjastore.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ninjastore.array.DType;
import io.ninjastore.array.NdArray;
import io.ninjastore.array.Shapes;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * Checks a store without trusting it (spec C-45): the cheap check validates structure (every small
 * file, every size against the file lengths, every offset and shape of every committed sample:
 * F-1..F-23); the deep check also recomputes every CRC32C of the checksum sidecars (F-30..F-34) and
 * decodes every string as strict UTF-8 (F-22).
 *
 * <p>Unlike opening a store, which stops at the first fault, verification goes on and reports every
 * problem it finds (up to {@link #MAX_PROBLEMS}) with the file, the field and the byte range. It
 * reads files with positional reads, never through a mapping, so a file another program truncates
 * meanwhile is reported, not a crash. It takes no lock and writes nothing, so it may run beside a
 * writer: like a reader, it reads the commit point first and sees a consistent prefix (spec C-5).
 *
 * <p>Thread-safety: {@link #verify} may be called from any thread; each call is independent.
 */
public final class StoreVerifier {
    /** Problems listed in one report; the rest are counted. */
    public static final int MAX_PROBLEMS = 1000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final boolean deep;
    private final List<VerifyReport.Problem> problems = new ArrayList<>();
    private long omitted;
    private final List<VerifyReport.Range> unchecksummed = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private long bytesChecked;
    private final List<FileChannel> open = new ArrayList<>();

    private StoreVerifier(boolean deep) { this.deep = deep; }

    /**
     * Verifies the store (of any type, or an offline data set) at {@code dir}.
     *
     * @param deep also recompute every checksum and decode every string (reads all the data)
     * @throws NoSuchFileException when {@code dir} is not a directory
     * @throws IOException         when a file cannot be read at all (permissions, I/O error)
     */
    public static VerifyReport verify(Path dir, boolean deep) throws IOException {
        NumpyMmap.requireDirectory(dir);
        StoreVerifier v = new StoreVerifier(deep);
        try {
            String type = null;
            long length = -1;
            if (StringsMmap.isBareStore(dir)) {
                type = StringsMmap.TYPE;
                length = 0;
                v.note(dir + ": no type.ninja and no data: an empty strings store as mmap_ninja writes one (F-23)");
            } else {
                try {
                    type = NinjaFiles.readType(dir);
                } catch (CorruptStoreException e) {
                    v.problem(e);
                }
                if (type != null) {
                    length = switch (type) {
                        case NumpyMmap.TYPE -> v.denseStore(dir);
                        case RaggedMmap.TYPE -> v.ragged(dir, -1, 0, false);
                        case StringsMmap.TYPE -> v.strings(dir);
                        case "offline" -> v.offline(dir);
                        default -> {
                            v.problem(dir.resolve(NinjaFiles.TYPE), "type", "unknown store type '" + type
                                    + "': expected numpy, ragged, string or offline");
                            yield -1;
                        }
                    };
                }
            }
            v.leftovers(dir);
            return new VerifyReport(dir, type, length, deep, v.problems, v.omitted, v.unchecksummed, v.notes, v.bytesChecked);
        } finally {
            v.closeAll();
        }
    }

    // ------------------------------------------------------------------ recording

    private void problem(VerifyReport.Kind kind, Path file, String field, long from, long to, String message) {
        if (problems.size() < MAX_PROBLEMS) problems.add(new VerifyReport.Problem(kind, file, field, from, to, message));
        else omitted++;
    }

    private void problem(Path file, String field, String message) {
        problem(VerifyReport.Kind.STRUCTURE, file, field, -1, -1, message);
    }

    private void problem(CorruptStoreException e) {
        String msg = e.getMessage();
        String prefix = e.file() + ": " + e.field() + ": ";
        problem(e.file(), e.field(), msg.startsWith(prefix) ? msg.substring(prefix.length()) : msg);
    }

    private void note(String s) {
        if (notes.size() < MAX_PROBLEMS) notes.add(s);
    }

    private void closeAll() throws IOException {
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

    // ------------------------------------------------------------------ one numpy-layout directory

    /** A numpy-layout directory whose small files are valid and whose data file holds its shape. */
    private record Dense(Path dir, DType dtype, long[] shape, FileChannel channel, long fileLength) {
        Path data() { return dir.resolve(NinjaFiles.DATA); }

        long rows() { return shape.length == 0 ? 1 : shape[0]; }

        long bytes() { return Shapes.size(shape) * dtype.itemSize(); }
    }

    /** Reads and checks one directory (F-1..F-6); null, with the problem recorded, when it fails. */
    private Dense dense(Path dir, String expectedType) throws IOException {
        try {
            if (!Files.isDirectory(dir)) throw new CorruptStoreException(dir, "directory", "missing");
            String t = NinjaFiles.readType(dir);
            if (!t.equals(expectedType)) {
                throw new CorruptStoreException(dir.resolve(NinjaFiles.TYPE), "type", "expected '" + expectedType + "', found '" + t + "'");
            }
            DType dtype = NinjaFiles.readDtype(dir);
            NinjaFiles.readFortran(dir);
            long[] shape = NinjaFiles.readShape(dir);
            long need = NinjaFiles.byteCount(dir, shape, dtype);
            Path data = dir.resolve(NinjaFiles.DATA);
            FileChannel ch = NinjaFiles.openToRead(data);
            open.add(ch);
            long len = ch.size();
            if (len < need) {
                throw new CorruptStoreException(data, "length", "file has " + len + " bytes but shape " + Arrays.toString(shape)
                        + " of " + dtype + " needs " + need);
            }
            return new Dense(dir, dtype, shape, ch, len);
        } catch (CorruptStoreException e) {
            problem(e);
            return null;
        }
    }

    /** An int64 index store of shape (n) or, for flat shapes, (n, 1), holding at least {@code n} entries. */
    private Dense index(Path dir, boolean column, long n, String what) throws IOException {
        Dense d = dense(dir, NumpyMmap.TYPE);
        if (d == null) return null;
        boolean ok = d.dtype == DType.INT64 && (column ? d.shape.length == 2 && d.shape[1] == 1 : d.shape.length == 1);
        if (!ok) {
            problem(dir.resolve(NinjaFiles.SHAPE), "shape", "an index store must be int64 of shape (n" + (column ? ", 1" : "")
                    + "), found " + d.dtype + Arrays.toString(d.shape));
            return null;
        }
        if (n >= 0 && d.rows() < n) {
            problem(dir.resolve(NinjaFiles.SHAPE), "shape[0]", d.rows() + " entries but the commit point (" + what + ") has " + n);
            return null;
        }
        return d;
    }

    /**
     * An index store that follows the commit point (spec F-29): its length is the commit point's
     * {@code n}, which its data file must hold; a {@code shape.ninja} that says less lags an in-place
     * write (C-9) and is only noted.
     */
    private Dense followingIndex(Path dir, boolean column, long n, String what) throws IOException {
        Dense d = index(dir, column, -1, what);
        if (d == null || d.rows() >= n) return d;
        long need = n * 8;
        if (d.fileLength < need) {
            problem(d.data(), "length", "file has " + d.fileLength + " bytes but the " + n + " entries the commit point (" + what
                    + ") names need " + need);
            return null;
        }
        note(dir.resolve(NinjaFiles.SHAPE) + ": says " + d.rows() + " entries, fewer than the " + n + " the commit point (" + what
                + ") names, which the file holds (an in-place write not yet seen or lost at a power loss, C-9; the next open for"
                + " write rewrites it)");
        long[] shape = d.shape.clone();
        shape[0] = n;
        return new Dense(d.dir, d.dtype, shape, d.channel, d.fileLength);
    }

    /** The element count of a ragged store's data (F-29): at least {@code ends[n-1]} when the file holds it. */
    private long followedDataLength(Dense data, long need) {
        if (need <= data.rows()) return data.rows();
        long item = data.dtype.itemSize();
        if (data.fileLength / item < need) {
            // the byte count may not fit a long (a damaged offset): say so rather than fail on the overflow
            long bytes = need > Long.MAX_VALUE / item ? -1 : need * item;
            problem(data.data(), "length", "file has " + data.fileLength + " bytes but ends[n-1] = " + need + " elements need "
                    + (bytes < 0 ? "more than 2^63 bytes" : bytes + " bytes"));
            return data.rows();
        }
        note(data.dir.resolve(NinjaFiles.SHAPE) + ": says " + data.rows() + " elements, fewer than the " + need + " that ends[n-1]"
                + " names, which the file holds (an in-place write not yet seen or lost at a power loss, C-9; the next open for"
                + " write rewrites it)");
        return need;
    }

    /** Notes bytes past the committed end and checks the checksum log of {@code d}'s data up to {@code committed} bytes. */
    private void committed(Dense d, long committed) throws IOException {
        if (d.fileLength > Math.max(committed, NinjaFiles.NO_DATA_LENGTH)) { // an empty store's one byte is no tail
            note(d.data() + ": " + (d.fileLength - committed) + " bytes past the committed " + committed
                    + " (an interrupted append or unused space: the next open for write cuts them)");
        }
        checksums(d.data(), d.channel, committed);
    }

    /** The checksum sidecar of one data file (F-30..F-33): records, unchecksummed ranges, CRCs when deep. */
    private void checksums(Path data, FileChannel ch, long committed) throws IOException {
        Path log = ChecksumLog.pathFor(data);
        long[] covered = {0};
        ChecksumLog.Contents c;
        try {
            c = ChecksumLog.scan(log, committed, (i, e) -> {
                if (e.offset() > covered[0]) unchecksummed.add(new VerifyReport.Range(data, covered[0], e.offset()));
                covered[0] = e.end();
                if (!deep) return;
                int crc = ChecksumLog.crc32c(ch, data, e.offset(), e.length()); // throws if the file shrank meanwhile
                bytesChecked += e.length();
                if (crc != e.crc()) {
                    problem(VerifyReport.Kind.CHECKSUM, data, "checksum", e.offset(), e.end(), String.format(
                            "CRC32C is %08x, the record in %s says %08x", crc, log.getFileName(), e.crc()));
                }
            });
        } catch (CorruptStoreException x) {
            problem(x); // the data file shrank while it was read
            return;
        }
        if (c.problem() != null) {
            if (c.stoppedAtTail()) {
                note(log + ": " + c.problem() + " (the tail an interrupted write leaves; dropped by the next open for write)");
            } else {
                problem(VerifyReport.Kind.STRUCTURE, log, "record " + c.stoppedAt(), c.stoppedAt() * ChecksumLog.RECORD,
                        (c.stoppedAt() + 1) * ChecksumLog.RECORD, c.problem() + "; " + (c.recordsInFile() - c.stoppedAt() - 1)
                        + " records after it are not used");
            }
        }
        if (committed > covered[0]) unchecksummed.add(new VerifyReport.Range(data, covered[0], committed));
    }

    // ------------------------------------------------------------------ store types

    private long denseStore(Path dir) throws IOException {
        Dense d = dense(dir, NumpyMmap.TYPE);
        if (d == null) return -1;
        committed(d, d.bytes());
        return d.rows();
    }

    /**
     * A ragged store (F-10..F-19), or the nested {@code shapes/} of one ({@code keep} = its owner's
     * sample count, {@code depth} 1). Returns the sample count, -1 when the structure is broken.
     */
    private long ragged(Path dir, long keep, int depth, boolean sameNdim) throws IOException {
        Dense starts = index(dir.resolve(RaggedMmap.STARTS), false, keep, "the enclosing store's starts");
        if (starts == null) return -1;
        long n = keep >= 0 ? keep : starts.rows();
        String commit = depth == 0 ? "starts" : "the enclosing store's starts";
        Dense ends = followingIndex(dir.resolve(RaggedMmap.ENDS), false, n, commit);
        Dense flat = followingIndex(dir.resolve(RaggedMmap.FLAT), false, n, commit);
        Dense data = dense(dir, RaggedMmap.TYPE);
        if (data != null && data.shape.length != 1) {
            problem(dir.resolve(NinjaFiles.SHAPE), "shape", "the data of a ragged store is 1-d, found " + Arrays.toString(data.shape));
            data = null;
        }
        Path flag = dir.resolve(NinjaFiles.SHAPES_ARE_FLAT);
        Integer flagValue = null;
        try {
            flagValue = NinjaFiles.readInt32(flag);
            if (flagValue != 0 && flagValue != 1) {
                problem(flag, "value", "expected 0 or 1, found " + flagValue);
                flagValue = null;
            }
        } catch (CorruptStoreException e) {
            problem(e);
        }
        // shapes/: decided by its own type (F-15); after a crash mid-conversion a reader uses the old flat one (C-14)
        Path sd = dir.resolve(RaggedMmap.SHAPES);
        if (!Files.isDirectory(sd) && Files.isDirectory(dir.resolve(RaggedMmap.SHAPES_FLAT_OLD))) {
            sd = dir.resolve(RaggedMmap.SHAPES_FLAT_OLD);
            note(dir + ": shapes/ is missing and shapes.tmp-flat/ holds the shapes: a conversion was interrupted (C-14); readers"
                    + " use it and the next open for write restores it");
        }
        Dense flatShapes = null;
        Nested nested = null;
        boolean shapesOk = false;
        String kind = null;
        try {
            if (!Files.isDirectory(sd)) throw new CorruptStoreException(sd, "directory", "missing");
            kind = NinjaFiles.readType(sd);
        } catch (CorruptStoreException e) {
            problem(e);
        }
        if (RaggedMmap.TYPE.equals(kind)) {
            if (depth >= 1) {
                problem(sd.resolve(NinjaFiles.TYPE), "type", "a nested shapes store holds 1-d shapes, so its own shapes/ is flat;"
                        + " found another ragged level");
            } else {
                int before = problems.size();
                long m = ragged(sd, n, depth + 1, false);
                Dense inner = m < 0 ? null : dense(sd, RaggedMmap.TYPE);
                if (m >= 0 && inner != null && problems.size() == before) {
                    if (inner.dtype != DType.INT64) problem(sd.resolve(NinjaFiles.DTYPE), "dtype", "a shapes store holds int64, found " + inner.dtype);
                    else {
                        nested = new Nested(new Longs(sd.resolve(RaggedMmap.STARTS).resolve(NinjaFiles.DATA), openChannel(sd.resolve(RaggedMmap.STARTS))),
                                new Longs(sd.resolve(RaggedMmap.ENDS).resolve(NinjaFiles.DATA), openChannel(sd.resolve(RaggedMmap.ENDS))),
                                new Longs(inner.data(), inner.channel));
                        shapesOk = true;
                    }
                }
            }
            if (flagValue != null && flagValue != 0) note(flag + ": says flat but shapes/ is nested (the flag lags an interrupted conversion, C-14)");
        } else if (NumpyMmap.TYPE.equals(kind)) {
            flatShapes = followingIndex(sd, true, n, commit);
            shapesOk = flatShapes != null;
            if (flagValue != null && flagValue != 1) note(flag + ": says nested but shapes/ is flat (the flag lags an interrupted conversion, C-14)");
        } else if (kind != null) {
            problem(sd.resolve(NinjaFiles.TYPE), "type", "expected numpy or ragged, found '" + kind + "'");
        }
        if (ends == null || flat == null || data == null) return -1;

        // Tails past the commit point belong to an interrupted append (F-12)
        if (depth == 0) {
            for (Dense d : new Dense[] {ends, flat, flatShapes}) {
                if (d != null && d.rows() > n) note(d.dir() + ": " + (d.rows() - n) + " entries past the commit point (an interrupted"
                        + " append: the next open for write cuts them)");
            }
        }
        committed(starts, n * 8);
        committed(ends, n * 8);
        committed(flat, n * 8);
        if (flatShapes != null) committed(flatShapes, n * 8);

        Longs s = new Longs(starts.data(), starts.channel), e = new Longs(ends.data(), ends.channel), f = new Longs(flat.data(), flat.channel);
        Longs fs = flatShapes == null ? null : new Longs(flatShapes.data(), flatShapes.channel);
        long dataLen = data.rows();
        long prevS = 0, prevE = 0, lastEnd = 0;
        int ndim = -1;
        try {
            long end = n == 0 ? 0 : Math.max(0, e.get(n - 1));
            long held = data.fileLength / data.dtype.itemSize();
            CorruptStoreException pastTheData = n == 0 ? null
                    : LastEnd.pastTheData(ends.data(), n, end, s.get(n - 1), f.get(n - 1), held, data.data(), "elements");
            if (pastTheData != null) problem(pastTheData); // the samples before it are still checked against the file
            dataLen = pastTheData != null ? held : followedDataLength(data, end);
            for (long i = 0; i < n; i++) { // on past the cap: the omitted problems are counted
                long si = s.get(i), ei = e.get(i);
                if (!offsets(starts.data(), i, si, ei, prevS, prevE, dataLen, "elements of " + data.data())) continue;
                prevS = si;
                prevE = ei;
                long fi = f.get(i);
                if (fi != ei - si) {
                    problem(VerifyReport.Kind.STRUCTURE, flat.data(), "flattened_shapes[" + i + "]", i * 8, i * 8 + 8, fi
                            + " but ends - starts = " + (ei - si));
                }
                if (!shapesOk) continue;
                long[] shape;
                if (fs != null) {
                    shape = new long[] {fs.get(i)};
                } else {
                    long is = nested.starts.get(i), ie = nested.ends.get(i);
                    if (ie - is > NdArray.MAX_NDIM) {
                        problem(sd.resolve(NinjaFiles.DATA), "sample " + i, (ie - is) + " axes; a shape has at most " + NdArray.MAX_NDIM);
                        continue;
                    }
                    shape = new long[(int) (ie - is)];
                    for (int k = 0; k < shape.length; k++) shape[k] = nested.data.get(is + k);
                }
                boolean scalar = shape.length == 1 && shape[0] == 0 && ei - si == 1;
                long size = -1;
                try {
                    for (long d : shape) if (d < 0) throw new ArithmeticException();
                    size = Shapes.size(shape);
                } catch (ArithmeticException x) {
                    problem(sd, "shapes[" + i + "]", Arrays.toString(shape) + " is not a valid shape");
                    continue;
                }
                if (!scalar && size != ei - si) {
                    problem(sd, "shapes[" + i + "]", Arrays.toString(shape) + " holds " + size + " elements but starts/ends give " + (ei - si));
                }
                int nd = scalar ? 0 : shape.length;
                if (sameNdim && ndim >= 0 && nd != ndim) {
                    problem(sd, "shapes[" + i + "]", nd + " axes, but entry 0 has " + ndim + " (all entries of an offline data set have"
                            + " the same number of axes, F-42)");
                }
                if (ndim < 0) ndim = nd;
            }
            if (n > 0) lastEnd = e.get(n - 1);
        } catch (CorruptStoreException x) {
            problem(x); // an index file shrank while it was read
            return -1;
        }
        // The data past ends[n-1] belongs to an interrupted append (checked against dataLen above).
        committed(data, Math.max(0, Math.min(lastEnd, dataLen)) * data.dtype.itemSize());
        return n;
    }

    private record Nested(Longs starts, Longs ends, Longs data) {}

    /**
     * F-16 for sample {@code i}: {@code 0 <= starts[i] <= ends[i] <= dataLen}, and neither goes back
     * from sample {@code i - 1}. Returns false when out of range (nothing more about it can be checked).
     */
    private boolean offsets(Path startsFile, long i, long si, long ei, long prevS, long prevE, long dataLen, String of) {
        String field = "starts[" + i + "]/ends[" + i + "]";
        if (si < 0 || ei < si || ei > dataLen) {
            problem(VerifyReport.Kind.STRUCTURE, startsFile, field, i * 8, i * 8 + 8, "[" + si + ", " + ei + ") is not within the "
                    + dataLen + " " + of);
            return false;
        }
        if (si < prevS || ei < prevE) {
            problem(VerifyReport.Kind.STRUCTURE, startsFile, field, i * 8, i * 8 + 8, "[" + si + ", " + ei + ") goes back from sample "
                    + (i - 1) + "'s [" + prevS + ", " + prevE + ") (F-16)");
        }
        return true;
    }

    private FileChannel openChannel(Path dir) throws IOException {
        FileChannel ch = NinjaFiles.openToRead(dir.resolve(NinjaFiles.DATA));
        open.add(ch);
        return ch;
    }

    private long strings(Path dir) throws IOException {
        Dense starts = index(dir.resolve(RaggedMmap.STARTS), false, -1, "starts");
        if (starts == null) return -1;
        long n = starts.rows();
        Dense ends = followingIndex(dir.resolve(RaggedMmap.ENDS), false, n, "starts");
        Path data = dir.resolve(NinjaFiles.DATA);
        FileChannel ch;
        try {
            ch = NinjaFiles.openToRead(data);
            open.add(ch);
        } catch (CorruptStoreException x) {
            problem(x);
            return -1;
        }
        if (ends == null) return -1;
        if (ends.rows() > n) note(ends.dir() + ": " + (ends.rows() - n) + " entries past the commit point (an interrupted append: the"
                + " next open for write cuts them)");
        committed(starts, n * 8);
        committed(ends, n * 8);
        Longs s = new Longs(starts.data(), starts.channel), e = new Longs(ends.data(), ends.channel);
        long dataLen = ch.size();
        long prevS = 0, prevE = 0, lastEnd = 0;
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            CorruptStoreException pastTheData = n == 0 ? null
                    : LastEnd.pastTheData(ends.data(), n, e.get(n - 1), s.get(n - 1), -1, dataLen, data, "bytes");
            if (pastTheData != null) problem(pastTheData);
            for (long i = 0; i < n; i++) { // on past the cap: the omitted problems are counted
                long si = s.get(i), ei = e.get(i);
                if (!offsets(starts.data(), i, si, ei, prevS, prevE, dataLen, "bytes of " + data)) continue;
                prevS = si;
                prevE = ei;
                if (deep) {
                    String bad = utf8Problem(ch, data, si, ei, utf8);
                    if (bad != null) problem(VerifyReport.Kind.STRUCTURE, data, "string " + i, si, ei, "is not valid UTF-8: " + bad + " (F-22)");
                }
            }
            if (n > 0) lastEnd = e.get(n - 1);
        } catch (CorruptStoreException x) {
            problem(x);
            return -1;
        }
        long committedBytes = Math.max(0, Math.min(lastEnd, dataLen));
        if (dataLen > committedBytes) {
            note(data + ": " + (dataLen - committedBytes) + " bytes past ends[n-1] (an interrupted append: the next open for write cuts them)");
        }
        checksums(data, ch, committedBytes);
        return n;
    }

    /** Decodes bytes {@code [from, to)} strictly, in bounded memory; null when valid, else what is wrong. */
    private static String utf8Problem(FileChannel ch, Path file, long from, long to, CharsetDecoder dec) throws IOException {
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
                    if (r < 0) throw new CorruptStoreException(file, "length", "ends at byte " + (pos + slice.position()) + " inside a string");
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

    /** An offline data set (F-40..F-42): its manifest and its three stores. */
    private long offline(Path dir) throws IOException {
        Path manifest = dir.resolve("manifest.json");
        long length = -1;
        try {
            NinjaFiles.requireRegularFile(manifest); // missing, or a pipe or device a read would never finish (F-45)
            if (Files.size(manifest) > (1 << 20)) { // the reader's limit (offline.Manifest): what verify passes, a reader opens
                throw new CorruptStoreException(manifest, "size", Files.size(manifest) + " bytes; a manifest holds at most 1 MiB");
            }
            JsonNode m = JSON.readTree(manifest.toFile());
            if (m == null || !m.isObject()) throw new CorruptStoreException(manifest, "manifest", "not a JSON object");
            if (!"offline".equals(m.path("type").asText(null))) throw new CorruptStoreException(manifest, "type", "expected \"offline\"");
            if (!m.path("version").isIntegralNumber() || m.path("version").asLong() != 1) {
                throw new CorruptStoreException(manifest, "version", "expected 1, found " + m.path("version"));
            }
            JsonNode len = m.path("length");
            if (!len.isIntegralNumber() || !len.canConvertToLong() || len.asLong() < 0) {
                throw new CorruptStoreException(manifest, "length", "expected a non-negative integer, found " + len);
            }
            length = len.asLong();
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            problem(manifest, "json", e.getOriginalMessage());
        } catch (CorruptStoreException e) {
            problem(e);
        }
        Path data = dir.resolve("data"), names = dir.resolve("names"), metadata = dir.resolve("metadata");
        long d = subStore(data, RaggedMmap.TYPE, true), nm = subStore(names, StringsMmap.TYPE, false), md = subStore(metadata, StringsMmap.TYPE, false);
        if (length >= 0) {
            long[] got = {d, nm, md};
            Path[] where = {data, names, metadata};
            for (int k = 0; k < 3; k++) {
                if (got[k] >= 0 && got[k] < length) problem(where[k], "length", got[k] + " samples but manifest.json says " + length + " (F-41)");
            }
        }
        return length;
    }

    private long subStore(Path dir, String type, boolean sameNdim) throws IOException {
        try {
            if (!Files.isDirectory(dir)) throw new CorruptStoreException(dir, "directory", "missing");
            String t = NinjaFiles.readType(dir);
            if (!t.equals(type)) throw new CorruptStoreException(dir.resolve(NinjaFiles.TYPE), "type", "expected '" + type + "', found '" + t + "'");
        } catch (CorruptStoreException e) {
            problem(e);
            return -1;
        }
        return type.equals(RaggedMmap.TYPE) ? ragged(dir, -1, 0, sameNdim) : strings(dir);
    }

    /** A writer's temporary files (F-36): harmless, noted. */
    private void leftovers(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir, 3)) {
            s.filter(p -> {
                String n = p.getFileName().toString();
                return n.endsWith(".tmp") || n.equals(RaggedMmap.SHAPES_NESTED_TMP);
            }).forEach(p -> note(p + ": a writer's temporary file (left by a crash, or in use by a writer now; harmless)"));
        } catch (java.io.UncheckedIOException e) {
            // a writer renamed a temporary file away while we listed: exactly what this looks for
        }
    }

    // ------------------------------------------------------------------ reading int64 files

    /** Random access to the int64 entries of a file through a window of positional reads (never a mapping). */
    private static final class Longs {
        private static final int WINDOW = 8192;
        private final Path file;
        private final FileChannel ch;
        private final ByteBuffer buf = ByteBuffer.allocate(WINDOW * 8).order(ByteOrder.LITTLE_ENDIAN);
        private long first = -1;
        private int count;

        Longs(Path file, FileChannel ch) {
            this.file = file;
            this.ch = ch;
        }

        long get(long i) throws IOException {
            if (i < first || i >= first + count) fill(i);
            return buf.getLong((int) ((i - first) * 8));
        }

        private void fill(long i) throws IOException {
            buf.clear();
            long pos = i * 8;
            while (buf.hasRemaining()) {
                int r = ch.read(buf, pos + buf.position());
                if (r < 0) break;
            }
            first = i;
            count = buf.position() / 8;
            if (count == 0) throw new CorruptStoreException(file, "length", "ends before entry " + i + " (the file shrank while it was read)");
        }
    }
}
