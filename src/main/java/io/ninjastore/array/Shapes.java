package io.ninjastore.array;

import java.util.Arrays;

/**
 * Shape arithmetic with overflow checks. Public so that stores validate on-disk shapes with the same
 * rules; it holds no state.
 */
public final class Shapes {
    private Shapes() {}

    /** The element count, with overflow reported as an {@link ArithmeticException}. */
    public static long size(long[] shape) {
        long n = 1;
        for (long d : shape) n = Math.multiplyExact(n, d);
        return n;
    }

    /** A defensive copy of {@code shape} after checking no axis is negative and the size fits a long. */
    public static long[] checked(long[] shape) {
        for (long d : shape) {
            if (d < 0) throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
        }
        try {
            size(shape);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " has more elements than a long can count");
        }
        return shape.clone();
    }

    static long[] cStrides(long[] shape, long itemSize) {
        long[] st = new long[shape.length];
        long s = itemSize;
        for (int k = shape.length - 1; k >= 0; k--) {
            st[k] = s;
            s *= Math.max(1, shape[k]);
        }
        return st;
    }

    static long[] reversed(long[] a) {
        long[] r = new long[a.length];
        for (int i = 0; i < a.length; i++) r[i] = a[a.length - 1 - i];
        return r;
    }

    static long[] removed(long[] a, int at) {
        long[] r = new long[a.length - 1];
        System.arraycopy(a, 0, r, 0, at);
        System.arraycopy(a, at + 1, r, at, a.length - at - 1);
        return r;
    }

    static long[] inserted(long[] a, int at, long v) {
        long[] r = new long[a.length + 1];
        System.arraycopy(a, 0, r, 0, at);
        r[at] = v;
        System.arraycopy(a, at, r, at + 1, a.length - at);
        return r;
    }

    /** Normalizes a possibly negative axis for an array of {@code ndim} axes. */
    static int axis(int axis, int ndim) {
        int a = axis < 0 ? axis + ndim : axis;
        if (a < 0 || a >= ndim) throw new IllegalArgumentException("axis " + axis + " is out of range for " + ndim + " axes");
        return a;
    }

    static long[] inferred(long[] newShape, long size, long[] oldShape) {
        long[] sh = newShape.clone();
        int unknown = -1;
        long known = 1;
        for (int k = 0; k < sh.length; k++) {
            if (sh[k] == -1) {
                if (unknown >= 0) throw new IllegalArgumentException("only one axis of a reshape can be -1: " + Arrays.toString(newShape));
                unknown = k;
            } else if (sh[k] < 0) {
                throw new IllegalArgumentException("negative dimension in reshape " + Arrays.toString(newShape));
            } else {
                known = Math.multiplyExact(known, sh[k]);
            }
        }
        if (unknown >= 0) {
            if (known == 0 || size % known != 0) throw cannotReshape(oldShape, newShape);
            sh[unknown] = size / known;
        }
        if (size(sh) != size) throw cannotReshape(oldShape, newShape);
        return sh;
    }

    private static IllegalArgumentException cannotReshape(long[] from, long[] to) {
        return new IllegalArgumentException("cannot reshape array of shape " + Arrays.toString(from) + " into shape "
                + Arrays.toString(to));
    }
}
