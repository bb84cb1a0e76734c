package dev.engram.io.keras.hdf5;

import dev.engram.io.LoadLimits;
import dev.engram.io.keras.ModelFormatException;
import dev.engram.tensor.Tensor;
import io.jhdf.HdfFile;
import io.jhdf.Superblock;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * An HDF5 file opened for reading as untrusted input (jhdf underneath). Every jhdf failure and every
 * implausible size becomes a {@link ModelFormatException} naming the file and the HDF5 path; sizes
 * declared by the file are checked against the file's length before anything is allocated.
 *
 * <p>Not part of the public API: the Keras readers in this package and {@code kerasv3} use it.
 */
public final class H5Input implements AutoCloseable {
    /** Most names in one HDF5 path a Keras file may ask us to follow (real ones have a handful). */
    private static final int MAX_PATH_PARTS = 64;

    private final String fileName;
    private final long fileSize;
    private final HdfFile hdf;
    private final H5DatasetReader datasets;
    private final H5Attributes attributes;

    private H5Input(String fileName, long fileSize, HdfFile hdf, LoadLimits limits) {
        this.fileName = fileName;
        this.fileSize = fileSize;
        this.hdf = hdf;
        this.datasets = new H5DatasetReader(fileName, fileSize, limits);
        this.attributes = new H5Attributes(fileName, fileSize);
    }

