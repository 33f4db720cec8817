package io.ninjastore.cli;

import io.ninjastore.testing.ChildProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code bin/ninjastore} finds its jar beside the real script however it is reached. A copy of the
 * launcher runs in a tree of its own that has no jar, so its error names the jar path it worked out:
 * hermetic, and possible in the test phase, before the jar exists ({@code src/test/sh/launcher-check.sh}
 * runs the packaged jar through a link as well).
 */
class LauncherTest {
    @TempDir
    Path tmp;

    @Test
    void aLinkToTheLauncherFindsTheJarBesideTheRealScript() throws IOException {
        Path root = tmp.toRealPath(); // the launcher resolves links, /tmp's own included
        Path app = root.resolve("app");
        Path launcher = Files.createDirectories(app.resolve("bin")).resolve("ninjastore");
        Files.copy(Path.of(System.getProperty("basedir", "")).toAbsolutePath().resolve("bin/ninjastore"), launcher,
                StandardCopyOption.COPY_ATTRIBUTES);
        Path links = Files.createDirectories(root.resolve("links"));
        Path absolute = Files.createSymbolicLink(links.resolve("ns"), launcher);
        Path relative = Files.createSymbolicLink(links.resolve("rel"), Path.of("../app/bin/ninjastore"));
        Path chained = Files.createSymbolicLink(Files.createDirectories(root.resolve("more")).resolve("ns"), Path.of("../links/rel"));
        Path throughLinkedDir = Files.createSymbolicLink(root.resolve("bin-link"), app.resolve("bin")).resolve("ninjastore");

        String expected = "ninjastore: " + app.resolve("target/ninjastore.jar") + " not found";
        for (Path p : List.of(launcher, absolute, relative, chained, throughLinkedDir)) {
            ChildProcess.Result r = ChildProcess.run(List.of(p.toString(), "--version"), root, Map.of(), root, 60);
            assertEquals(2, r.status(), () -> p + ": " + r);
            assertTrue(r.err().startsWith(expected), () -> p + ": " + r);
        }
    }

    @Test
    void theLauncherRunsWithStandardErrorClosed() throws IOException {
        // A tree with a placeholder jar and a stand-in JDK 25 in JAVA_HOME: the launcher's version check runs
        // (with `2>&-` mawk exited 2 in it, ending the launcher silently), then execs the stand-in.
        Path root = tmp.toRealPath();
        Path launcher = Files.createDirectories(root.resolve("app/bin")).resolve("ninjastore");
        Files.copy(Path.of(System.getProperty("basedir", "")).toAbsolutePath().resolve("bin/ninjastore"), launcher,
                StandardCopyOption.COPY_ATTRIBUTES);
        Files.createFile(Files.createDirectories(root.resolve("app/target")).resolve("ninjastore.jar"));
        Path java = Files.createDirectories(root.resolve("jdk/bin")).resolve("java");
        Files.writeString(java, "#!/bin/sh\nif [ \"$1\" = -version ]; then echo 'openjdk version \"25.0.1\" 2025-10-21' >&2; exit 0; fi\n"
                + "echo ran\n");
        assertTrue(java.toFile().setExecutable(true));
        ChildProcess.Result r = ChildProcess.run(List.of("sh", "-c", "exec 2>&-; exec \"$0\" \"$@\"", launcher.toString(), "--version"),
                root, Map.of("JAVA_HOME", root.resolve("jdk").toString()), root, 60);
        assertEquals(0, r.status(), r::toString);
        assertEquals("ran\n", r.out(), r::toString);
    }
}
