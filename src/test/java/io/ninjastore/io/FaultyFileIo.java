package io.ninjastore.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

/**
 * A {@link FileIo} over the real files under one root that also models what a power loss would keep,
 * and can stop dead at any operation.
 *
 * <p>The model: a file's <em>durable</em> content is what it held at its last {@code force}; a
 * directory's durable entries are what it held at its last {@code syncDirectory} (a file or directory
 * never synced into its parent does not survive). {@link #powerLoss(Random)} rewrites the real tree
 * from that model: with no random source everything unsynced is rolled back; with one, every file
 * and every directory independently keeps either its synced or its current state, as a real file
 * system may after a crash.
 *
 * <p>{@link #crashAt(long)} makes the operation with that number (counted from 0 over every
 * mutating call: creating a file, write, truncate, force, rename, directory sync, mkdir, delete)
 * and every later one throw {@link SimulatedCrash}, an {@link Error} that store code does not
 * catch, so nothing is rolled back: the disk holds what a SIGKILL at that instant would leave. A
 * write that crashes may first write a prefix of its bytes (a torn write).
 *
 * <p>In-place overwrites ({@link #openInPlace}, spec C-9) are modelled apart as well: a file system
 * that journals renames in order need not write overwritten data blocks before it, so
 * {@link #dropUnsyncedOverwrites()} models a power loss that keeps every name and every append
 * but reverts each file overwritten in place since its last {@code force} to its content before
 * that overwrite.
 *
 * <p>Files the stores create outside the seam (the writer lock file) are not modelled and do not
 * survive a power loss; their presence means nothing (spec F-35).
 *
 * <p>Thread-safe: every operation is serialized on this object.
 */
public final class FaultyFileIo implements FileIo {

    /** The machine stopped: thrown by the operation chosen by {@link #crashAt} and every one after. */
    public static final class SimulatedCrash extends Error {
        private static final long serialVersionUID = 1L;

        SimulatedCrash(String op) { super("simulated crash at: " + op); }
    }

    private abstract static sealed class Node permits FileNode, DirNode {}

    private static final class FileNode extends Node {
        byte[] durable; // null: never forced, so empty if its name survives
        boolean dirty;
        byte[] beforeOverwrite; // content before the first in-place overwrite since the last force; null: none
    }

    private static final class DirNode extends Node {
        Map<String, Node> entries = new HashMap<>();
        Map<String, Node> durable = new HashMap<>();
    }

    private static final String LOCK_FILE = "ninjastore.lock";

    private final Path root;
    private final Random tornWrites;
    private DirNode rootDir;
    private long ops;
    private long crashAt = Long.MAX_VALUE;
    private long failAt = -1;
    private final List<String> trace = new ArrayList<>();
    private Path watchedCommitPoint;
    private Path watchedStore;
    private final List<String> violations = new ArrayList<>();

    /**
     * Models the tree under {@code root} (which must exist), all of it taken as durable now.
     *
     * @param tornWrites where a crashing write draws how much of its buffer lands; null: none of it
     */
    public FaultyFileIo(Path root, Random tornWrites) throws IOException {
        this.root = root.toAbsolutePath().normalize();
        this.tornWrites = tornWrites;
        this.rootDir = snapshot(this.root);
    }

    // ------------------------------------------------------------------ control

    /** Operations performed so far. */
    public synchronized long ops() { return ops; }

    /** Operation number {@code op} and all later ones throw {@link SimulatedCrash}; {@code Long.MAX_VALUE} disarms. */
    public synchronized void crashAt(long op) { crashAt = op; }

    /**
     * Operation number {@code op} fails once with an {@link IOException} (a full disk, an I/O error)
     * without doing anything; the writer is expected to roll back and carry on (spec C-13).
     */
    public synchronized void failAt(long op) { failAt = op; }

    /** Whether the crash has happened. */
    public synchronized boolean crashed() { return ops >= crashAt && crashAt != Long.MAX_VALUE; }

    /** What was done, one line per operation. */
    public synchronized List<String> trace() { return List.copyOf(trace); }

    /**
     * Records a violation whenever {@code commitPoint} is renamed into place while anything under
     * {@code store} is not durable (spec C-7: everything is durable before the commit point names it).
     */
    public synchronized void watchCommitPoint(Path store, Path commitPoint) {
        this.watchedStore = store.toAbsolutePath().normalize();
        this.watchedCommitPoint = commitPoint.toAbsolutePath().normalize();
    }

