package io.ninjastore.cli;

import io.ninjastore.array.DType;
import io.ninjastore.array.Index;
import io.ninjastore.array.NdArray;
import io.ninjastore.offline.Batch;
import io.ninjastore.offline.BatchMode;
import io.ninjastore.offline.OfflineDataList;
import io.ninjastore.offline.ParseOptions;
import io.ninjastore.store.NinjaStoreException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code ninjastore slice DST EXPR --json}: reads part of an offline data set. EXPR is numpy-like text
 * ({@code "0, 1:3, ::2, -1"}, lists as {@code [0, 2]}, {@code ...}) whose first index selects entries.
 * Prints one canonical JSON line (spec section 9) for a single entry; for several, one line per entry
 * with {@code --batch list}, or one line holding the stacked array with {@code pad} or {@code crop}.
 * Errors: one line {@code ninjastore slice: ...} on stderr, exit status 1.
 */
@Command(name = "slice", mixinStandardHelpOptions = true,
        description = "Print part of an offline data set as JSON; the first index of EXPR selects entries.")
public final class SliceCommand implements Callable<Integer> {
    enum Mode { list, pad, crop }

    enum PadMode { constant, edge }

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DST", description = "The offline data set.")
    private Path dst;

    @Parameters(index = "1", paramLabel = "EXPR", description = "numpy-like index, e.g. \"0, 1:3, ::2, -1\".")
    private String expr;

    @Option(names = "--json", description = "Canonical JSON output, one value per line (the only format).")
    private boolean json;

    @Option(names = "--batch", paramLabel = "MODE", defaultValue = "list", description = "Several entries: list, pad or crop (default ${DEFAULT-VALUE}).")
    private Mode batch;

    @Option(names = "--pad-mode", paramLabel = "M", defaultValue = "constant", description = "With --batch pad: constant or edge (default ${DEFAULT-VALUE}).")
    private PadMode padMode;

    @Option(names = "--pad-value", paramLabel = "V", defaultValue = "0", description = "With --batch pad --pad-mode constant: the fill value (default ${DEFAULT-VALUE}; nan, inf, -inf accepted).")
    private String padValue;

    @Override
    public Integer call() {
        try {
            Index[] request = Index.parse(expr);
            BatchMode mode = switch (batch) {
                case list -> BatchMode.LIST;
                case crop -> BatchMode.CROP;
                case pad -> padMode == PadMode.edge ? BatchMode.padEdge() : BatchMode.pad(number(padValue));
            };
            PrintWriter out = spec.commandLine().getOut();
            try (OfflineDataList list = OfflineDataList.open(dst, ParseOptions.defaults().withBatchMode(mode))) {
                Batch b = list.get(request);
                for (NdArray a : b.arrays()) out.println(Json.array(a));
            }
            out.flush();
            return 0;
        } catch (IOException | IllegalArgumentException | IndexOutOfBoundsException | IllegalStateException | NinjaStoreException e) {
            spec.commandLine().getErr().println("ninjastore slice: " + e.getMessage());
            spec.commandLine().getErr().flush();
            return 1;
        }
    }

    private static double number(String text) {
        return switch (text.strip()) {
            case "nan" -> Double.NaN;
            case "inf" -> Double.POSITIVE_INFINITY;
            case "-inf" -> Double.NEGATIVE_INFINITY;
            default -> {
                try {
                    yield Double.parseDouble(text);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("--pad-value: '" + text + "' is not a number");
                }
            }
        };
    }

    /**
     * The canonical JSON text of arrays (spec J-1..J-4): nested lists in logical C order, a bare value
     * for a 0-d array; integers exact (uint64 unsigned); floats with the shortest digits that read back
     * to the same value in their own dtype, laid out as Python's {@code repr}; non-finite floats as the
     * strings {@code "nan"}, {@code "inf"}, {@code "-inf"}; complex values as {@code [re,im]}.
     * Kept here until the CLI's shared canonical encoder replaces it.
     */
    static final class Json {
        private Json() {}

        static String array(NdArray a) {
            StringBuilder sb = new StringBuilder();
            nest(a, a.shape(), 0, 0, sb);
            return sb.toString();
        }

        /** Writes the elements from flat position {@code at} spanning axes {@code [axis, ndim)}; returns the next position. */
        private static long nest(NdArray a, long[] shape, int axis, long at, StringBuilder sb) {
            if (axis == shape.length) {
                element(a, at, sb);
                return at + 1;
            }
            sb.append('[');
            for (long i = 0; i < shape[axis]; i++) {
                if (i > 0) sb.append(',');
                at = nest(a, shape, axis + 1, at, sb);
            }
            sb.append(']');
            return at;
        }

