package io.ninjastore.cli;

import picocli.CommandLine;

import java.util.Locale;

/** The store kinds {@code import --type} builds, with the {@code type.ninja} name each has on disk. */
enum StoreKind {
    NUMPY("numpy", "numpy", "rows"),
    RAGGED("ragged", "ragged", "samples"),
    STRINGS("strings", "string", "strings");

    private final String option;
    private final String typeName;
    private final String unit;

    StoreKind(String option, String typeName, String unit) {
        this.option = option;
        this.typeName = typeName;
        this.unit = unit;
    }

    /** The {@code --type} value. */
    String option() { return option; }

    /** {@code n} samples as messages say it: "1 row", "3 samples", "0 strings". */
    String count(long n) { return n + " " + (n == 1 ? unit.substring(0, unit.length() - 1) : unit); }

    /** The kind whose {@code type.ninja} is {@code typeName}, or null for a type this CLI cannot append to. */
    static StoreKind ofTypeName(String typeName) {
        for (StoreKind k : values()) if (k.typeName.equals(typeName)) return k;
        return null;
    }

    /** picocli converter for {@code --type numpy|ragged|strings}. */
    static final class Converter implements CommandLine.ITypeConverter<StoreKind> {
        @Override
        public StoreKind convert(String value) {
            for (StoreKind k : values()) if (k.option.equals(value.toLowerCase(Locale.ROOT))) return k;
            throw new CommandLine.TypeConversionException("expected numpy, ragged or strings, found '" + value + "'");
        }
    }
}
