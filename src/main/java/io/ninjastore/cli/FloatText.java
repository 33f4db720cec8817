package io.ninjastore.cli;

import io.ninjastore.array.Float16;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.function.Predicate;

/**
 * The JSON token of a float (spec J-3): the shortest decimal digits that read back to the same value
 * in the float's own type, laid out as Python's {@code repr(float)}; NaN and the infinities as the
 * strings {@code "nan"}, {@code "inf"}, {@code "-inf"}.
 *
 * <p>float32 and float64 take their digits from {@link Float#toString}/{@link Double#toString} (shortest
 * since JDK 19), except that Java prefers two digits to one when the two-digit decimal is closer: the
 * shortest (Python's and numpy's) choice is restored. float16 digits are searched directly; the 65536
 * possible results are cached. Stateless apart from that cache; thread-safe.
 */
final class FloatText {
    static final String NAN = "\"nan\"";
    static final String INF = "\"inf\"";
    static final String NEG_INF = "\"-inf\"";
    /** float16 has an 11-bit significand: five significant digits always identify it. */
    private static final int FLOAT16_MAX_DIGITS = 5;
    /** Racy but benign: every thread computes the same immutable string. */
    private static final String[] FLOAT16_CACHE = new String[1 << 16];

    private FloatText() {}

    static String float64(double v) {
        if (Double.isNaN(v)) return NAN;
        if (Double.isInfinite(v)) return v > 0 ? INF : NEG_INF;
        boolean negative = Double.doubleToRawLongBits(v) < 0;
        if (v == 0) return negative ? "-0.0" : "0.0";
        double abs = Math.abs(v);
        Decimal d = Decimal.ofJava(Double.toString(abs));
        d = d.shortest(new BigDecimal(abs), s -> Double.parseDouble(s) == abs);
        return d.layout(negative);
    }

    static String float32(float v) {
        if (Float.isNaN(v)) return NAN;
        if (Float.isInfinite(v)) return v > 0 ? INF : NEG_INF;
        boolean negative = Float.floatToRawIntBits(v) < 0;
        if (v == 0) return negative ? "-0.0" : "0.0";
        float abs = Math.abs(v);
        Decimal d = Decimal.ofJava(Float.toString(abs));
        d = d.shortest(new BigDecimal(abs), s -> Float.parseFloat(s) == abs);
        return d.layout(negative);
    }

    static String float16(short bits) {
        int key = bits & 0xFFFF;
        String s = FLOAT16_CACHE[key];
        if (s == null) {
            s = computeFloat16(bits);
            FLOAT16_CACHE[key] = s;
        }
        return s;
    }

    private static String computeFloat16(short bits) {
        float v = Float.float16ToFloat(bits);
        if (Float.isNaN(v)) return NAN;
        if (Float.isInfinite(v)) return v > 0 ? INF : NEG_INF;
        boolean negative = bits < 0;
        if (v == 0) return negative ? "-0.0" : "0.0";
        short absBits = (short) (bits & 0x7FFF);
        BigDecimal exact = new BigDecimal(Math.abs(v));
        Predicate<BigDecimal> roundTrips = c -> Float16.fromDouble(Double.parseDouble(c.toString())) == absBits;
        for (int p = 1; p <= FLOAT16_MAX_DIGITS; p++) {
            BigDecimal best = closest(exact, exact.round(new MathContext(p, RoundingMode.FLOOR)),
                    exact.round(new MathContext(p, RoundingMode.CEILING)), roundTrips);
            if (best != null) return Decimal.of(best).layout(negative);
        }
        throw new AssertionError("no " + FLOAT16_MAX_DIGITS + "-digit decimal round-trips float16 bits " + key(bits));
    }

    private static String key(short bits) { return String.format("0x%04x", bits & 0xFFFF); }

