package io.ninjastore.cli;

import io.ninjastore.array.Npy;
import io.ninjastore.offline.OfflineDataList;
import io.ninjastore.store.NumpyMmap;
import io.ninjastore.store.RaggedMmap;
import io.ninjastore.store.Store;
import io.ninjastore.store.Stores;
import io.ninjastore.store.StringsMmap;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Opens any path {@code info} and {@code cat} accept. The one place that dispatches on the store type. */
final class CanonicalViews {
    private CanonicalViews() {}

    /** A store directory of any supported type, or a {@code .npy} file. */
    static CanonicalView open(Path path) throws IOException {
        if (Files.isRegularFile(path)) return npy(path);
        if (!Files.exists(path)) throw new NoSuchFileException(path.toString(), null, "no store directory or .npy file there");
        if (!Files.isDirectory(path)) { // a pipe (which a read would wait on), a socket or a device: "not a directory" misled
            throw new CliException(path + ": a pipe, socket or device, not a store directory or a .npy file");
        }
        String type = Stores.type(path);
        return switch (type) {
            case "offline" -> new OfflineView(OfflineDataList.open(path));
            default -> store(Stores.open(path));
        };
    }

    private static CanonicalView store(Store store) {
        return switch (store) {
            case NumpyMmap n -> DenseView.of(n);
            case RaggedMmap r -> new RaggedView(r);
            case StringsMmap s -> new StringsView(s);
        };
    }

    private static CanonicalView npy(Path file) throws IOException {
        Arena arena = Arena.ofConfined();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long len = ch.size();
            MemorySegment image = len == 0 ? MemorySegment.ofArray(new byte[0]) : ch.map(FileChannel.MapMode.READ_ONLY, 0, len, arena);
            Npy.Header h = Npy.header(image, file.toString());
            return DenseView.of(Npy.parse(image, file.toString()), h.fortranOrder() ? 'F' : 'C', arena::close);
        } catch (IOException | RuntimeException e) {
            arena.close();
            throw e;
        }
    }
}
