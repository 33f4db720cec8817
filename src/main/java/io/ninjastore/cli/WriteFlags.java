package io.ninjastore.cli;

import io.ninjastore.store.Casting;
import io.ninjastore.store.Durability;
import io.ninjastore.store.WriteOptions;
import picocli.CommandLine;
import picocli.CommandLine.Option;

import java.util.Locale;

/** The options {@code import} and {@code append} share: batching, durability, casting, progress. */
final class WriteFlags {
    @CommandLine.Spec(CommandLine.Spec.Target.MIXEE)
    CommandLine.Model.CommandSpec spec;

    private int batchSize = 1024;

    @Option(names = "--sync", description = "Make every commit survive power loss (fsync data, index, directory).")
    boolean sync;

    @Option(names = "--cast", paramLabel = "safe|unsafe", converter = CastingConverter.class, defaultValue = "safe",
            description = "Convert .npy input of another dtype: safe (only lossless, numpy's can_cast 'safe'; the default) or unsafe (as numpy's astype).")
    Casting casting;

    @Option(names = "--progress", description = "Show a progress bar on stderr.")
    boolean progress;

    @Option(names = "--batch-size", paramLabel = "N", description = "Samples (rows) per commit; default ${DEFAULT-VALUE}.", defaultValue = "1024")
    void batchSize(int n) {
        if (n <= 0) throw new CommandLine.ParameterException(spec.commandLine(), "--batch-size must be positive, got " + n);
        batchSize = n;
    }

    int batchSize() { return batchSize; }

    WriteOptions options() {
        return WriteOptions.defaults().withDurability(sync ? Durability.SYNC : Durability.NONE).withCasting(casting);
    }

    /** The progress bar label, or null for none. */
    String progressLabel(String label) { return progress ? label : null; }

    static final class CastingConverter implements CommandLine.ITypeConverter<Casting> {
        @Override
        public Casting convert(String value) {
            return switch (value.toLowerCase(Locale.ROOT)) {
                case "safe" -> Casting.SAFE;
                case "unsafe" -> Casting.UNSAFE;
                default -> throw new CommandLine.TypeConversionException("expected safe or unsafe, found '" + value + "'");
            };
        }
    }
}
