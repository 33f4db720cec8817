package io.ninjastore.array;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import net.jqwik.api.lifecycle.LifecycleContext;
import net.jqwik.api.lifecycle.SkipExecutionHook;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * numpy itself as the reference for indexing: one python3 process, started on first use and kept for
 * the whole test run (numpy's import dominates a run), answers one request per line. Each request is
 * an array {@code np.arange(size).reshape(shape)} indexed by one or more stages in turn
 * ({@code a[s1][s2]}), each as numpy indexes or orthogonally; the answer is the result's shape and
 * values, or how numpy refused.
 *
 * <p>Properties that need it carry {@code @AddLifecycleHook(NumpyOracle.Needed.class)}: they are
 * skipped, saying why, where python3 with numpy is missing. Not thread-safe: jqwik runs tries one at a time.
 */
public final class NumpyOracle {
    private static final String SCRIPT = String.join("\n",
            "import json, math, sys",
            "import numpy as np",
            "def item(it):",
            "    k = it[0]",
            "    if k == 'at': return it[1]",
            "    if k == 'slice': return slice(it[1], it[2], it[3])",
            "    if k == 'list': return np.array(it[1], dtype=np.intp)",
            "    if k == 'newaxis': return np.newaxis",
            "    return Ellipsis",
            // zarr's oindex from numpy's own steps: numpy checks the request with every list as ':', then
            // each index is applied on its own, in place, a list alone being an advanced index that keeps its axis
            "def oindex(r, items):",
            "    r[tuple(slice(None) if isinstance(x, np.ndarray) else x for x in items)]",
            "    n = sum(1 for x in items if x is not None and x is not Ellipsis)",
            "    full = []",
            "    for x in items:",
            "        full += [slice(None)] * (r.ndim - n) if x is Ellipsis else [x]",
            "    ax = 0",
            "    for x in full:",
            "        r = r[(slice(None),) * ax + (x,)]",
            "        if not isinstance(x, int): ax += 1",
            "    return r",
            "for line in sys.stdin:",
            "    q = json.loads(line)",
            "    r = np.arange(math.prod(q['shape']), dtype=np.int64).reshape(q['shape'])",
            "    orth = q.get('orthogonal', [])",
            "    try:",
            "        for s, stage in enumerate(q['stages']):",
            "            items = tuple(item(it) for it in stage)",
            "            r = oindex(r, items) if s < len(orth) and orth[s] else r[items]",
            "        out = {'shape': list(np.shape(r)), 'values': np.ravel(r).tolist()}",
            "    except IndexError as e:",
            "        out = {'refused': 'bounds' if 'out of bounds' in str(e) else 'malformed', 'message': str(e)}",
            "    print(json.dumps(out), flush=True)");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static NumpyOracle shared;
    private static String unavailable;

    private final Process process;
    private final Writer in;
    private final BufferedReader out;

    private NumpyOracle(Process process) {
        this.process = process;
        this.in = new java.io.OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    /** What numpy answered: a result, or a refusal ({@code outOfRange} for numpy's "out of bounds" IndexError). */
    public record Answer(long[] shape, long[] values, Boolean outOfRange, String message) {
        public boolean refused() { return outOfRange != null; }

        /**
         * Asserts that {@code read} gives numpy's shape and values, or fails as numpy fails: numpy's "out
         * of bounds" IndexError as an {@link IndexOutOfBoundsException}, its other IndexErrors (a shape
         * mismatch among them) as an {@link IllegalArgumentException}.
         */
        public void assertAlike(Supplier<NdArray> read, Object what) {
            if (refused()) {
                RuntimeException e = assertThrows(RuntimeException.class, read::get, what + ": " + this);
                Class<? extends RuntimeException> kind = outOfRange ? IndexOutOfBoundsException.class : IllegalArgumentException.class;
                assertTrue(kind.isInstance(e), what + ": " + this + ", but got " + e);
                return;
            }
            NdArray got = read.get();
            assertArrayEquals(shape, got.shape(), what + ": " + this);
            assertArrayEquals(values, got.toLongArray(), what + ": " + this);
        }

        @Override
        public String toString() {
            return refused() ? "numpy refuses: " + message : "numpy: " + Arrays.toString(shape) + " " + Arrays.toString(values);
        }
    }

    /** Skips a property, saying why, where python3 with numpy cannot run. */
    public static final class Needed implements SkipExecutionHook {
        @Override
        public SkipResult shouldBeSkipped(LifecycleContext context) {
            return get() != null ? SkipResult.doNotSkip()
                    : SkipResult.skip("numpy checks did NOT run: " + unavailable + "; install python3 and numpy to run them");
        }
    }

    /** The shared oracle, started on first use; null when python3 with numpy cannot run here. */
    public static synchronized NumpyOracle get() {
        if (shared == null && unavailable == null) {
            Process p = null;
            try {
                p = new ProcessBuilder("python3", "-c", SCRIPT).redirectError(ProcessBuilder.Redirect.DISCARD).start();
                NumpyOracle o = new NumpyOracle(p);
                Answer probe = o.index(new long[] {2}, List.<Index[]>of(new Index[] {Index.at(1)}));
                if (probe.refused() || probe.values()[0] != 1) throw new IOException("numpy answered " + probe + " for arange(2)[1]");
                Runtime.getRuntime().addShutdownHook(new Thread(p::destroy));
                shared = o;
            } catch (IOException | UncheckedIOException e) {
                if (p != null) p.destroy();
                unavailable = "python3 with numpy cannot run (" + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage()) + ")";
            }
        }
        return shared;
    }

    /** {@code np.arange(size).reshape(shape)[stages[0]][stages[1]]...} as numpy answers it. */
    public Answer index(long[] shape, List<Index[]> stages) { return index(shape, stages, new boolean[0]); }

    /**
     * As {@link #index(long[], List)}, but stage {@code s} indexes orthogonally (zarr's {@code oindex},
     * {@link NdArray#getOrthogonal}) where {@code orthogonal[s]} is true: numpy checks the stage with each
     * list as {@code :}, then applies its indices one at a time, each in place.
     */
    public synchronized Answer index(long[] shape, List<Index[]> stages, boolean[] orthogonal) {
        StringBuilder q = new StringBuilder("{\"shape\":").append(Arrays.toString(shape))
                .append(",\"orthogonal\":").append(Arrays.toString(orthogonal)).append(",\"stages\":[");
        for (int s = 0; s < stages.size(); s++) {
            q.append(s == 0 ? "[" : ",[");
            Index[] stage = stages.get(s);
            for (int i = 0; i < stage.length; i++) q.append(i == 0 ? "" : ",").append(item(stage[i]));
            q.append(']');
        }
        q.append("]}\n");
        try {
            in.write(q.toString());
            in.flush();
            String line = out.readLine();
            if (line == null) throw new IOException("python3 exited (status " + process.waitFor() + ")");
            JsonNode a = JSON.readTree(line);
            if (a.has("refused")) return new Answer(null, null, a.get("refused").asText().equals("bounds"), a.get("message").asText());
            return new Answer(longs(a.get("shape")), longs(a.get("values")), null, null);
        } catch (IOException e) {
            throw new UncheckedIOException("numpy oracle, for " + q.toString().strip(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String item(Index i) {
        return switch (i) {
            case Index.At at -> "[\"at\"," + at.position() + "]";
            case Index.Range r -> "[\"slice\"," + r.start() + "," + r.stop() + "," + r.step() + "]";
            case Index.Of of -> "[\"list\"," + Arrays.toString(of.positions()) + "]";
            case Index.Ellipsis e -> "[\"ellipsis\"]";
            case Index.NewAxis n -> "[\"newaxis\"]";
            case Index.Random r -> throw new IllegalArgumentException("numpy has no random window: " + r);
        };
    }

    private static long[] longs(JsonNode array) {
        List<Long> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asLong()));
        return out.stream().mapToLong(Long::longValue).toArray();
    }
}
