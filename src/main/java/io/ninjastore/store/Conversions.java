package io.ninjastore.store;

import io.ninjastore.array.DType;
import io.ninjastore.array.NdArray;

import java.nio.file.Path;

/** The one place that decides whether a sample's dtype may enter a store (spec F-9). */
final class Conversions {
    private Conversions() {}

    static NdArray cast(NdArray a, DType target, Casting casting, Path store) {
        if (a.dtype() == target) return a;
        if (casting == Casting.UNSAFE || a.dtype().canCastSafelyTo(target)) return a.astype(target);
        throw new CastingException(String.valueOf(store), a.dtype(), target, "cannot add " + a.dtype() + " data to " + store + " of dtype "
                + target + " without losing information; convert it first or pass Casting.UNSAFE");
    }
}
