package io.ninjastore.cli;

import org.junit.jupiter.api.Test;

import java.nio.file.AccessDeniedException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What {@code verify} prints when it cannot read a store at all (the runs themselves are in store.VerifyCommandTest). */
class VerifyErrorTextTest {
    @Test
    void anUnreadableFileIsNamedWithTheReason() {
        // Tests run as root here, where chmod 000 does not stop a read: the exception is made directly.
        Path store = Path.of("st");
        assertEquals("ninjastore verify: st: st/data.ninja: permission denied",
                VerifyCommand.unreadable(store, new AccessDeniedException("st/data.ninja")));
        assertEquals("ninjastore verify: st: no store directory there",
                VerifyCommand.unreadable(store, new java.nio.file.NoSuchFileException("st")));
        assertEquals("ninjastore verify: st: java.lang.NullPointerException",
                VerifyCommand.unreadable(store, new NullPointerException()));
    }
}
