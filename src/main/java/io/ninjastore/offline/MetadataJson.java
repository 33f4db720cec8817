package io.ninjastore.offline;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Per-entry metadata as text, written exactly as the reference writer writes it (Python's
 * {@code json.dumps(m, ensure_ascii=False, separators=(',', ':'))}): compact, keys in the map's
 * iteration order, non-ASCII characters raw, control characters escaped with lowercase hex, floats
 * in Python's {@code repr} layout and non-finite floats as {@code NaN}/{@code Infinity}, which Python
 * writes and reads. Stateless and thread-safe.
 */
final class MetadataJson {
    private static final JsonFactory WRITER = JsonFactory.builder().disable(JsonWriteFeature.WRITE_HEX_UPPER_CASE).build();
    private static final ObjectMapper READER = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {};

    private MetadataJson() {}

    /**
     * The JSON text of {@code metadata}.
     *
     * @param where names the entry in error messages
     * @throws IllegalArgumentException for a value JSON cannot hold, naming the entry and the key path
     */
    static String write(Map<String, ?> metadata, String where) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = WRITER.createGenerator(out)) {
            value(g, metadata, where, "metadata");
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return out.toString();
    }

    /** The object {@code text} holds, keys in file order; null when it is not a JSON object. */
    static LinkedHashMap<String, Object> read(String text) {
        try {
            return READER.readValue(text, MAP);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static void value(JsonGenerator g, Object v, String where, String path) throws IOException {
        switch (v) {
            case null -> g.writeNull();
            case String s -> g.writeString(checked(s, where, path));
            case Character c -> g.writeString(checked(c.toString(), where, path));
            case Boolean b -> g.writeBoolean(b);
            case Integer i -> g.writeNumber(i);
            case Long l -> g.writeNumber(l);
            case Short s -> g.writeNumber(s);
            case Byte b -> g.writeNumber(b);
            case BigInteger b -> g.writeNumber(b);
            case Double d -> g.writeNumber(PythonFloat.repr(d));
            case Float f -> g.writeNumber(PythonFloat.repr(f));
            case Map<?, ?> m -> {
                g.writeStartObject();
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    if (!(e.getKey() instanceof String key)) {
                        throw unsupported(where, path, "has a key " + e.getKey() + " that is not a String");
                    }
                    g.writeFieldName(checked(key, where, path));
                    value(g, e.getValue(), where, path + "." + key);
                }
                g.writeEndObject();
            }
            case List<?> l -> {
                g.writeStartArray();
                for (int i = 0; i < l.size(); i++) value(g, l.get(i), where, path + "[" + i + "]");
                g.writeEndArray();
            }
            default -> throw unsupported(where, path, "is a " + v.getClass().getName()
                    + "; metadata values are null, Boolean, String, integers, Double, Float, List or Map with String keys");
        }
    }

    /** A lone surrogate has no UTF-8 encoding: Python could not write it, and neither do we. */
    private static String checked(String s, String where, String path) {
        int k = loneSurrogate(s);
        if (k >= 0) {
            throw unsupported(where, path, "holds a lone surrogate U+" + Integer.toHexString(s.charAt(k)).toUpperCase()
                    + " at char " + k + ", which has no UTF-8 encoding");
        }
        return s;
    }

    /** The position of the first surrogate of {@code s} that is not part of a pair, or -1. */
    static int loneSurrogate(String s) {
        for (int k = 0; k < s.length(); k++) {
            char c = s.charAt(k);
            if (Character.isHighSurrogate(c) && k + 1 < s.length() && Character.isLowSurrogate(s.charAt(k + 1))) k++;
            else if (Character.isSurrogate(c)) return k;
        }
        return -1;
    }

    private static IllegalArgumentException unsupported(String where, String path, String what) {
        return new IllegalArgumentException("metadata of " + where + ": " + path + " " + what);
    }

    /** Python's {@code repr} of a float: the shortest round-trip digits, positional for exponents in [-4, 16). */
    static final class PythonFloat {
        private PythonFloat() {}

        static String repr(double v) {
            if (Double.isNaN(v)) return "NaN";
            if (Double.isInfinite(v)) return v > 0 ? "Infinity" : "-Infinity";
            Decimal d = Decimal.of(Double.toString(Math.abs(v)));
            if (d.digits.length() == 2) d = shorter(d, new BigDecimal(Math.abs(v)), c -> Double.parseDouble(c) == Math.abs(v));
            return layout(Math.copySign(1.0, v) < 0, d);
        }

        static String repr(float v) {
            if (Float.isNaN(v)) return "NaN";
            if (Float.isInfinite(v)) return v > 0 ? "Infinity" : "-Infinity";
            float a = Math.abs(v);
            Decimal d = Decimal.of(Float.toString(a));
            if (d.digits.length() == 2) d = shorter(d, new BigDecimal(a), c -> Float.parseFloat(c) == a);
            return layout(Math.copySign(1f, v) < 0, d);
        }

        /**
         * Java prints two digits where one would round-trip but two are closer (e.g. {@code 4.9E-324});
         * Python prints the one digit ({@code 5e-324}). Tries the one-digit neighbours.
         */
        private static Decimal shorter(Decimal d, BigDecimal exact, java.util.function.Predicate<String> roundTrips) {
            int first = d.digits.charAt(0) - '0';
            Decimal best = null;
            BigDecimal bestDistance = null;
            for (int digit = first; digit <= first + 1; digit++) {
                Decimal c = digit == 10 ? new Decimal("1", d.exponent + 1) : new Decimal(Integer.toString(digit), d.exponent);
                if (c.digits.equals("0") || !roundTrips.test(c.digits + "E" + c.exponent)) continue;
                BigDecimal distance = new BigDecimal(c.digits).scaleByPowerOfTen(c.exponent).subtract(exact).abs();
                if (best == null || distance.compareTo(bestDistance) < 0) {
                    best = c;
                    bestDistance = distance;
                }
            }
            return best == null ? d : best;
        }

        private static String layout(boolean negative, Decimal d) {
            String digits = d.digits;
            int e = d.exponent;
            StringBuilder sb = new StringBuilder(negative ? "-" : "");
            if (e >= -4 && e < 16) {
                if (e >= 0) {
                    String whole = digits.length() > e + 1 ? digits.substring(0, e + 1) : digits + "0".repeat(e + 1 - digits.length());
                    String frac = digits.length() > e + 1 ? digits.substring(e + 1) : "0";
                    return sb.append(whole).append('.').append(frac).toString();
                }
                return sb.append("0.").append("0".repeat(-e - 1)).append(digits).toString();
            }
            sb.append(digits.charAt(0));
            if (digits.length() > 1) sb.append('.').append(digits, 1, digits.length());
            return sb.append('e').append(e < 0 ? '-' : '+').append(String.format("%02d", Math.abs(e))).toString();
        }
    }

    /** Significant digits (no leading or trailing zeros; "0" for zero) and the exponent of the first one. */
    private record Decimal(String digits, int exponent) {
        /** Parses Java's {@code Double.toString}/{@code Float.toString} of a non-negative finite value. */
        static Decimal of(String s) {
            int ePos = s.indexOf('E');
            String mantissa = ePos < 0 ? s : s.substring(0, ePos);
            int exp = ePos < 0 ? 0 : Integer.parseInt(s.substring(ePos + 1));
            int dot = mantissa.indexOf('.');
            String all = mantissa.substring(0, dot) + mantissa.substring(dot + 1);
            exp += dot - 1; // the exponent of all's first digit
            int lead = 0;
            while (lead < all.length() - 1 && all.charAt(lead) == '0') lead++;
            int end = all.length();
            while (end > lead + 1 && all.charAt(end - 1) == '0') end--;
            String digits = all.substring(lead, end);
            return digits.equals("0") ? new Decimal("0", 0) : new Decimal(digits, exp - lead);
        }
    }
}