        private static void element(NdArray a, long i, StringBuilder sb) {
            DType t = a.dtype();
            switch (t.kind()) {
                case BOOL -> sb.append(a.longAt(i) != 0 ? "true" : "false");
                case SIGNED -> sb.append(a.longAt(i));
                case UNSIGNED -> sb.append(Long.toUnsignedString(a.longAt(i)));
                case FLOAT -> sb.append(real(a.doubleAt(i), t));
                case COMPLEX -> {
                    DType part = t == DType.COMPLEX64 ? DType.FLOAT32 : DType.FLOAT64;
                    sb.append('[').append(real(a.doubleAt(i), part)).append(',').append(real(a.imagAt(i), part)).append(']');
                }
            }
        }

        /** One float of {@code dtype} (held exactly in a double). */
        static String real(double v, DType dtype) {
            if (Double.isNaN(v)) return "\"nan\"";
            if (Double.isInfinite(v)) return v > 0 ? "\"inf\"" : "\"-inf\"";
            boolean negative = Math.copySign(1.0, v) < 0;
            if (v == 0) return negative ? "-0.0" : "0.0";
            BigDecimal d = shortest(Math.abs(v), dtype);
            String digits = d.unscaledValue().toString();
            int exponent = digits.length() - 1 - d.scale();
            return (negative ? "-" : "") + layout(digits, exponent);
        }

        /**
         * The decimal with the fewest significant digits that rounds to {@code v} in {@code dtype}, the
         * closest to {@code v} among those (the even last digit on a tie): {@code v}'s rounding interval
         * is bounded by the midpoints to its neighbours (included when {@code v}'s last bit is even, as
         * round-half-even includes them).
         */
        private static BigDecimal shortest(double v, DType dtype) {
            double below, above;
            boolean even;
            switch (dtype) {
                case FLOAT16 -> {
                    short bits = Float.floatToFloat16((float) v);
                    below = Float.float16ToFloat((short) (bits - 1));
                    above = bits == 0x7bff ? 65536.0 : Float.float16ToFloat((short) (bits + 1));
                    even = (bits & 1) == 0;
                }
                case FLOAT32 -> {
                    float f = (float) v;
                    below = Math.nextDown(f);
                    above = f == Float.MAX_VALUE ? 0x1p128 : Math.nextUp(f);
                    even = (Float.floatToRawIntBits(f) & 1) == 0;
                }
                default -> {
                    below = Math.nextDown(v);
                    above = v == Double.MAX_VALUE ? Double.POSITIVE_INFINITY : Math.nextUp(v);
                    even = (Double.doubleToRawLongBits(v) & 1) == 0;
                }
            }
            BigDecimal x = new BigDecimal(v);
            BigDecimal two = BigDecimal.valueOf(2);
            BigDecimal lo = x.add(new BigDecimal(below)).divide(two);
            BigDecimal hi = Double.isInfinite(above) ? x.add(x.subtract(lo)) : x.add(new BigDecimal(above)).divide(two);
            for (int p = 1; ; p++) {
                BigDecimal best = null;
                for (RoundingMode m : new RoundingMode[] {RoundingMode.FLOOR, RoundingMode.CEILING}) {
                    BigDecimal c = x.round(new MathContext(p, m));
                    int cl = c.compareTo(lo), ch = c.compareTo(hi);
                    boolean inside = (cl > 0 || (cl == 0 && even)) && (ch < 0 || (ch == 0 && even));
                    if (!inside) continue;
                    int closer = best == null ? -1 : c.subtract(x).abs().compareTo(best.subtract(x).abs());
                    // Equally close: the even last digit wins, as numpy's and Java's shortest printers choose.
                    if (closer < 0 || (closer == 0 && !c.unscaledValue().testBit(0))) best = c;
                }
                if (best != null) return best.stripTrailingZeros();
            }
        }

        /** Python's {@code repr} layout: positional for exponents in [-4, 16), scientific otherwise. */
        private static String layout(String digits, int e) {
            if (e >= 16 || e < -4) {
                String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
                return mantissa + "e" + (e < 0 ? "-" : "+") + (Math.abs(e) < 10 ? "0" : "") + Math.abs(e);
            }
            if (e < 0) return "0." + "0".repeat(-e - 1) + digits;
            if (digits.length() <= e + 1) return digits + "0".repeat(e + 1 - digits.length()) + ".0";
            return digits.substring(0, e + 1) + "." + digits.substring(e + 1);
        }
    }
}
