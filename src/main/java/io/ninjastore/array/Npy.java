package io.ninjastore.array;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads and writes numpy's {@code .npy} files (format versions 1.0, 2.0 and 3.0).
 *
 * <p>Stateless and thread-safe. {@link #map(Path, Arena)} gives a zero-copy view whose lifetime is
 * the caller's arena; {@link #read(Path)} gives a heap copy that needs no closing.
 */
public final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    /** numpy refuses headers longer than this by default; so do we, which bounds allocation. */
    private static final int MAX_HEADER = 1 << 20;

    private Npy() {}

    /** What a {@code .npy} header says. */
    public record Header(DType dtype, ByteOrder byteOrder, long[] shape, boolean fortranOrder, long dataOffset) {
        public long dataBytes() { return Math.multiplyExact(Shapes.size(shape), dtype.itemSize()); }
    }

    /** Maps the file read-only and returns a view; valid while {@code arena} is alive. */
    public static NdArray map(Path file, Arena arena) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long len = ch.size();
            MemorySegment seg = len == 0 ? MemorySegment.NULL.reinterpret(0) : ch.map(FileChannel.MapMode.READ_ONLY, 0, len, arena);
            return parse(seg, file.toString());
        }
    }

    /** Reads the whole file into a heap array (C order, little-endian). */
    public static NdArray read(Path file) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            return map(file, arena).copy();
        }
    }

    /** Parses a {@code .npy} image held in memory; the result views {@code image}. */
    public static NdArray parse(MemorySegment image, String source) throws NpyFormatException {
        Header h = header(image, source);
        long need = h.dataBytes();
        if (image.byteSize() - h.dataOffset() < need) {
            throw new NpyFormatException(source, "data", "header promises " + need + " bytes of " + h.dtype()
                    + Arrays.toString(h.shape()) + " but only " + (image.byteSize() - h.dataOffset()) + " follow");
        }
        MemorySegment data = image.asSlice(h.dataOffset(), need);
        return h.fortranOrder()
                ? NdArray.wrapFortran(data, h.dtype(), h.byteOrder(), h.shape())
                : NdArray.wrap(data, h.dtype(), h.byteOrder(), h.shape());
    }

    /** Parses and validates the header at the start of {@code image}. */
    public static Header header(MemorySegment image, String source) throws NpyFormatException {
        long len = image.byteSize();
        if (len < 10) throw new NpyFormatException(source, "magic", "file of " + len + " bytes is too short for a .npy header");
        for (int i = 0; i < MAGIC.length; i++) {
            if (image.get(ValueLayout.JAVA_BYTE, i) != MAGIC[i]) {
                throw new NpyFormatException(source, "magic", "not a .npy file (expected \\x93NUMPY)");
            }
        }
        int major = Byte.toUnsignedInt(image.get(ValueLayout.JAVA_BYTE, 6));
        int minor = Byte.toUnsignedInt(image.get(ValueLayout.JAVA_BYTE, 7));
        long headerLen;
        int prefix;
        if (minor != 0) { // numpy reads 1.0, 2.0 and 3.0 only: a 1.1 would be a format it does not know
            throw new NpyFormatException(source, "version", "unsupported .npy version " + major + "." + minor);
        } else if (major == 1) {
            headerLen = Short.toUnsignedInt(image.get(Elements.SHORT_LE, 8));
            prefix = 10;
        } else if (major == 2 || major == 3) {
            if (len < 12) throw new NpyFormatException(source, "header length", "truncated");
            headerLen = Integer.toUnsignedLong(image.get(Elements.INT_LE, 8));
            prefix = 12;
        } else {
            throw new NpyFormatException(source, "version", "unsupported .npy version " + major + "." + minor);
        }
        if (headerLen > MAX_HEADER) {
            throw new NpyFormatException(source, "header length", headerLen + " bytes is over the " + MAX_HEADER + " bytes a header may take");
        }
        if (prefix + headerLen > len) {
            throw new NpyFormatException(source, "header length", headerLen + " bytes do not fit in a file of " + len);
        }
        byte[] hb = image.asSlice(prefix, headerLen).toArray(ValueLayout.JAVA_BYTE);
        String text = new String(hb, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        return parseDict(text, source, prefix + headerLen);
    }

    private static Header parseDict(String text, String source, long dataOffset) throws NpyFormatException {
        String t = text.strip();
        if (!t.startsWith("{") || !t.endsWith("}")) {
            throw new NpyFormatException(source, "header", "expected a Python dict literal, got: " + abbreviate(t));
        }
        String descr = null;
        Boolean fortran = null;
        long[] shape = null;
        PyLiteral p = new PyLiteral(t, source);
        p.expect('{');
        while (!p.peekIs('}')) {
            String key = p.string();
            p.expect(':');
            p.field = key; // errors in the value name the key
            switch (key) {
                case "descr" -> descr = p.string();
                case "fortran_order" -> fortran = p.bool();
                case "shape" -> shape = p.tuple();
                default -> throw new NpyFormatException(source, "header", "unexpected key '" + key + "'");
            }
            p.field = "header";
            if (!p.peekIs('}')) p.expect(',');
        }
        p.expect('}');
        p.expectEnd();
        if (descr == null) throw missingKey(source, "descr", t);
        if (fortran == null) throw missingKey(source, "fortran_order", t);
        if (shape == null) throw missingKey(source, "shape", t);
        if (descr.length() < 2) throw new NpyFormatException(source, "descr", "'" + descr + "' is not a dtype");
        ByteOrder order = switch (descr.charAt(0)) {
            case '<', '|' -> ByteOrder.LITTLE_ENDIAN; // '|': "not applicable", numpy's mark for one-byte types
            case '>' -> ByteOrder.BIG_ENDIAN;
            case '=' -> ByteOrder.nativeOrder();
            default -> throw new NpyFormatException(source, "descr", "'" + descr + "' has no byte order mark (<, >, |, =)");
        };
        DType dtype = switch (descr.substring(1)) {
            case "b1" -> DType.BOOL;
            case "i1" -> DType.INT8;
            case "i2" -> DType.INT16;
            case "i4" -> DType.INT32;
            case "i8" -> DType.INT64;
            case "u1" -> DType.UINT8;
            case "u2" -> DType.UINT16;
            case "u4" -> DType.UINT32;
            case "u8" -> DType.UINT64;
            case "f2" -> DType.FLOAT16;
            case "f4" -> DType.FLOAT32;
            case "f8" -> DType.FLOAT64;
            case "c8" -> DType.COMPLEX64;
            case "c16" -> DType.COMPLEX128;
            default -> throw new NpyFormatException(source, "descr", "unsupported dtype '" + descr + "'");
        };
        if (shape.length > NdArray.MAX_NDIM) {
            throw new NpyFormatException(source, "shape", shape.length + " axes; numpy loads at most " + NdArray.MAX_NDIM);
        }
        for (long d : shape) {
            if (d < 0) throw new NpyFormatException(source, "shape", "negative dimension in " + Arrays.toString(shape));
        }
        try {
            // numpy refuses an array whose non-zero axes overflow, even one holding no element: (0, 2^62, 2^62)
            long bytes = dtype.itemSize();
            for (long d : shape) if (d != 0) bytes = Math.multiplyExact(bytes, d);
        } catch (ArithmeticException e) {
            throw new NpyFormatException(source, "shape", Arrays.toString(shape) + " of " + dtype + " is too large: its byte count overflows a long");
        }
        return new Header(dtype, order, shape, fortran, dataOffset);
    }

    private static NpyFormatException missingKey(String source, String key, String header) {
        return new NpyFormatException(source, key, "missing from the header " + abbreviate(header));
    }

    private static String abbreviate(String s) { return s.length() > 120 ? s.substring(0, 120) + "..." : s; }

    /** The descr numpy writes for a little-endian array of {@code t}, e.g. {@code <f4}. */
    public static String descr(DType t) {
        String code = switch (t) {
            case BOOL -> "b1";
            case INT8 -> "i1"; case INT16 -> "i2"; case INT32 -> "i4"; case INT64 -> "i8";
            case UINT8 -> "u1"; case UINT16 -> "u2"; case UINT32 -> "u4"; case UINT64 -> "u8";
            case FLOAT16 -> "f2"; case FLOAT32 -> "f4"; case FLOAT64 -> "f8";
            case COMPLEX64 -> "c8"; case COMPLEX128 -> "c16";
        };
        return (t.itemSize() == 1 ? "|" : "<") + code;
    }

    /** The complete {@code .npy} image (header and C-order little-endian data), as numpy's {@code save} writes it. */
    public static byte[] toBytes(NdArray a) {
        byte[] header = headerOf(a);
        byte[] out = new byte[Math.addExact(header.length, Math.toIntExact(a.byteSize()))];
        System.arraycopy(header, 0, out, 0, header.length);
        a.copyTo(MemorySegment.ofArray(out), header.length, ByteOrder.LITTLE_ENDIAN);
        return out;
    }

    /** Writes {@code a} to {@code file} (replacing it) in C order, little-endian, format 1.0 (2.0 if the header needs it). */
    public static void write(Path file, NdArray a) throws IOException {
        byte[] header = headerOf(a);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ch.write(java.nio.ByteBuffer.wrap(header));
            // stream the data through a bounded buffer: arrays can exceed 2 GiB
            long total = a.byteSize();
            NdArray flat = a.isContiguous() ? a : a.copy();
            MemorySegment src = flat.asSegment();
            long chunk = 1 << 20;
            java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocateDirect((int) chunk);
            MemorySegment bufSeg = MemorySegment.ofBuffer(buf);
            ValueLayout unit = Elements.unitLayout(a.dtype(), flat.byteOrder());
            ValueLayout le = Elements.unitLayout(a.dtype(), ByteOrder.LITTLE_ENDIAN);
            long unitSize = unit.byteSize();
            for (long pos = 0; pos < total; pos += chunk) {
                long n = Math.min(chunk, total - pos);
                MemorySegment.copy(src, unit, pos, bufSeg, le, 0, n / unitSize);
                buf.clear().limit((int) n);
                while (buf.hasRemaining()) ch.write(buf);
            }
        }
    }

    /** numpy leaves room for the first axis to grow to this many digits (numpy.lib.format.GROWTH_AXIS_MAX_DIGITS). */
    private static final int GROWTH_AXIS_MAX_DIGITS = 21;
    private static final int ALIGN = 64;

    /** The header of {@code a}'s file, refusing an array numpy would not load (and this class would not read). */
    private static byte[] headerOf(NdArray a) {
        if (a.ndim() > NdArray.MAX_NDIM) {
            throw new IllegalArgumentException("an array of " + a.ndim() + " axes: a .npy file holds at most " + NdArray.MAX_NDIM);
        }
        return headerBytes(a.dtype(), a.shape());
    }

    /**
     * The header numpy's {@code save} writes for a C-ordered little-endian array: the dict with its
     * keys sorted, room for axis 0 to grow to 21 digits, space padding and a newline to a multiple
     * of 64 bytes (1 to 64 spaces: numpy pads a whole 64 more where the newline alone would end on
     * the boundary), format 1.0 unless the header needs the 4-byte length of format 2.0.
     */
    static byte[] headerBytes(DType t, long[] shape) {
        StringBuilder sb = new StringBuilder();
        sb.append("{'descr': '").append(descr(t)).append("', 'fortran_order': False, 'shape': (");
        for (int i = 0; i < shape.length; i++) {
            if (i > 0) sb.append(", ");
            sb.append(shape[i]);
        }
        if (shape.length == 1) sb.append(','); // Python's one-element tuple: (3,)
        sb.append("), }");
        if (shape.length > 0) sb.append(" ".repeat(Math.max(0, GROWTH_AXIS_MAX_DIGITS - Long.toString(shape[0]).length())));
        String dict = sb.toString();
        int v1Total = padded(10 + dict.length() + 1);
        boolean v2 = v1Total - 10 > 0xFFFF;
        int prefix = v2 ? 12 : 10;
        int total = padded(prefix + dict.length() + 1);
        String text = dict + " ".repeat(total - prefix - dict.length() - 1) + "\n";
        byte[] body = text.getBytes(StandardCharsets.ISO_8859_1);
        byte[] out = new byte[total];
        System.arraycopy(MAGIC, 0, out, 0, MAGIC.length);
        out[6] = (byte) (v2 ? 2 : 1);
        out[7] = 0;
        MemorySegment h = MemorySegment.ofArray(out);
        if (v2) h.set(Elements.INT_LE, 8, body.length);
        else h.set(Elements.SHORT_LE, 8, (short) body.length);
        System.arraycopy(body, 0, out, prefix, body.length);
        return out;
    }

    /** numpy's {@code _wrap_header}: {@code 64 - n % 64} spaces, so never none. */
    private static int padded(int n) { return n + ALIGN - n % ALIGN; }

    /** A tiny reader for the Python literal subset numpy headers use. */
    private static final class PyLiteral {
        private final String s;
        private final String source;
        private int pos;
        /** What is being read, for errors: a key's name while its value is read. */
        String field = "header";

        PyLiteral(String s, String source) {
            this.s = s;
            this.source = source;
        }

        private void skipWs() { while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) pos++; }

        boolean peekIs(char c) {
            skipWs();
            return pos < s.length() && s.charAt(pos) == c;
        }

        void expectEnd() throws NpyFormatException {
            skipWs();
            if (pos < s.length()) throw error("unexpected text after the dict");
        }

        void expect(char c) throws NpyFormatException {
            skipWs();
            if (pos >= s.length() || s.charAt(pos) != c) throw error("expected '" + c + "'");
            pos++;
        }

        String string() throws NpyFormatException {
            skipWs();
            if (pos >= s.length()) throw error("expected a string");
            char q = s.charAt(pos);
            if (q != '\'' && q != '"') throw error("expected a quoted string");
            int end = s.indexOf(q, pos + 1);
            if (end < 0) throw error("unterminated string");
            String v = s.substring(pos + 1, end);
            pos = end + 1;
            return v;
        }

        boolean bool() throws NpyFormatException {
            skipWs();
            if (s.startsWith("True", pos)) { pos += 4; return true; }
            if (s.startsWith("False", pos)) { pos += 5; return false; }
            throw error("expected True or False");
        }

        long[] tuple() throws NpyFormatException {
            expect('(');
            List<Long> v = new ArrayList<>();
            while (!peekIs(')')) {
                skipWs();
                int start = pos;
                while (pos < s.length() && (Character.isDigit(s.charAt(pos)) || s.charAt(pos) == '-')) pos++;
                // numpy may write Python ints with an L suffix in very old files
                String num = s.substring(start, pos);
                if (pos < s.length() && (s.charAt(pos) == 'L' || s.charAt(pos) == 'l')) pos++;
                try {
                    v.add(Long.parseLong(num));
                } catch (NumberFormatException e) {
                    throw error("expected an integer dimension");
                }
                if (!peekIs(')')) expect(',');
            }
            expect(')');
            long[] out = new long[v.size()];
            for (int i = 0; i < out.length; i++) out[i] = v.get(i);
            return out;
        }

        private NpyFormatException error(String what) {
            return new NpyFormatException(source, field, what + " at position " + pos + " of \""
                    + (s.length() > 120 ? s.substring(0, 120) + "..." : s) + "\"");
        }
    }
}
