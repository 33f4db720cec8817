package io.ninjastore.cli;

import io.ninjastore.array.DType;
import picocli.CommandLine;

/** picocli converter for {@code --dtype NAME} (numpy names). */
final class DTypeConverter implements CommandLine.ITypeConverter<DType> {
    @Override
    public DType convert(String value) {
        try {
            return DType.parse(value);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }
}
