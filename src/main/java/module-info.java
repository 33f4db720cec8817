/**
 * ninjastore: append-only, memory-mapped dataset stores byte-compatible with mmap_ninja 0.8.2.
 * Exports the API packages only; {@code io.ninjastore.io} is an implementation detail.
 */
module io.ninjastore {
    requires com.fasterxml.jackson.databind;
    requires info.picocli;
    requires me.tongfei.progressbar;
    requires com.google.protobuf;
    requires java.management;

    exports io.ninjastore.array;
    exports io.ninjastore.store;
    exports io.ninjastore.offline;
    exports io.ninjastore.stream;

    opens io.ninjastore.cli to info.picocli;
}