    public synchronized List<String> violations() { return List.copyOf(violations); }

    /** What under {@code dir} is not durable: unsynced file contents and directory entries (ignoring {@code *.tmp}). */
    public synchronized List<String> notDurable(Path dir) {
        List<String> out = new ArrayList<>();
        Node n = lookup(dir);
        if (n != null) collectNotDurable(n, rel(dir), out);
        return out;
    }

    /**
     * The power goes out: the real tree under the root is rewritten to what the model says survives,
     * then taken as the new durable state. Close every store first.
     *
     * @param lossy null to roll every unsynced change back; else each file and directory keeps its
     *              synced or its current state at random
     */
    public synchronized void powerLoss(Random lossy) throws IOException {
        Map<Path, byte[]> files = new HashMap<>();
        List<Path> dirs = new ArrayList<>();
        survivors(rootDir, root, lossy, files, dirs);
        deleteChildren(root);
        for (Path d : dirs) Files.createDirectories(d);
        for (Map.Entry<Path, byte[]> e : files.entrySet()) Files.write(e.getKey(), e.getValue());
        rootDir = snapshot(root);
        crashAt = Long.MAX_VALUE;
        trace.add("POWER LOSS" + (lossy == null ? "" : " (lossy)"));
    }

    /**
     * The power goes out on a file system that journals names and keeps appended data (ext4's
     * default, as far as a SIGKILL would), but loses in-place overwrites not yet synced, whatever was
     * renamed after them: every file overwritten through {@link #openInPlace} since its last
     * {@code force} gets back its content from before that overwrite. Everything else stays as it
     * is, and the result is taken as the new durable state. Close every store first.
     */
    public synchronized void dropUnsyncedOverwrites() throws IOException {
        int dropped = 0;
        for (Map.Entry<Path, FileNode> e : overwritten(rootDir, root, new HashMap<>()).entrySet()) {
            Files.write(e.getKey(), e.getValue().beforeOverwrite);
            dropped++;
        }
        rootDir = snapshot(root);
        crashAt = Long.MAX_VALUE;
        trace.add("POWER LOSS (" + dropped + " unsynced in-place overwrites dropped)");
    }

    /** Files (reachable now) with an unsynced in-place overwrite. */
    private static Map<Path, FileNode> overwritten(DirNode d, Path at, Map<Path, FileNode> out) {
        for (Map.Entry<String, Node> e : d.entries.entrySet()) {
            switch (e.getValue()) {
                case DirNode sub -> overwritten(sub, at.resolve(e.getKey()), out);
                case FileNode f -> { if (f.beforeOverwrite != null) out.put(at.resolve(e.getKey()), f); }
            }
        }
        return out;
    }

    /** Unsynced in-place overwrites pending now (what {@link #dropUnsyncedOverwrites} would revert). */
    public synchronized int unsyncedOverwrites() { return overwritten(rootDir, root, new HashMap<>()).size(); }

    private void survivors(DirNode d, Path at, Random lossy, Map<Path, byte[]> files, List<Path> dirs) throws IOException {
        dirs.add(at);
        boolean keepCurrent = lossy != null && lossy.nextBoolean();
        Map<String, Node> entries = keepCurrent ? d.entries : d.durable;
        for (Map.Entry<String, Node> e : entries.entrySet()) {
            Path p = at.resolve(e.getKey());
            switch (e.getValue()) {
                case DirNode sub -> survivors(sub, p, lossy, files, dirs);
                case FileNode f -> {
                    byte[] durable = f.durable == null ? new byte[0] : f.durable;
                    boolean current = f.dirty && lossy != null && lossy.nextBoolean();
                    // The current content is on disk only if the file is still reachable there.
                    Path now = pathOf(f);
                    files.put(p, current && now != null ? Files.readAllBytes(now) : durable);
                }
            }
        }
    }

    // ------------------------------------------------------------------ FileIo

