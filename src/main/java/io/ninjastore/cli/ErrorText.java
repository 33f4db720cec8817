package io.ninjastore.cli;

import io.ninjastore.store.CorruptStoreException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/** The one line the CLI prints for a failure: the file at fault and what went wrong, without a class name where it can. */
final class ErrorText {
    private ErrorText() {}

    static String describe(Throwable t) {
        String text = switch (t) {
            case UncheckedIOException u when u.getCause() != null -> describe(u.getCause());
            case NoSuchFileException e -> fileProblem(e, "no such file or directory");
            case FileAlreadyExistsException e -> fileProblem(e, "already exists");
            case AccessDeniedException e -> fileProblem(e, "permission denied");
            case NotDirectoryException e -> fileProblem(e, "not a directory");
            case DirectoryNotEmptyException e -> fileProblem(e, "directory not empty");
            case FileSystemException e -> e.getMessage();
            case CorruptStoreException e -> "corrupt store: " + e.getMessage();
            case IOException e -> orName(e);
            // Our own and the stores' exceptions carry complete messages; anything else is a bug: name its class.
            case CliException e -> e.getMessage();
            case RuntimeException e when e.getClass().getPackageName().startsWith("io.ninjastore") -> orName(e);
            case IllegalArgumentException e -> orName(e);
            case IllegalStateException e -> orName(e);
            case UnsupportedOperationException e -> orName(e);
            case IndexOutOfBoundsException e -> orName(e); // index errors name the request and the shape
            case OutOfMemoryError e -> "out of memory (" + e.getMessage() + "): the input needs more than the Java heap holds;"
                    + " give it more with NINJASTORE_JAVA_OPTS=-Xmx<size>";
            default -> t.toString();
        };
        return text.replace('\n', ' ').strip();
    }

    private static String fileProblem(FileSystemException e, String what) {
        String reason = e.getReason();
        String other = e.getOtherFile() == null ? "" : " -> " + e.getOtherFile();
        return e.getFile() + other + ": " + what + (reason == null || reason.isBlank() ? "" : " (" + reason + ")");
    }

    private static String orName(Throwable t) {
        return t.getMessage() == null || t.getMessage().isBlank() ? t.getClass().getSimpleName() : t.getMessage();
    }
}
