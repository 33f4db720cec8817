package io.ninjastore.stream;

/** What {@link Dataset#batch} does with a final batch shorter than the batch size. */
public enum Remainder {
    /** Yield it (the default). */
    KEEP,
    /** Drop it, so every batch has exactly the batch size. */
    DROP
}
