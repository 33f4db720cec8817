package io.ninjastore.offline;

import com.fasterxml.jackson.databind.JsonNode;
import io.ninjastore.array.DType;
import io.ninjastore.array.NdArray;
import io.ninjastore.testing.Fixtures;
import io.ninjastore.testing.Spec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The offline layout of spec F-40..F-42: read what the Python reference wrote, write the same bytes. */
class OfflineFormatTest {
    @TempDir
    Path tmp;

    @Test
    @Spec({"F-40", "F-41"})
    void readsTheReferenceDataSet() throws IOException {
        JsonNode exp = Vectors.expected("offline");
        try (OfflineDataList list = OfflineDataList.open(Vectors.store("offline"))) {
            assertEquals(3, list.length());
            assertEquals(DType.FLOAT32, list.dtype());
            assertEquals(List.of(Extent.of(3), new Extent(1, 4), Extent.of(3)), list.shape());
            assertEquals(List.of("train/a.npy", "train/b.npy", "test/c.npy"), list.entries().stream().map(OfflineEntry::name).toList());
            assertEquals(Map.of("label", 1), list.entry(0).metadata());
            assertEquals(Map.of(), list.entry(1).metadata());
            assertEquals(Map.of("label", 0, "note", "é"), list.entry(2).metadata());
            for (int i = 0; i < 3; i++) {
                JsonNode values = new com.fasterxml.jackson.databind.ObjectMapper().readTree(exp.get("cat_lines").get(i).asText());
                Fixtures.assertMatches(values, list.get(i), "entry " + i);
            }
        }
    }

    @Test
    @Spec({"F-40", "F-41"})
    void writesTheBytesTheReferenceWrites() throws IOException {
        List<NdArray> arrays = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<Map<String, Object>> metadata = new ArrayList<>();
        try (OfflineDataList ref = OfflineDataList.open(Vectors.store("offline"))) {
            for (OfflineEntry e : ref.entries()) {
                arrays.add(e.get());
                names.add(e.name());
                metadata.add(e.metadata());
            }
        }
        Path dst = tmp.resolve("offline");
        try (LardonParser p = Lardon.parser(null, dst, CompileOptions.defaults())) {
            for (int i = 0; i < arrays.size(); i++) p.register(arrays.get(i), metadata.get(i), names.get(i));
        }
        Vectors.assertSameFiles(Vectors.store("offline"), dst);
    }

    @Test
    @Spec({"F-40", "F-41"})
    void anEmptyDataSetMatchesTheReferenceToo() throws IOException {
        Path dst = tmp.resolve("empty");
        try (LardonParser p = Lardon.parser(null, dst, CompileOptions.defaults().withDtype(DType.UINT8))) {
            assertEquals(0, p.count());
        }
        Vectors.assertSameFiles(Vectors.store("offline_empty"), dst);
        try (OfflineDataList list = OfflineDataList.open(dst)) {
            assertEquals(0, list.length());
            assertEquals(DType.UINT8, list.dtype());
            assertEquals(List.of(Extent.of(0)), list.shape());
        }
    }
}