    @Override
    public synchronized WritableFile open(Path file, boolean create) throws IOException {
        Path abs = abs(file);
        DirNode parent = dirOf(abs.getParent());
        String name = abs.getFileName().toString();
        Node n = parent.entries.get(name);
        if (n instanceof DirNode) throw new IOException(abs + " is a directory");
        if (n == null) {
            if (!create) throw new NoSuchFileException(abs.toString());
            before("create " + rel(abs));
            FileNode f = new FileNode();
            f.dirty = true;
            parent.entries.put(name, f);
            n = f;
        }
        FileChannel ch = FileChannel.open(abs, StandardOpenOption.READ, StandardOpenOption.WRITE, StandardOpenOption.CREATE);
        return new File((FileNode) n, ch, rel(abs), false);
    }

    /** As {@code open(file, false)}, but its writes are in-place overwrites (see {@link #dropUnsyncedOverwrites}). */
    @Override
    public synchronized WritableFile openInPlace(Path file) throws IOException {
        File f = (File) open(file, false);
        return new File(f.node, f.ch, f.name, true);
    }

    @Override
    public synchronized void syncDirectory(Path dir) throws IOException {
        Path abs = abs(dir);
        DirNode d = dirOf(abs);
        before("syncdir " + rel(abs));
        d.durable = new HashMap<>(d.entries);
    }

