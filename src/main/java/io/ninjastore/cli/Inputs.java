package io.ninjastore.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/** Turns the INPUT arguments of {@code import}/{@code append} into {@link Input}s, checking they suit the store kind. */
final class Inputs {
    private Inputs() {}

    /** Sorted as Python sorts file names: by code point (not by UTF-16 unit). */
    private static final Comparator<Path> BY_NAME = (a, b) -> compareCodePoints(a.getFileName().toString(), b.getFileName().toString());

    static List<Input> expand(List<String> args, StoreKind kind) throws IOException {
        List<Input> out = new ArrayList<>();
        boolean stdin = false;
        for (String arg : args) {
            if (arg.equals("-")) {
                if (stdin) throw new CliException("-: standard input can be given only once");
                stdin = true;
                out.add(new Input(Input.Format.STDIN, null));
                continue;
            }
            Path p = Path.of(arg);
            if (Files.isDirectory(p)) {
                out.addAll(directory(p, kind));
            } else if (Files.exists(p)) {
                out.add(file(p, kind));
            } else {
                throw new NoSuchFileException(arg, null, "no input file or directory there");
            }
        }
        return out;
    }

    private static Input file(Path p, StoreKind kind) {
        String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
        Input.Format f;
        if (name.endsWith(".jsonl") || name.endsWith(".ndjson")) f = Input.Format.JSONL;
        else if (name.endsWith(".npy")) f = Input.Format.NPY;
        else if (name.endsWith(".txt")) f = Input.Format.TXT;
        else throw new CliException(p + ": unknown input kind: expected a .jsonl file, a .npy file, a .txt file (strings), "
                + "a directory of .npy files, or - for JSON Lines on standard input");
        if (kind == StoreKind.STRINGS && f == Input.Format.NPY) {
            throw new CliException(p + ": a .npy file cannot be imported into a strings store: give .jsonl (JSON strings) or .txt lines");
        }
        if (kind != StoreKind.STRINGS && f == Input.Format.TXT) {
            throw new CliException(p + ": a .txt file holds strings, but the store is " + kind.option() + ": give .jsonl or .npy input");
        }
        return new Input(f, p);
    }

    private static List<Input> directory(Path dir, StoreKind kind) throws IOException {
        if (kind == StoreKind.STRINGS) {
            throw new CliException(dir + ": a directory gives .npy files, which a strings store cannot hold");
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(f -> f.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".npy") && Files.isRegularFile(f))
                    .sorted(BY_NAME).toList();
        }
        if (files.isEmpty()) throw new CliException(dir + ": the directory holds no .npy files");
        return files.stream().map(f -> new Input(Input.Format.NPY, f)).toList();
    }

    static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) return Integer.compare(ca, cb);
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }
}