    /**
     * Of two candidate decimals, the one that round-trips; if both do, the one nearer {@code exact},
     * and on a tie the one whose last digit is even. Null when neither round-trips.
     */
    static BigDecimal closest(BigDecimal exact, BigDecimal a, BigDecimal b, Predicate<BigDecimal> roundTrips) {
        boolean okA = roundTrips.test(a);
        boolean okB = !a.equals(b) && roundTrips.test(b);
        if (!okA) return okB ? b : null;
        if (!okB) return a;
        int cmp = exact.subtract(a).abs().compareTo(exact.subtract(b).abs());
        if (cmp != 0) return cmp < 0 ? a : b;
        return Decimal.of(a).lastDigitEven() ? a : b;
    }

    /** A positive decimal {@code d.ddd × 10^exponent} with no trailing zeros in {@code digits}. */
    record Decimal(String digits, int exponent) {

        /** Parses Java's {@code Float/Double.toString} of a positive finite value ({@code 123.45}, {@code 1.0E-5}). */
        static Decimal ofJava(String s) {
            int e = s.indexOf('E');
            String mantissa = e < 0 ? s : s.substring(0, e);
            int exp = e < 0 ? 0 : Integer.parseInt(s.substring(e + 1));
            int dot = mantissa.indexOf('.');
            String all = mantissa.substring(0, dot) + mantissa.substring(dot + 1);
            int point = dot;
            int lead = 0;
            while (lead < all.length() - 1 && all.charAt(lead) == '0') lead++;
            return of(all.substring(lead), point - lead - 1 + exp);
        }

        static Decimal of(BigDecimal positive) {
            BigDecimal s = positive.stripTrailingZeros();
            String digits = s.unscaledValue().toString();
            return new Decimal(digits, digits.length() - 1 - s.scale());
        }

        private static Decimal of(String digits, int exponent) {
            int end = digits.length();
            while (end > 1 && digits.charAt(end - 1) == '0') end--;
            return new Decimal(digits.substring(0, end), exponent);
        }

        BigDecimal value() { return new BigDecimal(new java.math.BigInteger(digits), digits.length() - 1 - exponent); }

        boolean lastDigitEven() { return (digits.charAt(digits.length() - 1) - '0') % 2 == 0; }

        /**
         * Java picks, when one digit would do, the closest decimal of one OR two digits; Python and numpy
         * pick the closest of one digit. Returns the one-digit decimal in that case, else this.
         */
        Decimal shortest(BigDecimal exact, Predicate<String> roundTrips) {
            if (digits.length() != 2) return this;
            BigDecimal two = value();
            BigDecimal down = two.round(new MathContext(1, RoundingMode.FLOOR));
            BigDecimal up = two.round(new MathContext(1, RoundingMode.CEILING));
            BigDecimal best = closest(exact, down, up, c -> roundTrips.test(c.toString()));
            return best == null ? this : of(best);
        }

        /** Python's {@code repr(float)} layout: positional for exponents in [-4, 16), else scientific. */
        String layout(boolean negative) {
            StringBuilder sb = new StringBuilder(digits.length() + 8);
            if (negative) sb.append('-');
            int n = digits.length();
            if (exponent >= -4 && exponent < 16) {
                if (exponent >= 0) {
                    int whole = exponent + 1;
                    sb.append(digits, 0, Math.min(n, whole));
                    for (int i = n; i < whole; i++) sb.append('0');
                    sb.append('.');
                    if (n > whole) sb.append(digits, whole, n);
                    else sb.append('0');
                } else {
                    sb.append("0.");
                    for (int i = -1; i > exponent; i--) sb.append('0');
                    sb.append(digits);
                }
            } else {
                sb.append(digits.charAt(0));
                if (n > 1) sb.append('.').append(digits, 1, n);
                sb.append('e').append(exponent < 0 ? '-' : '+');
                int a = Math.abs(exponent);
                if (a < 10) sb.append('0');
                sb.append(a);
            }
            return sb.toString();
        }
    }
}
