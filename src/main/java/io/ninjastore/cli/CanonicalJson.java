package io.ninjastore.cli;

import io.ninjastore.array.DType;
import io.ninjastore.array.NdArray;

/**
 * The canonical JSON of spec section 9 (J-1..J-7): what {@code ninjastore cat --json} and
 * {@code info --json} print, byte for byte what {@code spec/reference/ninja_ref.py} prints. Compact,
 * arrays as nested lists in logical C order, exact integers (uint64 unsigned), shortest round-trip
 * floats in their own dtype, non-finite floats as strings, complex values as {@code [re,im]}.
 *
 * <p>Every command that prints samples goes through this class. Stateless and thread-safe; the
 * arrays passed in must stay alive (their store open) for the duration of the call.
 */
public final class CanonicalJson {
    private CanonicalJson() {}

    /** One value: nested lists for an array, a bare value for a 0-d array. */
    public static String array(NdArray a) {
        StringBuilder sb = new StringBuilder();
        appendArray(sb, a);
        return sb.toString();
    }

    /** Appends {@link #array(NdArray)}'s text to {@code out}. */
    public static void appendArray(StringBuilder out, NdArray a) {
        appendAxis(out, a, a.shape(), 0, 0);
    }

    private static void appendAxis(StringBuilder out, NdArray a, long[] shape, int axis, long flatBase) {
        if (axis == shape.length) {
            appendElement(out, a, flatBase);
            return;
        }
        out.append('[');
        long n = shape[axis];
        for (long j = 0; j < n; j++) {
            if (j > 0) out.append(',');
            appendAxis(out, a, shape, axis + 1, flatBase * n + j);
        }
        out.append(']');
    }

    private static void appendElement(StringBuilder out, NdArray a, long flat) {
        DType t = a.dtype();
        switch (t) {
            case BOOL -> out.append(a.longAt(flat) != 0 ? "true" : "false");
            case UINT64 -> out.append(Long.toUnsignedString(a.longAt(flat)));
            case INT8, INT16, INT32, INT64, UINT8, UINT16, UINT32 -> out.append(a.longAt(flat));
            case FLOAT16 -> out.append(FloatText.float16(Float.floatToFloat16((float) a.doubleAt(flat))));
            case FLOAT32 -> out.append(FloatText.float32((float) a.doubleAt(flat)));
            case FLOAT64 -> out.append(FloatText.float64(a.doubleAt(flat)));
            case COMPLEX64 -> out.append('[').append(FloatText.float32((float) a.doubleAt(flat))).append(',')
                    .append(FloatText.float32((float) a.imagAt(flat))).append(']');
            case COMPLEX128 -> out.append('[').append(FloatText.float64(a.doubleAt(flat))).append(',')
                    .append(FloatText.float64(a.imagAt(flat))).append(']');
        }
    }

    /** A JSON string (J-5): short escapes for {@code \b \f \n \r \t}, other controls as lowercase {@code &#92;u00xx}. */
    public static String string(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2);
        appendString(sb, s);
        return sb.toString();
    }

    public static void appendString(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) out.append("\\u00").append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 15, 16));
                    else out.append(c);
                }
            }
        }
        out.append('"');
    }

    /** The {@code info --json} object (J-7): type, length, then dtype, shape, order where they apply. */
    public static String info(StoreInfo info) {
        StringBuilder sb = new StringBuilder("{\"type\":");
        appendString(sb, info.type());
        sb.append(",\"length\":").append(info.length());
        if (info.dtype() != null) {
            sb.append(",\"dtype\":");
            appendString(sb, info.dtype().numpyName());
        }
        long[] min = info.shapeMin();
        if (min != null) {
            long[] max = info.shapeMax();
            sb.append(",\"shape\":[");
            for (int k = 0; k < min.length; k++) {
                if (k > 0) sb.append(',');
                if (min[k] == max[k]) sb.append(min[k]);
                else sb.append('[').append(min[k]).append(',').append(max[k]).append(']');
            }
            sb.append(']');
        }
        if (info.order() != null) {
            sb.append(",\"order\":");
            appendString(sb, String.valueOf(info.order()));
        }
        return sb.append('}').toString();
    }
}