    @Override
    public synchronized void rename(Path from, Path to) throws IOException {
        Path f = abs(from), t = abs(to);
        DirNode fp = dirOf(f.getParent()), tp = dirOf(t.getParent());
        Node n = fp.entries.get(f.getFileName().toString());
        if (n == null) throw new NoSuchFileException(f.toString());
        if (t.equals(watchedCommitPoint)) {
            List<String> dirty = new ArrayList<>();
            Node store = lookup(watchedStore);
            if (store != null) collectNotDurable(store, rel(watchedStore), dirty);
            if (!dirty.isEmpty()) violations.add("commit point " + rel(t) + " renamed while not durable: " + dirty);
        }
        before("rename " + rel(f) + " -> " + rel(t));
        try {
            Files.move(f, t, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException(e);
        }
        fp.entries.remove(f.getFileName().toString());
        tp.entries.put(t.getFileName().toString(), n);
    }

    @Override
    public synchronized void createDirectories(Path dir) throws IOException {
        Path abs = abs(dir);
        Path rel = root.relativize(abs);
        DirNode d = rootDir;
        Path at = root;
        for (Path part : rel) {
            if (part.toString().isEmpty()) continue;
            at = at.resolve(part);
            Node n = d.entries.get(part.toString());
            if (n instanceof FileNode) throw new FileAlreadyExistsException(at.toString());
            if (n == null) {
                before("mkdir " + rel(at));
                Files.createDirectory(at);
                DirNode nd = new DirNode();
                d.entries.put(part.toString(), nd);
                n = nd;
            }
            d = (DirNode) n;
        }
    }

    @Override
    public synchronized void deleteRecursively(Path path) throws IOException {
        Path abs = abs(path);
        if (abs.equals(root)) throw new IllegalArgumentException("will not delete the modelled root");
        DirNode parent = lookup(abs.getParent()) instanceof DirNode p ? p : null;
        if (parent == null || !parent.entries.containsKey(abs.getFileName().toString())) {
            if (Files.exists(abs, LinkOption.NOFOLLOW_LINKS)) throw new IllegalStateException(abs + " exists but is not modelled");
            return;
        }
        before("delete " + rel(abs));
        deleteTree(abs);
        parent.entries.remove(abs.getFileName().toString());
    }

    private final class File implements WritableFile {
        private final FileNode node;
        private final FileChannel ch;
        private final String name;
        private final boolean inPlace;

        File(FileNode node, FileChannel ch, String name, boolean inPlace) {
            this.node = node;
            this.ch = ch;
            this.name = name;
            this.inPlace = inPlace;
        }

        @Override
        public void write(ByteBuffer src, long position) throws IOException {
            synchronized (FaultyFileIo.this) {
                String op = (inPlace ? "overwrite " : "write ") + name + " [" + position + ", +" + src.remaining() + ")";
                if (inPlace && node.beforeOverwrite == null) node.beforeOverwrite = readAll();
                if (ops == crashAt && tornWrites != null && src.remaining() > 0) {
                    ByteBuffer part = src.duplicate();
                    part.limit(part.position() + tornWrites.nextInt(src.remaining()));
                    writeFully(part, position);
                    node.dirty = true;
                }
                before(op);
                node.dirty = true;
                writeFully(src, position);
            }
        }

        private void writeFully(ByteBuffer b, long position) throws IOException {
            long pos = position;
            while (b.hasRemaining()) pos += ch.write(b, pos);
        }

        @Override
        public void truncate(long size) throws IOException {
            synchronized (FaultyFileIo.this) {
                before("truncate " + name + " to " + size);
                node.dirty = true;
                ch.truncate(size);
            }
        }

        @Override
        public void force() throws IOException {
            synchronized (FaultyFileIo.this) {
                before("force " + name);
                node.durable = readAll();
                node.dirty = false;
                node.beforeOverwrite = null;
            }
        }

        private byte[] readAll() throws IOException {
            ByteBuffer b = ByteBuffer.allocate(Math.toIntExact(ch.size()));
            while (b.hasRemaining() && ch.read(b, b.position()) >= 0) { /* read fully */ }
            return b.array();
        }

        @Override
        public long size() throws IOException { return ch.size(); }

        @Override
        public FileChannel channel() { return ch; }

        @Override
        public void close() throws IOException { ch.close(); } // not an operation: a crash closes everything
    }

    // ------------------------------------------------------------------ model

    private void before(String op) throws IOException {
        if (ops == failAt) {
            ops++;
            failAt = -1;
            trace.add("FAIL " + op);
            throw new IOException("injected failure at: " + op);
        }
        if (ops >= crashAt) {
            ops++;
            trace.add("CRASH at " + op);
            throw new SimulatedCrash(op);
        }
        ops++;
        trace.add(op);
    }

    private Path abs(Path p) {
        Path a = p.toAbsolutePath().normalize();
        if (!a.startsWith(root)) throw new IllegalArgumentException(a + " is outside the modelled root " + root);
        return a;
    }

    private String rel(Path abs) { return root.relativize(abs.toAbsolutePath().normalize()).toString(); }

    private Node lookup(Path p) {
        Path a = abs(p);
        Node n = rootDir;
        for (Path part : root.relativize(a)) {
            if (part.toString().isEmpty()) continue;
            if (!(n instanceof DirNode d)) return null;
            n = d.entries.get(part.toString());
            if (n == null) return null;
        }
        return n;
    }

    private DirNode dirOf(Path p) throws IOException {
        if (lookup(p) instanceof DirNode d) return d;
        throw new NoSuchFileException(p + " (no such modelled directory)");
    }

    /** Where a file node is now reachable, or null. */
    private Path pathOf(FileNode f) {
        return find(rootDir, root, f);
    }

    private static Path find(DirNode d, Path at, FileNode f) {
        for (Map.Entry<String, Node> e : d.entries.entrySet()) {
            if (e.getValue() == f) return at.resolve(e.getKey());
            if (e.getValue() instanceof DirNode sub) {
                Path p = find(sub, at.resolve(e.getKey()), f);
                if (p != null) return p;
            }
        }
        return null;
    }

    private static void collectNotDurable(Node n, String at, List<String> out) {
        switch (n) {
            case FileNode f -> { if (f.dirty) out.add(at + " (content)"); }
            case DirNode d -> {
                for (Map.Entry<String, Node> e : d.entries.entrySet()) {
                    // a NAME.tmp need not be named durably: it is renamed; its content must be durable
                    boolean tmp = e.getKey().endsWith(".tmp");
                    if (!tmp && d.durable.get(e.getKey()) != e.getValue()) out.add(at + "/" + e.getKey() + " (entry)");
                    collectNotDurable(e.getValue(), at.isEmpty() ? e.getKey() : at + "/" + e.getKey(), out);
                }
                for (String gone : d.durable.keySet()) {
                    if (!d.entries.containsKey(gone) && !gone.endsWith(".tmp")) out.add(at + "/" + gone + " (removal)");
                }
            }
        }
    }

    private static DirNode snapshot(Path dir) throws IOException {
        DirNode d = new DirNode();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                String name = p.getFileName().toString();
                if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    d.entries.put(name, snapshot(p));
                } else if (!name.equals(LOCK_FILE)) {
                    FileNode f = new FileNode();
                    f.durable = Files.readAllBytes(p);
                    d.entries.put(name, f);
                }
            }
        }
        d.durable = new HashMap<>(d.entries);
        return d;
    }

    private static void deleteChildren(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : (Iterable<Path>) s::iterator) deleteTree(p);
        }
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) return;
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) Files.delete(q);
        }
    }
}
