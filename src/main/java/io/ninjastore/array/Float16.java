package io.ninjastore.array;

/**
 * Conversions to IEEE 754 binary16 ({@code float16}) that round once, as numpy's float64 to
 * float16 cast does. {@code Float.floatToFloat16((float) d)} rounds twice (to float32, then to
 * float16) and is wrong whenever the first rounding lands exactly halfway between two float16 values.
 *
 * <p>Stateless and thread-safe.
 */
public final class Float16 {
    /** The smallest magnitude that rounds to infinity: halfway between 65504 and 2^16, ties to even. */
    private static final double OVERFLOW = 65520.0;
    private static final short POSITIVE_INFINITY = 0x7C00;
    private static final short NEGATIVE_INFINITY = (short) 0xFC00;

    private Float16() {}

    /** The float16 bits nearest to {@code d} (ties to even); beyond the range, infinity; NaN stays NaN. */
    public static short fromDouble(double d) {
        if (Math.abs(d) >= OVERFLOW) return d > 0 ? POSITIVE_INFINITY : NEGATIVE_INFINITY;
        float f = (float) d;
        short h = Float.floatToFloat16(f);
        if (f == d || Float.isNaN(f)) return h;
        // Every float16 midpoint is a float32, so the second rounding differs from a direct one only
        // when f is such a midpoint; then d lies strictly on one side of it and the nearer neighbour wins.
        double v = valueOf(h);
        short other = d > v ? nextUp(h) : nextDown(h);
        return Math.abs(d - valueOf(other)) < Math.abs(d - v) ? other : h;
    }

    /** The value of finite bits; infinity counts as 2^16 (where the rounding grid continues). */
    private static double valueOf(short h) {
        if ((h & 0x7FFF) == POSITIVE_INFINITY) return h < 0 ? -65536.0 : 65536.0;
        return Float.float16ToFloat(h);
    }

    private static short nextUp(short h) {
        int b = h & 0xFFFF;
        if (b == 0x8000) return 0x0001;
        return (short) ((b & 0x8000) == 0 ? b + 1 : b - 1);
    }

    private static short nextDown(short h) {
        int b = h & 0xFFFF;
        if (b == 0x0000) return (short) 0x8001;
        return (short) ((b & 0x8000) == 0 ? b - 1 : b + 1);
    }
}
