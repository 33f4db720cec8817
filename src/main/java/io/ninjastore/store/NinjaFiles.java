package io.ninjastore.store;

import io.ninjastore.array.DType;
import io.ninjastore.array.NdArray;
import io.ninjastore.io.ExchangingSmallFile;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/** The small {@code *.ninja} files: raw bytes without newline or header (spec F-2). */
final class NinjaFiles {
    static final String TYPE = "type.ninja";
    static final String DTYPE = "dtype.ninja";
    static final String SHAPE = "shape.ninja";
    static final String ORDER = "order.ninja";
    static final String DATA = "data.ninja";
    static final String SHAPES_ARE_FLAT = "shapes_are_flat.ninja";
    /** Small files are tiny; anything larger is corrupt, and reading it is never a huge allocation. */
    private static final int MAX_SMALL = 4096;

    private NinjaFiles() {}

    /**
     * Checks that a store's file is a regular file (after links): opening a named pipe to read blocks
     * until some writer opens it, which would hang a reader of a malformed store, and a directory or a
     * device is no store file either.
     *
     * @throws CorruptStoreException when it is missing or not a regular file
     */
    static void requireRegularFile(Path file) throws IOException {
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            throw new CorruptStoreException(file, "file", "missing", e);
        }
        if (!a.isRegularFile()) {
            throw new CorruptStoreException(file, "file", "not a regular file but " + (a.isDirectory() ? "a directory" : "a pipe, socket or device"));
        }
    }

    /**
     * The length of a {@code data.ninja} that holds no bytes of data: one zero byte, which a writer
     * leaves rather than an empty file (spec F-6), because numpy cannot map an empty file read-only.
     */
    static final long NO_DATA_LENGTH = 1;

    /** Whether a data file holds no data: missing, empty, or no longer than {@link #NO_DATA_LENGTH}. */
    static boolean holdsNoData(Path data) throws IOException {
        return !Files.exists(data) || Files.size(data) <= NO_DATA_LENGTH;
    }

    /** Opens a store file to read, after {@link #requireRegularFile}. */
    static FileChannel openToRead(Path file) throws IOException {
        requireRegularFile(file);
        try {
            return FileChannel.open(file, StandardOpenOption.READ);
        } catch (NoSuchFileException e) { // deleted since
            throw new CorruptStoreException(file, "file", "missing", e);
        }
    }

    static byte[] readSmall(Path file) throws IOException {
        try (FileChannel ch = openToRead(file)) {
            long size = ch.size();
            if (size > MAX_SMALL) {
                throw new CorruptStoreException(file, "size", size + " bytes; a .ninja scalar file holds at most " + MAX_SMALL);
            }
            ByteBuffer b = ByteBuffer.allocate((int) size);
            while (b.hasRemaining() && ch.read(b) >= 0) { /* read fully */ }
            return Arrays.copyOf(b.array(), b.position());
        }
    }

    static String readString(Path file) throws IOException {
        return new String(readSmall(file), StandardCharsets.UTF_8);
    }

    static String readType(Path dir) throws IOException {
        return readString(dir.resolve(TYPE)).strip();
    }

    static DType readDtype(Path dir) throws IOException {
        Path f = dir.resolve(DTYPE);
        String name = readString(f);
        try {
            return DType.parse(name);
        } catch (IllegalArgumentException e) {
            throw new CorruptStoreException(f, "dtype", e.getMessage());
        }
    }

    static boolean readFortran(Path dir) throws IOException {
        Path f = dir.resolve(ORDER);
        String o = readString(f).strip();
        return switch (o) {
            case "C" -> false;
            case "F" -> true;
            default -> throw new CorruptStoreException(f, "order", "expected C or F, found '" + o + "'");
        };
    }

    static long[] readShape(Path dir) throws IOException {
        Path f = dir.resolve(SHAPE);
        requireRegularFile(f);
        byte[] b;
        try {
            b = ExchangingSmallFile.read(f, MAX_SMALL + 1); // a writer may be exchanging it (C-63)
        } catch (NoSuchFileException e) {
            throw new CorruptStoreException(f, "file", "missing", e);
        }
        if (b.length > MAX_SMALL) throw new CorruptStoreException(f, "size", "over " + MAX_SMALL + " bytes; a .ninja scalar file holds at most " + MAX_SMALL);
        if (b.length % 8 != 0) throw new CorruptStoreException(f, "shape", b.length + " bytes is not a whole number of uint64 axes");
        if (b.length / 8 > NdArray.MAX_NDIM) throw new CorruptStoreException(f, "shape", (b.length / 8) + " axes; at most " + NdArray.MAX_NDIM);
        ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        long[] shape = new long[b.length / 8];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = bb.getLong();
            if (shape[i] < 0) {
                throw new CorruptStoreException(f, "shape[" + i + "]", Long.toUnsignedString(shape[i]) + " is too large");
            }
        }
        return shape;
    }

    /**
     * The bytes a shape of {@code dtype} needs, after checking (spec F-4) that neither the whole nor
     * one row overflows 64 bits: with {@code shape[0] = 0} the whole is 0 however large the rest.
     */
    static long byteCount(Path dir, long[] shape, DType dtype) {
        try {
            if (shape.length > 1) Math.multiplyExact(io.ninjastore.array.Shapes.size(Arrays.copyOfRange(shape, 1, shape.length)), dtype.itemSize());
            return Math.multiplyExact(io.ninjastore.array.Shapes.size(shape), dtype.itemSize());
        } catch (ArithmeticException e) {
            throw new CorruptStoreException(dir.resolve(SHAPE), "shape", Arrays.toString(shape) + " of " + dtype
                    + " overflows a 64-bit byte count");
        }
    }

    static int readInt32(Path file) throws IOException {
        byte[] b = readSmall(file);
        if (b.length != 4) throw new CorruptStoreException(file, "value", "expected 4 bytes (int32), found " + b.length);
        return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getInt();
    }

    static byte[] shapeBytes(long[] shape) {
        ByteBuffer b = ByteBuffer.allocate(shape.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (long d : shape) b.putLong(d);
        return b.array();
    }

    static byte[] int32Bytes(int v) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array();
    }

    static byte[] ascii(String s) { return s.getBytes(StandardCharsets.US_ASCII); }

    static boolean exists(Path p) { return Files.exists(p); }

    /**
     * Deletes the {@code NAME.tmp} files a crash left in {@code dir} between writing and renaming a
     * small file (spec C-3, F-36). Only a writer holding the lock calls this, so none is in use.
     */
    static void deleteTemporaries(Path dir, io.ninjastore.io.FileIo io) throws IOException {
        java.util.List<Path> tmps;
        try (var s = Files.list(dir)) {
            tmps = s.filter(p -> (p.getFileName().toString().endsWith(".tmp")
                    || p.getFileName().toString().endsWith(ExchangingSmallFile.SPARE_SUFFIX)) && Files.isRegularFile(p)).toList();
        }
        for (Path p : tmps) io.deleteRecursively(p);
    }
}
