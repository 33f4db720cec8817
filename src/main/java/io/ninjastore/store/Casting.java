package io.ninjastore.store;

/** What a store does with samples whose dtype differs from its own. */
public enum Casting {
    /** Accept only dtypes every value of which the store's dtype represents exactly (numpy's "safe"). */
    SAFE,
    /** Convert anything as numpy's {@code astype} does (may wrap, truncate or lose precision): asked for explicitly. */
    UNSAFE
}
