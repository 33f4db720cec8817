package io.ninjastore.store;

import java.nio.file.Path;

/**
 * F-16 over the samples of a ragged or strings store, walked in order for {@link StoreVerifier}: each
 * sample's offsets lie within the data and go back from neither of the last sample in range, which this
 * keeps. One per walk.
 */
final class OffsetsCheck {
    private final Findings found;
    private final Path startsFile;
    private final long dataLen;
    private final String of;
    private long prevS, prevE;
    /** The last sample in range, whose offsets {@link #prevS} and {@link #prevE} are; -1 before the first. */
    private long prev = -1;

    /** {@code of} names the unit and the data, as in "elements of data.ninja"; {@code dataLen} counts that unit. */
    OffsetsCheck(Findings found, Path startsFile, long dataLen, String of) {
        this.found = found;
        this.startsFile = startsFile;
        this.dataLen = dataLen;
        this.of = of;
    }

    /**
     * F-16 for sample {@code i}: {@code 0 <= starts[i] <= ends[i] <= dataLen}, and neither goes back
     * from the last sample before it that was in range. Returns false when out of range (nothing more
     * about it can be checked).
     */
    boolean check(long i, long si, long ei) {
        String field = "starts[" + i + "]/ends[" + i + "]";
        if (si < 0 || ei < si || ei > dataLen) {
            found.problem(VerifyReport.Kind.STRUCTURE, startsFile, field, i * 8, i * 8 + 8, "[" + si + ", " + ei + ") is not within the "
                    + dataLen + " " + of);
            return false;
        }
        if (si < prevS || ei < prevE) {
            found.problem(VerifyReport.Kind.STRUCTURE, startsFile, field, i * 8, i * 8 + 8, "[" + si + ", " + ei + ") goes back from"
                    + " sample " + prev + "'s [" + prevS + ", " + prevE + ") (F-16)");
        }
        prevS = si;
        prevE = ei;
        prev = i;
        return true;
    }
}