    /**
     * Opens {@code file}, checking first that it is an HDF5 file at all and that it is as long as its
     * superblock says (a truncated file is refused, as libhdf5 refuses it).
     *
     * @param displayName how the file is named in error messages (e.g. {@code model.keras!/model.weights.h5})
     * @param limits      the limits reads from this file are held to
     * @param file the HDF5 file; small enough files are read into memory whole
     * @return the opened file, ready to read groups, attributes and datasets
     * @throws ModelFormatException when the file has no HDF5 signature, is shorter than its superblock declares, or
     *                              its superblock or root group cannot be read
     * @throws IOException when the file cannot be read
     */
    public static H5Input open(Path file, String displayName, LoadLimits limits) throws IOException {
        long size = Files.size(file);
        // In memory, every size the file declares (a local heap of 2 GiB, a B-tree node) becomes a
        // view of bytes that exist, or an error; read through a channel, jhdf would first allocate
        // a buffer of the declared size. Full-model files hold weights plus optimizer slots (Adam:
        // three times the parameters), so anything larger than that cannot be within the limits.
        if (size <= Math.min(LoadLimits.MAX_ARRAY, 3 * limits.parameterBytes() + (64L << 20))) {
            return open(Files.readAllBytes(file), displayName, limits);
        }
        long signature = H5Signature.offset(file, size);
        return open(displayName, size, signature, limits, () -> {
            try (FileChannel ch = FileChannel.open(file)) {
                return Superblock.readSuperblock(ch, signature);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, () -> new HdfFile(file));
    }

    /**
     * As {@link #open(Path, String, LoadLimits)} for a file held in memory (an entry of a
     * {@code .keras} archive: no temporary file is ever written).
     *
     * @param bytes the whole HDF5 file; not copied, so it must not change while the input is used
     * @param displayName how the file is named in error messages
     * @param limits the limits reads from this file are held to
     * @return the opened file
     * @throws ModelFormatException when the bytes have no HDF5 signature, are shorter than the superblock declares,
     *                              or the superblock or root group cannot be read
     * @throws IOException declared for symmetry with the file overload
     */
    public static H5Input open(byte[] bytes, String displayName, LoadLimits limits) throws IOException {
        long signature = H5Signature.offset(bytes);
        long at = signature;
        return open(displayName, bytes.length, signature, limits, () -> {
            java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            b.position((int) at);
            return Superblock.readSuperblock(b);
        }, () -> HdfFile.fromBytes(bytes));
    }

    private static H5Input open(String displayName, long size, long signature, LoadLimits limits,
            java.util.function.Supplier<Superblock> superblock, java.util.function.Supplier<HdfFile> hdf)
            throws ModelFormatException {
        if (signature < 0) {
            throw new ModelFormatException(displayName, "",
                    "not an HDF5 file (no HDF5 signature at offset 0, 512, 1024, ...; " + size + " bytes)");
        }
        H5Signature.checkEndOfFile(displayName, superblock, size);
        H5Filters.allow(limits.decompressedBytes());
        try {
            return new H5Input(displayName, size, hdf.get(), limits);
        } catch (RuntimeException | StackOverflowError e) {
            throw new ModelFormatException(displayName, "/", "unreadable HDF5 superblock or root group; the file may be"
                    + " truncated or corrupt", e);
        }
    }

    /**
     * As {@link #open(Path, String, LoadLimits)} with the default limits.
     *
     * @param file the HDF5 file
     * @param displayName how the file is named in error messages
     * @return the opened file
     * @throws ModelFormatException when the file is not a readable HDF5 file (see the three-argument overload)
     * @throws IOException when the file cannot be read
     */
    public static H5Input open(Path file, String displayName) throws IOException {
        return open(file, displayName, LoadLimits.defaults());
    }

    /**
     * As {@link #open(Path, String)} naming the file by its file name.
     *
     * @param file the HDF5 file
     * @return the opened file, read with the default limits
     * @throws ModelFormatException when the file is not a readable HDF5 file
     * @throws IOException when the file cannot be read
     */
    public static H5Input open(Path file) throws IOException {
        return open(file, ModelFormatException.displayName(file));
    }

    /**
     * True if the file starts (after an optional user block) with the HDF5 signature.
     *
     * @param file the file to probe
     * @param size the file's length in bytes; bounds the offsets probed
     * @return true for an HDF5 file, false for anything else (e.g. a zip or JSON file)
     * @throws IOException when the file cannot be read
     */
    public static boolean hasSignature(Path file, long size) throws IOException {
        return H5Signature.offset(file, size) >= 0;
    }

    /**
     * The file as named in messages.
     *
     * @return the display name given when opening
     */
    public String fileName() {
        return fileName;
    }

    /**
     * The root group.
     *
     * @return the root group {@code /}
     */
    public Group root() {
        return hdf;
    }

    /**
     * A new exception naming this file, {@code location} and {@code detail}.
     *
     * @param location the HDF5 path of the object at fault, e.g. {@code /model_weights/dense}
     * @param detail what was expected and what was found
     * @return the exception, for the caller to throw
     */
    public ModelFormatException error(String location, String detail) {
        return new ModelFormatException(fileName, location, detail);
    }

    private ModelFormatException error(String location, String detail, Throwable cause) {
        return failure(fileName, location, detail, cause);
    }

    /** A read failure; the library's own text stays in the cause (shown by the CLI's --verbose), not in the message. */
    static ModelFormatException failure(String fileName, String location, String detail, Throwable cause) {
        return new ModelFormatException(fileName, location, detail + (cause instanceof StackOverflowError
                ? " (" + describe(cause) + ")" : ""), cause);
    }

    /**
     * The child {@code name} of {@code parent} if it exists (a group or a dataset), else null.
     *
     * @param parent the group to look in
     * @param name the member's name (not a path)
     * @return the group or dataset, or null when {@code parent} has no such member
     * @throws ModelFormatException when the members of {@code parent} cannot be read
     */
    public Node childOrNull(Group parent, String name) throws ModelFormatException {
        try {
            return parent.getChildren().get(name);
        } catch (RuntimeException | StackOverflowError e) {
            throw error(join(parent.getPath(), name), "cannot list the members of group " + parent.getPath(), e);
        }
    }

    /**
     * The group at {@code relPath} below {@code parent}, or an error saying what was expected there.
     *
     * @param parent the group the path starts from
     * @param relPath a slash-separated path relative to {@code parent}
     * @param expected what the group should hold, for the error message (e.g. {@code "the weights of layer dense"})
     * @return the group
     * @throws ModelFormatException when nothing is at the path, a dataset is there, or the path is refused as for
     *                              {@link #nodeOrNull}
     */
    public Group group(Group parent, String relPath, String expected) throws ModelFormatException {
        Node node = nodeOrNull(parent, relPath);
        if (node == null) {
            throw error(join(parent.getPath(), relPath), "missing group: " + expected);
        }
        if (!(node instanceof Group g)) {
            throw error(node.getPath(), "expected a group (" + expected + "), found a dataset");
        }
        return g;
    }

    /**
     * The node at {@code relPath} (slash-separated, relative to {@code parent}), or null if absent.
     * A path through the same group twice (a hard-link cycle) or longer than {@value #MAX_PATH_PARTS}
     * names is refused: no Keras file needs either, and following them costs time the file controls.
     *
     * @param parent the group the path starts from
     * @param relPath a slash-separated path relative to {@code parent}
     * @return the group or dataset at the path, or null when a part of it is absent
     * @throws ModelFormatException when the path is too long, passes through a group twice, or an object header on
     *                              the way cannot be read
     */
    public Node nodeOrNull(Group parent, String relPath) throws ModelFormatException {
        String[] parts = relPath.split("/");
        if (parts.length > MAX_PATH_PARTS) {
            throw error(join(parent.getPath(), abbreviate(relPath)), "an HDF5 path of " + parts.length
                    + " names; at most " + MAX_PATH_PARTS + " are followed");
        }
        Node current = parent;
        Set<Long> visited = new HashSet<>();
        visited.add(address(parent));
        for (String part : parts) {
            if (part.isEmpty()) {
                continue;
            }
            if (!(current instanceof Group g)) {
                return null;
            }
            current = childOrNull(g, part);
            if (current == null) {
                return null;
            }
            if (current instanceof Group && !visited.add(address(current))) {
                throw error(join(parent.getPath(), abbreviate(relPath)), "the path visits group " + current.getPath()
                        + " twice: a hard-link cycle");
            }
        }
        return current;
    }

    private long address(Node n) throws ModelFormatException {
        try {
            return n.getAddress();
        } catch (RuntimeException e) {
            throw error(n.getPath(), "unreadable object header", e);
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 120 ? s.substring(0, 120) + "..." : s;
    }

    /**
     * True if {@code node} has the attribute.
     *
     * @param node the group or dataset
     * @param name the attribute name
     * @return true when {@code node} has an attribute {@code name}
     * @throws ModelFormatException when the attributes of {@code node} cannot be read
     */
    public boolean hasAttribute(Node node, String name) throws ModelFormatException {
        try {
            return node.getAttributes().containsKey(name);
        } catch (RuntimeException e) {
            throw error(node.getPath(), "cannot read the attributes", e);
        }
    }

    /**
     * A string attribute (fixed- or variable-length, scalar or a one-element array), or null when absent.
     *
     * @param node the group or dataset
     * @param name the attribute name
     * @return the string, or null when there is no such attribute
     * @throws ModelFormatException when the attribute exists but is not a string or cannot be read
     */
    public String stringAttribute(Node node, String name) throws ModelFormatException {
        return attributes.string(node, name);
    }

    /**
     * A list-of-names attribute as Keras writes it: an array of fixed- or variable-length strings, an
     * empty (float) array for "no names", or split into {@code name0, name1, ...} chunks when it
     * would exceed HDF5's 64 KiB attribute limit. Returns null when neither form is present.
     *
     * @param node the group or dataset
     * @param name the attribute name, e.g. {@code weight_names}; chunks are {@code name0, name1, ...}
     * @return the names in order (empty for an empty array), or null when neither form is present
     * @throws ModelFormatException when the attribute exists but is not an array of strings or an empty array, or
     *                              cannot be read
     */
    public List<String> nameListAttribute(Node node, String name) throws ModelFormatException {
        return attributes.names(node, name);
    }

    /**
     * A float dataset as a tensor (float32; float64 and float16 are converted). Checks the declared
     * element count against the bytes the file can hold before reading.
     *
     * @param parent the group the path starts from
     * @param relPath a slash-separated path to the dataset relative to {@code parent}
     * @return the data with the dataset's shape, as float32
     * @throws ModelFormatException when the dataset is missing, is a group, is not a floating-point type, declares
     *                              more elements than the file holds or the limits allow, or cannot be decoded
     */
    public Tensor floatDataset(Group parent, String relPath) throws ModelFormatException {
        return datasets.floats(join(parent.getPath(), relPath), nodeOrNull(parent, relPath));
    }

    /**
     * A scalar integer dataset (Keras's int64 {@code iteration}); a one-element dataset is accepted
     * too, as is an integral float (older writers).
     *
     * @param parent  the group to resolve {@code relPath} against
     * @param relPath the dataset's path relative to {@code parent} (may contain {@code /})
     * @return the dataset's single value
     * @throws ModelFormatException if the path is missing or a group, the dataset has more or fewer
     *                              than one element, its value is not integral, or it cannot be read
     */
    public long integerScalar(Group parent, String relPath) throws ModelFormatException {
        return datasets.integerScalar(join(parent.getPath(), relPath), nodeOrNull(parent, relPath));
    }

    /**
     * {@code parent + "/" + child} without doubled slashes.
     *
     * @param parent an HDF5 path, {@code /} or ending without a slash
     * @param child a name or relative path
     * @return the joined path
     */
    public static String join(String parent, String child) {
        if (parent.isEmpty() || parent.equals("/")) {
            return "/" + child;
        }
        return parent.endsWith("/") ? parent + child : parent + "/" + child;
    }

    private static String describe(Throwable e) {
        if (e instanceof StackOverflowError) {
            return "structures nested without end (a cyclic B-tree or heap)";
        }
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }

    @Override
    public void close() {
        try {
            hdf.close();
        } catch (RuntimeException ignored) {
            // closing a corrupt file must not hide the error that brought us here
        }
    }
}
