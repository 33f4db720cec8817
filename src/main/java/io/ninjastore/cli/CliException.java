package io.ninjastore.cli;

/**
 * A failure whose message is complete as it stands (it names the file or argument at fault and what
 * was expected): the CLI prints it as one line and exits with status 1.
 */
final class CliException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    CliException(String message) { super(message); }

    CliException(String message, Throwable cause) { super(message, cause); }
}
