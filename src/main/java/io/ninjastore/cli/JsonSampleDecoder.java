package io.ninjastore.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import io.ninjastore.array.DType;
import io.ninjastore.array.Float16;
import io.ninjastore.array.NdArray;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.Arrays;

/**
 * Reads one canonical JSON value (what {@code cat} prints, spec J-2..J-5) as a sample of a given dtype:
 * nested lists of equal lengths become an array, a bare value a 0-d array. Values are converted as
 * numpy converts Python values ({@code np.array(value, dtype)}): integers must fit the dtype exactly
 * (uint64 up to 2^64 - 1), floats round once to the dtype and must not overflow it, {@code "nan"},
 * {@code "inf"} and {@code "-inf"} are the non-finite floats, and a complex value is {@code [re, im]}.
 * Integers are never truncated from floats, and bools are only {@code true}/{@code false}.
 *
 * <p>Not thread-safe (it reuses its buffers); one per reading thread. Errors are {@link CliException}s
 * whose message starts with the {@code where} the caller passes (file and line).
 */
final class JsonSampleDecoder {
    /** Strict JSON: no NaN literals, comments or trailing commas. */
    private static final JsonFactory JSON = JsonFactory.builder()
            // a line is in memory before it is parsed: Jackson's 20M-char string limit would bound no allocation,
            // only refuse a long string Python's json reads and the library's JSON lines reader accepts (spec S-9)
            .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(Integer.MAX_VALUE).build())
            .build();
    private static final BigInteger UINT64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    private final DType dtype;
    private final long[] dims = new long[NdArray.MAX_NDIM + 1];
    private int ndim;
    private long[] longs = new long[16];
    private double[] doubles = new double[16];
    private int count;
    private String where;

    JsonSampleDecoder(DType dtype) { this.dtype = dtype; }

    DType dtype() { return dtype; }

    /** The sample {@code text} holds (one JSON value, nothing else). The array owns heap memory. */
    NdArray decode(String text, String where) {
        this.where = where;
        ndim = -1;
        count = 0;
        Arrays.fill(dims, -1);
        try (JsonParser p = JSON.createParser(text)) {
            value(p, p.nextToken(), 0);
            if (p.nextToken() != null) throw fail("more than one JSON value on the line");
        } catch (JsonProcessingException e) {
            throw fail("not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return build(Arrays.copyOf(dims, ndim));
    }

    /** The JSON string {@code text} holds; refuses strings that have no UTF-8 encoding (spec F-22). */
    static String decodeString(String text, String where) {
        try (JsonParser p = JSON.createParser(text)) {
            JsonToken t = p.nextToken();
            if (t != JsonToken.VALUE_STRING) throw new CliException(where + ": expected a JSON string, found " + describe(p, t));
            String s = p.getText();
            if (p.nextToken() != null) throw new CliException(where + ": more than one JSON value on the line");
            requireEncodable(s, where);
            return s;
        } catch (JsonProcessingException e) {
            throw new CliException(where + ": not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Refuses a string with an unpaired surrogate: it has no UTF-8 encoding. */
    static void requireEncodable(String s, String where) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new CliException(where + ": the string holds an unpaired surrogate U+" + Integer.toHexString(c).toUpperCase(java.util.Locale.ROOT)
                        + " at position " + i + ", which has no UTF-8 encoding");
            }
        }
    }

    private void value(JsonParser p, JsonToken t, int depth) throws IOException {
        if (t == JsonToken.START_ARRAY) {
            JsonToken first = p.nextToken();
            if (dtype.isComplex() && first != null && first.isScalarValue()) {
                leaf(depth);
                complex(p, first);
                return;
            }
            if (depth == NdArray.MAX_NDIM) throw fail("lists nested deeper than " + NdArray.MAX_NDIM + " axes");
            if (ndim >= 0 && depth >= ndim) throw fail(inhomogeneous());
            long n = 0;
            for (JsonToken e = first; e != JsonToken.END_ARRAY; e = p.nextToken()) {
                value(p, e, depth + 1);
                n++;
            }
            if (n == 0) leaf(depth + 1); // an empty list ends the nesting one level down
            if (dims[depth] < 0) dims[depth] = n;
            else if (dims[depth] != n) throw fail("lists of different lengths (" + dims[depth] + " and " + n + ") on axis " + depth
                    + ": " + inhomogeneous());
            return;
        }
        leaf(depth);
        element(p, t);
    }

    private void leaf(int depth) {
        if (ndim < 0) ndim = depth;
        else if (ndim != depth) throw fail(inhomogeneous());
    }

    private static String inhomogeneous() {
        return "nested lists must form an array (every list at one depth of the same length, values only at the deepest level)";
    }

    private void element(JsonParser p, JsonToken t) throws IOException {
        switch (dtype.kind()) {
            case BOOL -> {
                if (t != JsonToken.VALUE_TRUE && t != JsonToken.VALUE_FALSE) throw expected("true or false", p, t);
                addLong(t == JsonToken.VALUE_TRUE ? 1 : 0);
            }
            case SIGNED, UNSIGNED -> addLong(integer(p, t));
            case FLOAT -> addDouble(real(p, t, dtype));
            case COMPLEX -> throw expected("[re, im]", p, t);
        }
    }

    private void complex(JsonParser p, JsonToken re) throws IOException {
        DType part = dtype == DType.COMPLEX64 ? DType.FLOAT32 : DType.FLOAT64;
        addDouble(real(p, re, part));
        JsonToken im = p.nextToken();
        if (im == null || !im.isScalarValue()) throw expected("[re, im] (two numbers)", p, im);
        addDouble(real(p, im, part));
        JsonToken end = p.nextToken();
        if (end != JsonToken.END_ARRAY) throw fail("a " + dtype + " value is [re, im]: found more than two parts");
    }

    private long integer(JsonParser p, JsonToken t) throws IOException {
        if (t != JsonToken.VALUE_NUMBER_INT) throw expected("an integer", p, t);
        if (p.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
            long v = p.getLongValue();
            if (!fits(v)) throw outOfRange(p);
            return v;
        }
        BigInteger b = p.getBigIntegerValue();
        if (dtype != DType.UINT64 || b.signum() < 0 || b.compareTo(UINT64_MAX) > 0) throw outOfRange(p);
        return b.longValue(); // the uint64 bit pattern
    }

    private boolean fits(long v) {
        int bits = dtype.itemSize() * 8;
        if (dtype.kind() == DType.Kind.UNSIGNED) return v >= 0 && (bits == 64 || v >>> bits == 0);
        return bits == 64 || (v >= -(1L << (bits - 1)) && v < (1L << (bits - 1)));
    }

    /** A float value rounded once to {@code type}; a finite value that would overflow it is an error. */
    private double real(JsonParser p, JsonToken t, DType type) throws IOException {
        double d;
        if (t == JsonToken.VALUE_STRING) {
            return switch (p.getText()) {
                case "nan" -> Double.NaN;
                case "inf" -> Double.POSITIVE_INFINITY;
                case "-inf" -> Double.NEGATIVE_INFINITY;
                default -> throw expected("a number or \"nan\", \"inf\", \"-inf\"", p, t);
            };
        } else if (t == JsonToken.VALUE_NUMBER_INT) {
            d = p.getNumberType() == JsonParser.NumberType.BIG_INTEGER ? p.getBigIntegerValue().doubleValue() : (double) p.getLongValue();
        } else if (t == JsonToken.VALUE_NUMBER_FLOAT) {
            d = Double.parseDouble(p.getText()); // correctly rounded, as Python's float()
        } else {
            throw expected("a number", p, t);
        }
        boolean overflow = switch (type) {
            case FLOAT16 -> Float.isInfinite(Float.float16ToFloat(Float16.fromDouble(d)));
            case FLOAT32 -> Float.isInfinite((float) d);
            default -> Double.isInfinite(d);
        };
        if (overflow) throw outOfRange(p);
        return d;
    }

    private void addLong(long v) {
        if (count == longs.length) longs = Arrays.copyOf(longs, Math.multiplyExact(count, 2));
        longs[count++] = v;
    }

    private void addDouble(double v) {
        if (count == doubles.length) doubles = Arrays.copyOf(doubles, Math.multiplyExact(count, 2));
        doubles[count++] = v;
    }

    private NdArray build(long[] shape) {
        int n = count;
        Object data = switch (dtype) {
            case BOOL, INT8, UINT8 -> {
                byte[] a = new byte[n];
                for (int i = 0; i < n; i++) a[i] = (byte) longs[i];
                yield a;
            }
            case INT16, UINT16 -> {
                short[] a = new short[n];
                for (int i = 0; i < n; i++) a[i] = (short) longs[i];
                yield a;
            }
            case INT32, UINT32 -> {
                int[] a = new int[n];
                for (int i = 0; i < n; i++) a[i] = (int) longs[i];
                yield a;
            }
            case INT64, UINT64 -> Arrays.copyOf(longs, n);
            case FLOAT16 -> {
                short[] a = new short[n];
                for (int i = 0; i < n; i++) a[i] = Float16.fromDouble(doubles[i]);
                yield a;
            }
            case FLOAT32, COMPLEX64 -> {
                float[] a = new float[n];
                for (int i = 0; i < n; i++) a[i] = (float) doubles[i];
                yield a;
            }
            case FLOAT64, COMPLEX128 -> Arrays.copyOf(doubles, n);
        };
        NdArray flat = NdArray.ofBits(dtype, data);
        return shape.length == 1 ? flat : flat.reshape(shape);
    }

    private CliException fail(String message) { return new CliException(where + ": " + message); }

    private CliException expected(String what, JsonParser p, JsonToken t) throws IOException {
        return fail("expected " + what + " for dtype " + dtype + ", found " + describe(p, t));
    }

    private CliException outOfRange(JsonParser p) throws IOException {
        return fail(p.getText() + " is out of range for dtype " + dtype);
    }

    private static String describe(JsonParser p, JsonToken t) throws IOException {
        if (t == null) return "nothing";
        return switch (t) {
            case START_ARRAY -> "a list";
            case START_OBJECT -> "an object";
            case VALUE_STRING -> "the string " + CanonicalJson.string(p.getText());
            case VALUE_NULL -> "null";
            case END_ARRAY -> "the end of a list";
            default -> p.getText();
        };
    }
}
