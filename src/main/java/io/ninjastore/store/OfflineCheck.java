package io.ninjastore.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** An offline data set's check for {@link StoreVerifier} (F-40..F-42): its manifest and its three stores. */
record OfflineCheck(Findings found, RaggedCheck ragged, StringsCheck strings) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Returns the length {@code manifest.json} gives, -1 when it cannot be read. */
    long check(Path dir) throws IOException {
        long length = manifestLength(dir.resolve("manifest.json"));
        Path data = dir.resolve("data"), names = dir.resolve("names"), metadata = dir.resolve("metadata");
        long d = subStore(data, RaggedMmap.TYPE, true), nm = subStore(names, StringsMmap.TYPE, false);
        long md = subStore(metadata, StringsMmap.TYPE, false);
        if (length >= 0) {
            long[] got = {d, nm, md};
            Path[] where = {data, names, metadata};
            for (int k = 0; k < 3; k++) {
                if (got[k] >= 0 && got[k] < length) {
                    found.problem(where[k], "length", got[k] + " samples but manifest.json says " + length + " (F-41)");
                }
            }
        }
        return length;
    }

    /** The length {@code manifest} gives (F-41); -1, with the problem recorded, when it is not a valid manifest. */
    private long manifestLength(Path manifest) throws IOException {
        try {
            NinjaFiles.requireRegularFile(manifest); // missing, or a pipe or device a read would never finish (F-45)
            if (Files.size(manifest) > (1 << 20)) { // the reader's limit (offline.Manifest): what verify passes, a reader opens
                throw new CorruptStoreException(manifest, "size", Files.size(manifest) + " bytes; a manifest holds at most 1 MiB");
            }
            JsonNode m = JSON.readTree(manifest.toFile());
            if (m == null || !m.isObject()) throw new CorruptStoreException(manifest, "manifest", "not a JSON object");
            if (!"offline".equals(m.path("type").asText(null))) throw new CorruptStoreException(manifest, "type", "expected \"offline\"");
            if (!m.path("version").isIntegralNumber() || m.path("version").asLong() != 1) {
                throw new CorruptStoreException(manifest, "version", "expected 1, found " + m.path("version"));
            }
            JsonNode len = m.path("length");
            if (!len.isIntegralNumber() || !len.canConvertToLong() || len.asLong() < 0) {
                throw new CorruptStoreException(manifest, "length", "expected a non-negative integer, found " + len);
            }
            return len.asLong();
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            found.problem(manifest, "json", e.getOriginalMessage());
        } catch (CorruptStoreException e) {
            found.problem(e);
        }
        return -1;
    }

    /** One of the data set's stores, of the {@code type} the layout gives it (F-40); its length, -1 when broken. */
    private long subStore(Path dir, String type, boolean sameNdim) throws IOException {
        try {
            DirCheck.requireType(dir, type);
        } catch (CorruptStoreException e) {
            found.problem(e);
            return -1;
        }
        return type.equals(RaggedMmap.TYPE) ? ragged.check(dir, sameNdim) : strings.check(dir);
    }
}
