package io.ninjastore.offline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ninjastore.store.CorruptStoreException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * {@code manifest.json}, the commit point of a data set (spec F-41, F-52, C-61): a JSON object with
 * {@code type} = {@code "offline"}, {@code version} = 1 and {@code length}, the number of entries.
 * Written compact with its members in that order, byte for byte what the reference writer writes.
 */
final class Manifest {
    static final String FILE = "manifest.json";
    static final String TYPE = "offline";
    static final int VERSION = 1;
    /** A manifest is a few dozen bytes; refusing big files bounds what a corrupt one can allocate. */
    private static final long MAX_BYTES = 1 << 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    private Manifest() {}

    static byte[] bytes(long length) {
        ObjectNode m = JSON.createObjectNode();
        m.put("type", TYPE);
        m.put("version", VERSION);
        m.put("length", length);
        try {
            return JSON.writeValueAsBytes(m);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The committed entry count, after checking every member this version knows. */
    static long readLength(Path dir) throws IOException {
        Path file = dir.resolve(FILE);
        JsonNode m;
        try {
            // Regular files only (F-45): reading a pipe waits for a writer, a device like /dev/zero never ends.
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            if (!a.isRegularFile()) {
                throw new CorruptStoreException(file, "file", "not a regular file but " + (a.isDirectory() ? "a directory" : "a pipe, socket or device"));
            }
            if (a.size() > MAX_BYTES) throw new CorruptStoreException(file, "size", a.size() + " bytes; a manifest is at most " + MAX_BYTES);
            m = JSON.readTree(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            throw new CorruptStoreException(file, "file", "missing: the data set was never committed (an interrupted build?)", e);
        } catch (JsonProcessingException e) {
            throw new CorruptStoreException(file, "json", "not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (m == null || !m.isObject()) throw new CorruptStoreException(file, "json", "expected a JSON object");
        JsonNode type = m.get("type");
        if (type == null || !type.isTextual() || !type.asText().equals(TYPE)) {
            throw new CorruptStoreException(file, "type", "expected \"offline\", found " + type);
        }
        JsonNode version = m.get("version");
        if (version == null || !version.isIntegralNumber() || !version.canConvertToInt() || version.asInt() != VERSION) {
            throw new CorruptStoreException(file, "version", "this reader knows version " + VERSION + " only, found " + version);
        }
        JsonNode length = m.get("length");
        if (length == null || !length.isIntegralNumber() || !length.canConvertToLong() || length.asLong() < 0) {
            throw new CorruptStoreException(file, "length", "expected a non-negative integer, found " + length);
        }
        return length.asLong();
    }
}
