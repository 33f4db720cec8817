package io.ninjastore.offline;

/**
 * The sizes one axis takes across the entries of a data list: {@code min == max} when every entry
 * has the same size there. Immutable.
 */
public record Extent(long min, long max) {
    public Extent {
        if (min < 0 || max < min) throw new IllegalArgumentException("invalid extent [" + min + ", " + max + "]");
    }

    /** An axis every entry has with size {@code size}. */
    public static Extent of(long size) { return new Extent(size, size); }

    /** Whether every entry has the same size on this axis. */
    public boolean isFixed() { return min == max; }

    /** This extent widened to include {@code size}. */
    Extent with(long size) { return new Extent(Math.min(min, size), Math.max(max, size)); }

    /** {@code 5} for a fixed axis, {@code [1,4]} otherwise, as {@code info} prints it. */
    @Override
    public String toString() { return isFixed() ? Long.toString(min) : "[" + min + "," + max + "]"; }
}
