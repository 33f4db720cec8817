package io.ninjastore.offline;

import io.ninjastore.store.CorruptStoreException;
import io.ninjastore.store.StoreVerifier;
import io.ninjastore.store.VerifyReport;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The part of a deep verification (spec C-45) that only this package can do: every entry's name (F-44)
 * and metadata (F-40, F-43) of an offline data set, read as a reader reads them. The store package
 * checks the data set's structure and bytes but knows neither rule, and cannot depend on this package.
 */
final class EntryCheck {
    private final List<VerifyReport.Problem> problems = new ArrayList<>();
    private long omitted;

    private EntryCheck() {}

    /**
     * {@code r} with the entries' problems added, when it is a deep report of an offline data set whose
     * structure is sound (a broken one cannot be opened to read its entries, and already says why);
     * {@code r} itself otherwise.
     */
    static VerifyReport addTo(VerifyReport r) throws IOException {
        if (!r.deep() || !Manifest.TYPE.equals(r.type()) || !r.healthy()) return r;
        EntryCheck c = new EntryCheck(); // r is healthy: it has no problems to carry over
        try (DataSet d = DataSet.open(r.store())) {
            Path names = r.store().resolve(DataSet.NAMES);
            for (long i = 0; i < d.length; i++) {
                try {
                    DataSetWriter.checkName(d.name(i), "entry " + i);
                } catch (IllegalArgumentException e) {
                    c.problem(names, "entry " + i, e.getMessage() + " (F-44)");
                }
                try {
                    d.metadata(i);
                } catch (CorruptStoreException e) {
                    c.problem(e.file(), e.field(), e.reason() + " (F-40)");
                }
            }
        }
        return new VerifyReport(r.store(), r.type(), r.length(), true, c.problems, c.omitted, r.unchecksummed(), r.notes(),
                r.bytesChecked());
    }

    /** Listed up to the cap {@link StoreVerifier} keeps, counted past it. */
    private void problem(Path file, String field, String message) {
        if (problems.size() < StoreVerifier.MAX_PROBLEMS) {
            problems.add(new VerifyReport.Problem(VerifyReport.Kind.STRUCTURE, file, field, -1, -1, message));
        } else {
            omitted++;
        }
    }
}
