package io.ninjastore.cli;

import io.ninjastore.array.DType;
import io.ninjastore.array.NdArray;
import io.ninjastore.store.Casting;

import java.util.Arrays;

/**
 * What the samples must be: the store's dtype and (dense) row shape, known from the store when
 * appending, or from {@code --dtype} and the first sample when importing. The one place where a
 * sample is checked against them. Not thread-safe.
 */
final class Expectation {
    private DType dtype;
    private final Casting casting;
    private long[] rowShape;
    private String rowShapeSource;
    private String zeroDSource;

    Expectation(DType dtype, long[] rowShape, String rowShapeSource, Casting casting) {
        this.dtype = dtype;
        this.rowShape = rowShape == null ? null : rowShape.clone();
        this.rowShapeSource = rowShapeSource;
        this.casting = casting;
    }

    /** A fresh expectation for the inputs' second reading, starting from the same knowledge. */
    Expectation copy() { return new Expectation(dtype, rowShape, rowShapeSource, casting); }

    DType dtype() { return dtype; }

    /** The dtype JSON text is read as; JSON cannot tell int32 from float16, so it must be known. */
    DType dtypeForText(String where) {
        if (dtype == null) {
            throw new CliException(where + ": --dtype is required for JSON input (the dtype of the store cannot be read from text)");
        }
        return dtype;
    }

    /** The dtype of a store made from no samples at all: only {@code --dtype} can tell it. */
    DType dtypeForEmpty() {
        if (dtype == null) throw new CliException("the input holds no samples and no --dtype was given: the store's dtype is unknown");
        return dtype;
    }

    /**
     * {@code a} in the expected dtype: itself, a numpy-safe conversion, or any conversion under
     * {@code --cast unsafe}. The first array seen fixes the dtype when none was given.
     */
    NdArray conform(NdArray a, String where) {
        if (dtype == null) dtype = a.dtype();
        if (a.dtype() == dtype) return a;
        if (casting != Casting.UNSAFE && !a.dtype().canCastSafelyTo(dtype)) {
            throw new CliException(where + ": dtype " + a.dtype() + " cannot become the store's " + dtype
                    + " without losing information; pass --cast unsafe to convert it anyway");
        }
        return a.astype(dtype);
    }

    /** Checks a dense row shape; the first one fixes it when the store has none yet. */
    void checkRowShape(long[] shape, String where) {
        if (zeroDSource != null) throw afterZeroD(where);
        if (shape.length >= NdArray.MAX_NDIM) { // the store adds axis 0 (spec F-4)
            throw new CliException(where + ": a row of " + shape.length + " axes makes a store of " + (shape.length + 1)
                    + "; a store has at most " + NdArray.MAX_NDIM + " axes (numpy's limit)");
        }
        if (rowShape == null) {
            rowShape = shape.clone();
            rowShapeSource = where;
        } else if (!Arrays.equals(rowShape, shape)) {
            throw new CliException(where + ": a row of shape " + Arrays.toString(shape) + " does not match the rows of shape "
                    + Arrays.toString(rowShape) + " (" + rowShapeSource + ")");
        }
    }

    /** Accepts a 0-d array (a whole 0-d store): only as the one and only input. */
    void checkZeroD(String where) {
        if (zeroDSource != null) throw afterZeroD(where);
        if (rowShape != null) {
            throw new CliException(where + ": holds a 0-d array, which has no rows: it can only be imported alone, as a 0-d store");
        }
        zeroDSource = where;
    }

    private CliException afterZeroD(String where) {
        return new CliException(where + ": nothing can follow the 0-d array of " + zeroDSource + ": a 0-d store has no rows");
    }
}
