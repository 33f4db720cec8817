package io.ninjastore.array;

import java.util.Locale;

/**
 * The element types a store can hold, named as numpy names them ({@code dtype.name}).
 *
 * <p>Immutable and thread-safe. {@link #parse(String)} is the one factory from an on-disk or user
 * supplied name; it is where an unknown name becomes a clear error.
 */
public enum DType {
    BOOL("bool", 1, Kind.BOOL),
    INT8("int8", 1, Kind.SIGNED),
    INT16("int16", 2, Kind.SIGNED),
    INT32("int32", 4, Kind.SIGNED),
    INT64("int64", 8, Kind.SIGNED),
    UINT8("uint8", 1, Kind.UNSIGNED),
    UINT16("uint16", 2, Kind.UNSIGNED),
    UINT32("uint32", 4, Kind.UNSIGNED),
    UINT64("uint64", 8, Kind.UNSIGNED),
    FLOAT16("float16", 2, Kind.FLOAT),
    FLOAT32("float32", 4, Kind.FLOAT),
    FLOAT64("float64", 8, Kind.FLOAT),
    COMPLEX64("complex64", 8, Kind.COMPLEX),
    COMPLEX128("complex128", 16, Kind.COMPLEX);

    /** The broad family of a dtype, used by the casting and promotion rules. */
    public enum Kind { BOOL, SIGNED, UNSIGNED, FLOAT, COMPLEX }

    private final String numpyName;
    private final int itemSize;
    private final Kind kind;

    DType(String numpyName, int itemSize, Kind kind) {
        this.numpyName = numpyName;
        this.itemSize = itemSize;
        this.kind = kind;
    }

    /** numpy's {@code dtype.name}, e.g. {@code "float32"}: what {@code dtype.ninja} holds. */
    public String numpyName() { return numpyName; }

    /** Bytes per element. */
    public int itemSize() { return itemSize; }

    public Kind kind() { return kind; }

    public boolean isInteger() { return kind == Kind.SIGNED || kind == Kind.UNSIGNED; }

    public boolean isFloating() { return kind == Kind.FLOAT; }

    public boolean isComplex() { return kind == Kind.COMPLEX; }

    /**
     * The dtype with this numpy name. Accepts exactly the names of {@link #numpyName()}, ignoring
     * case and surrounding white space.
     *
     * @throws IllegalArgumentException naming the value and the accepted names
     */
    public static DType parse(String name) {
        if (name != null) {
            String n = name.strip().toLowerCase(Locale.ROOT);
            for (DType t : values()) {
                if (t.numpyName.equals(n)) {
                    return t;
                }
            }
        }
        throw new IllegalArgumentException("unknown dtype '" + name + "': expected one of " + names());
    }

    /** The accepted names, comma separated, for error messages. */
    public static String names() {
        StringBuilder sb = new StringBuilder();
        for (DType t : values()) {
            if (!sb.isEmpty()) sb.append(", ");
            sb.append(t.numpyName);
        }
        return sb.toString();
    }

    /**
     * Whether every value of {@code this} is exactly representable in {@code target}: numpy's
     * {@code np.can_cast(this, target, casting="safe")}. Extending a store with data of a dtype that
     * cannot be cast safely is refused unless the caller asks for the conversion.
     */
    public boolean canCastSafelyTo(DType target) {
        if (this == target || kind == Kind.BOOL) return true;
        return switch (kind) {
            case SIGNED -> switch (target.kind) {
                case SIGNED -> target.itemSize >= itemSize;
                case FLOAT -> target.itemSize >= floatSizeFor(itemSize);
                case COMPLEX -> target.itemSize / 2 >= floatSizeFor(itemSize);
                default -> false;
            };
            case UNSIGNED -> switch (target.kind) {
                case SIGNED -> target.itemSize > itemSize;
                case UNSIGNED -> target.itemSize >= itemSize;
                case FLOAT -> target.itemSize >= floatSizeFor(itemSize);
                case COMPLEX -> target.itemSize / 2 >= floatSizeFor(itemSize);
                default -> false;
            };
            case FLOAT -> switch (target.kind) {
                case FLOAT -> target.itemSize >= itemSize;
                case COMPLEX -> target.itemSize / 2 >= itemSize;
                default -> false;
            };
            case COMPLEX -> target.kind == Kind.COMPLEX && target.itemSize >= itemSize;
            case BOOL -> true;
        };
    }

    /**
     * The smallest float numpy deems safe for an integer of {@code intSize} bytes: one whose
     * mantissa holds every value (int8 in float16, int16 in float32, int32 in float64), except that
     * numpy also calls int64 and uint64 to float64 safe although 2^53 + 1 rounds.
     */
    private static int floatSizeFor(int intSize) {
        return Math.min(8, 2 * intSize);
    }

    /**
     * numpy's {@code np.promote_types(a, b)}: the smallest dtype both cast to safely. Used where
     * several arrays become one (stacking a batch).
     */
    public static DType promote(DType a, DType b) {
        if (a.canCastSafelyTo(b)) return b;
        if (b.canCastSafelyTo(a)) return a;
        for (DType t : values()) { // ordered by kind, then size: the first fit is the smallest
            if (a.canCastSafelyTo(t) && b.canCastSafelyTo(t)) return t;
        }
        throw new AssertionError("every dtype casts safely to complex128");
    }

    @Override
    public String toString() { return numpyName; }
}
