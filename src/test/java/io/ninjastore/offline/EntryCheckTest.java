package io.ninjastore.offline;

import io.ninjastore.array.NdArray;
import io.ninjastore.cli.CliRun;
import io.ninjastore.store.RaggedMmap;
import io.ninjastore.store.StoreVerifier;
import io.ninjastore.store.StringsMmap;
import io.ninjastore.store.VerifyReport;
import io.ninjastore.testing.Spec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The deep check of an offline data set's entries ({@link OfflineDataList#verify}), which the store package cannot do. */
class EntryCheckTest {
    @TempDir
    Path tmp;

    /**
     * A data set whose stores, checksums and manifest are all sound, written around our writer (which
     * refuses such names and metadata): the damage only reading the entries can see.
     */
    private Path dataSet(List<String> names, List<String> metadata) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("set"));
        RaggedMmap.fromLists(dir.resolve("data"), names.stream().map(n -> NdArray.of(new float[] {1, 2})).toList()).close();
        StringsMmap.fromStrings(dir.resolve("names"), names).close();
        StringsMmap.fromStrings(dir.resolve("metadata"), metadata).close();
        Files.writeString(dir.resolve("type.ninja"), "offline");
        Files.writeString(dir.resolve("manifest.json"), "{\"type\":\"offline\",\"version\":1,\"length\":" + names.size() + "}");
        return dir;
    }

    @Test
    @Spec({"C-45", "F-40", "F-44"})
    void theDeepCheckReadsEveryEntrysNameAndMetadata() throws IOException {
        Path dir = dataSet(List.of("a.npy", "x/../b.npy", "c.npy"), List.of("{}", "{\"k\":NaN}", "[1,2]"));
        assertTrue(StoreVerifier.verify(dir, true).healthy(), "the structure and every checksum are sound");
        assertTrue(OfflineDataList.verify(dir, false).healthy(), "the cheap check reads no entry");
        VerifyReport r = OfflineDataList.verify(dir, true);
        assertEquals(2, r.problems().size(), r::toString);
        VerifyReport.Problem name = r.problems().get(0), meta = r.problems().get(1);
        assertEquals(dir.resolve("names"), name.file());
        assertEquals("entry 1", name.field());
        assertEquals("entry 1: the name 'x/../b.npy' is not a relative path: it has an empty, '.' or '..' part (F-44)", name.message());
        assertEquals(dir.resolve("metadata"), meta.file());
        assertEquals("entry 2", meta.field());
        assertEquals("is not a JSON object: [1,2] (F-40)", meta.message(), "NaN, which Python writes, is accepted (F-43)");

        CliRun.Result cli = CliRun.run("verify", "--deep", dir.toString());
        assertEquals(1, cli.status(), cli::toString);
        assertTrue(cli.out().contains("problem: ") && cli.out().contains("is not a JSON object: [1,2] (F-40)"), cli::toString);
        assertEquals(0, CliRun.run("verify", dir.toString()).status(), "structure only, as documented");
    }

    @Test
    @Spec("C-45")
    void entryProblemsPastTheCapAreCounted() throws IOException {
        int n = StoreVerifier.MAX_PROBLEMS + 5;
        Path dir = dataSet(java.util.stream.IntStream.range(0, n).mapToObj(i -> "e" + i).toList(), java.util.Collections.nCopies(n, "0"));
        VerifyReport r = OfflineDataList.verify(dir, true);
        assertEquals(StoreVerifier.MAX_PROBLEMS, r.problems().size());
        assertEquals(5, r.problemsOmitted());
    }
}
