package io.ninjastore.stream;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.ninjastore.array.DType;
import io.ninjastore.array.NdArray;

import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * The Jackson mapper the JSON lines reader and writer share, taught {@link NdArray}: written as
 * nested lists in C order (integers exact, uint64 unsigned, float16/float32 with their own shortest
 * digits, complex as {@code [re, im]}); read from nested lists of numbers and booleans, or a bare
 * one (a 0-d array), typed as numpy types a list of Python values: bool when all are booleans, else
 * int64 when all are integers below 2^63 or booleans, uint64 when all are integers in [2^63, 2^64) or
 * booleans, else float64 (true is 1 in all three; numpy promotes int64 with uint64 to float64; empty
 * lists, with no values, are float64). Non-finite floats are the
 * bare tokens {@code NaN}, {@code Infinity}, {@code -Infinity} both ways, as in Python's {@code json}
 * module (not strict JSON). Thread-safe once built.
 */
final class Json {
    static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    // Jackson's default limits (strings of 20M chars, keys of 50k) refuse lines Python's json and our
                    // writer produce; a line is in memory before it is parsed, so they bound nothing
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxStringLength(Integer.MAX_VALUE).maxNameLength(Integer.MAX_VALUE).build())
                    .build())
            // one value per line: "1 2" or "{...}{...}" is a bad line, not its first value
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            // non-finite floats as Python's json module writes and reads them, not as strings we could not read back
            .disable(JsonWriteFeature.WRITE_NAN_AS_STRINGS)
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .addModule(new SimpleModule("ninjastore-ndarray")
                    .addSerializer(NdArray.class, new ArraySerializer())
                    .addDeserializer(NdArray.class, new ArrayDeserializer()))
            .build();

    private Json() {}

    private static final class ArraySerializer extends JsonSerializer<NdArray> {
        @Override
        public void serialize(NdArray a, JsonGenerator g, SerializerProvider p) throws IOException {
            write(a, g, new long[a.ndim()], 0);
        }

        private static void write(NdArray a, JsonGenerator g, long[] idx, int axis) throws IOException {
            if (axis == a.ndim()) {
                element(a, g, idx);
                return;
            }
            g.writeStartArray();
            for (long i = 0; i < a.shape(axis); i++) {
                idx[axis] = i;
                write(a, g, idx, axis + 1);
            }
            g.writeEndArray();
        }

        private static void element(NdArray a, JsonGenerator g, long[] idx) throws IOException {
            DType t = a.dtype();
            switch (t.kind()) {
                case BOOL -> g.writeBoolean(a.getBoolean(idx));
                case SIGNED, UNSIGNED -> {
                    if (t == DType.UINT64) g.writeNumber(a.getBigInteger(idx));
                    else g.writeNumber(a.getLong(idx));
                }
                case FLOAT -> {
                    if (t == DType.FLOAT64) g.writeNumber(a.getDouble(idx));
                    else g.writeNumber(a.getFloat(idx)); // float16 values are exact floats: shortest float digits
                }
                case COMPLEX -> {
                    double[] c = a.getComplex(idx);
                    g.writeStartArray();
                    if (t == DType.COMPLEX64) {
                        g.writeNumber((float) c[0]);
                        g.writeNumber((float) c[1]);
                    } else {
                        g.writeNumber(c[0]);
                        g.writeNumber(c[1]);
                    }
                    g.writeEndArray();
                }
            }
        }
    }

    private static final class ArrayDeserializer extends JsonDeserializer<NdArray> {
        @Override
        public NdArray deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
            JsonNode root = p.readValueAsTree();
            List<Long> shape = new ArrayList<>();
            for (JsonNode n = root; n.isArray(); n = n.size() > 0 ? n.get(0) : null) {
                if (shape.size() == NdArray.MAX_NDIM) {
                    throw MismatchedInputException.from(p, NdArray.class, "lists nested deeper than " + NdArray.MAX_NDIM
                            + " axes: numpy arrays have at most " + NdArray.MAX_NDIM);
                }
                shape.add((long) n.size());
                if (n.isEmpty()) break;
            }
            long[] sh = shape.stream().mapToLong(Long::longValue).toArray();
            List<JsonNode> leaves = new ArrayList<>();
            collect(root, 0, sh, leaves, p);
            // numpy types each Python value on its own (bool, int64 below 2^63, uint64 from 2^63 to 2^64 - 1,
            // float64) and promotes: bool < int64 and bool < uint64, but int64 with uint64 is float64;
            // no values at all ([], [[], []]) is float64, numpy's default dtype
            boolean bools = !leaves.isEmpty(), floats = leaves.isEmpty(), signed = false, unsigned = false;
            for (JsonNode leaf : leaves) {
                bools &= leaf.isBoolean();
                if (leaf.isBoolean()) continue;
                if (!leaf.isIntegralNumber()) floats = true;
                else if (leaf.canConvertToLong()) signed = true;
                else if (fitsUint64(leaf)) unsigned = true;
                else floats = true; // numpy makes an object array of an int outside [-2^63, 2^64); float64 is the nearest number
            }
            // reshape, not of(v, sh): of() reads an empty shape as 1-d, and a bare number is 0-d
            if (bools) {
                boolean[] v = new boolean[leaves.size()];
                for (int i = 0; i < v.length; i++) v[i] = leaves.get(i).booleanValue();
                return NdArray.of(v).reshape(sh);
            }
            if (!floats && !(signed && unsigned)) {
                long[] v = new long[leaves.size()];
                for (int i = 0; i < v.length; i++) v[i] = integerBits(leaves.get(i));
                return NdArray.ofBits(unsigned ? DType.UINT64 : DType.INT64, v).reshape(sh);
            }
            double[] v = new double[leaves.size()];
            for (int i = 0; i < v.length; i++) v[i] = leaves.get(i).isBoolean() ? bit(leaves.get(i)) : leaves.get(i).doubleValue();
            return NdArray.of(v).reshape(sh);
        }

        private static final BigInteger UINT64_LIMIT = BigInteger.ONE.shiftLeft(64);

        /** An integer past int64 that uint64 holds: in [2^63, 2^64). */
        private static boolean fitsUint64(JsonNode integral) {
            BigInteger b = integral.bigIntegerValue();
            return b.signum() > 0 && b.compareTo(UINT64_LIMIT) < 0;
        }

        private static int bit(JsonNode bool) { return bool.booleanValue() ? 1 : 0; }

        /**
         * A boolean, int64 or uint64 leaf as 64 bits: a uint64 past int64 through a BigInteger, whose
         * longValue() is its low 64 bits; every other leaf without allocating one.
         */
        private static long integerBits(JsonNode leaf) {
            if (leaf.isBoolean()) return bit(leaf);
            return leaf.canConvertToLong() ? leaf.longValue() : leaf.bigIntegerValue().longValue();
        }

        private static void collect(JsonNode n, int axis, long[] shape, List<JsonNode> out, JsonParser p) throws IOException {
            if (axis == shape.length) {
                if (n.isArray()) { // [1, [2]]: the first value at this depth was a number
                    throw MismatchedInputException.from(p, NdArray.class,
                            "ragged nested lists: expected a number at depth " + axis + ", found a list");
                }
                if (!n.isNumber() && !n.isBoolean()) {
                    throw MismatchedInputException.from(p, NdArray.class, "an NdArray holds numbers or booleans, found " + n.getNodeType());
                }
                out.add(n);
                return;
            }
            if (!n.isArray() || n.size() != shape[axis]) {
                throw MismatchedInputException.from(p, NdArray.class,
                        "ragged nested lists: expected a list of " + shape[axis] + " at depth " + axis);
            }
            for (JsonNode c : n) collect(c, axis + 1, shape, out, p);
        }
    }
}
