package dev.engram.io.keras.h5;

import dev.engram.io.keras.ModelFormatException;
import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.jhdf.object.datatype.DataType;
import io.jhdf.object.datatype.FloatingPoint;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Array;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An HDF5 file opened for reading as untrusted input (jhdf underneath). Every jhdf failure and every
 * implausible size becomes a {@link ModelFormatException} naming the file and the HDF5 path; sizes
 * declared by the file are checked against the file's length before anything is allocated.
 *
 * <p>Not part of the public API: the Keras readers in this package and {@code kerasv3} use it.
 */
public final class H5Input implements AutoCloseable {
    /** The 8-byte HDF5 signature; the superblock sits at 0, 512, 1024, 2048, ... (after a user block). */
    private static final byte[] SIGNATURE = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};
    /** Largest tensor we accept from a filtered (chunked, possibly compressed) dataset: 2^28 floats = 1 GiB. */
    private static final long MAX_FILTERED_ELEMENTS = 1L << 28;

    private final String fileName;
    private final long fileSize;
    private final HdfFile hdf;

    private H5Input(String fileName, long fileSize, HdfFile hdf) {
        this.fileName = fileName;
        this.fileSize = fileSize;
        this.hdf = hdf;
    }

    /**
     * Opens {@code file}, checking first that it is an HDF5 file at all.
     *
     * @param displayName how the file is named in error messages (e.g. {@code model.keras!/model.weights.h5})
     */
    public static H5Input open(Path file, String displayName) throws IOException {
        long size = Files.size(file);
        if (!hasSignature(file, size)) {
            throw new ModelFormatException(displayName, "",
                    "not an HDF5 file (no HDF5 signature at offset 0, 512, 1024, ...; " + size + " bytes)");
        }
        try {
            return new H5Input(displayName, size, new HdfFile(file));
        } catch (RuntimeException e) {
            throw new ModelFormatException(displayName, "/", "unreadable HDF5 superblock or root group ("
                    + describe(e) + "); the file may be truncated or corrupt", e);
        }
    }

    /** As {@link #open(Path, String)} naming the file by its file name. */
    public static H5Input open(Path file) throws IOException {
        return open(file, ModelFormatException.displayName(file));
    }

    /** True if the file starts (after an optional user block) with the HDF5 signature. */
    public static boolean hasSignature(Path file, long size) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = new byte[8];
            long offset = 0;
            for (long probe = 0; probe + 8 <= size && probe <= (1L << 20); probe = probe == 0 ? 512 : probe * 2) {
                in.skipNBytes(probe - offset);
                if (in.readNBytes(head, 0, 8) < 8) {
                    return false;
                }
                offset = probe + 8;
                if (Arrays.equals(head, SIGNATURE)) {
                    return true;
                }
            }
            return false;
        }
    }

    /** The file as named in messages. */
    public String fileName() {
        return fileName;
    }

    /** The root group. */
    public Group root() {
        return hdf;
    }

    /** A new exception naming this file, {@code location} and {@code detail}. */
    public ModelFormatException error(String location, String detail) {
        return new ModelFormatException(fileName, location, detail);
    }

    private ModelFormatException error(String location, String detail, RuntimeException cause) {
        return new ModelFormatException(fileName, location, detail + " (" + describe(cause) + ")", cause);
    }

    /** The child {@code name} of {@code parent} if it exists (a group or a dataset), else null. */
    public Node childOrNull(Group parent, String name) throws ModelFormatException {
        try {
            return parent.getChildren().get(name);
        } catch (RuntimeException e) {
            throw error(join(parent.getPath(), name), "cannot list the members of group " + parent.getPath(), e);
        }
    }

    /** The group at {@code relPath} below {@code parent}, or an error saying what was expected there. */
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

    /** The node at {@code relPath} (slash-separated, relative to {@code parent}), or null if absent. */
    public Node nodeOrNull(Group parent, String relPath) throws ModelFormatException {
        Node current = parent;
        for (String part : relPath.split("/")) {
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
        }
        return current;
    }

    /** True if {@code node} has the attribute. */
    public boolean hasAttribute(Node node, String name) throws ModelFormatException {
        try {
            return node.getAttributes().containsKey(name);
        } catch (RuntimeException e) {
            throw error(node.getPath(), "cannot read the attributes", e);
        }
    }

    /**
     * A string attribute (fixed- or variable-length, scalar or a one-element array), or null when absent.
     */
    public String stringAttribute(Node node, String name) throws ModelFormatException {
        Object data = attributeData(node, name);
        if (data == null) {
            return null;
        }
        if (data instanceof String s) {
            return s;
        }
        if (data instanceof String[] a && a.length == 1) {
            return a[0];
        }
        throw error(attrPath(node, name), "expected a string attribute, found " + describeData(data));
    }

    /**
     * A list-of-names attribute as Keras writes it: an array of fixed- or variable-length strings, an
     * empty (float) array for "no names", or split into {@code name0, name1, ...} chunks when it
     * would exceed HDF5's 64 KiB attribute limit. Returns null when neither form is present.
     */
    public List<String> nameListAttribute(Node node, String name) throws ModelFormatException {
        if (hasAttribute(node, name)) {
            return namesOf(node, name);
        }
        if (!hasAttribute(node, name + "0")) {
            return null;
        }
        List<String> all = new ArrayList<>();
        for (int chunk = 0; hasAttribute(node, name + chunk); chunk++) {
            all.addAll(namesOf(node, name + chunk));
        }
        return all;
    }

    private List<String> namesOf(Node node, String name) throws ModelFormatException {
        Object data = attributeData(node, name);
        if (data instanceof String s) {
            return List.of(s);
        }
        if (data instanceof String[] a) {
            return List.of(a);
        }
        if (data != null && data.getClass().isArray() && Array.getLength(data) == 0) {
            return List.of(); // Keras writes an empty float64 array for a layer without weights
        }
        throw error(attrPath(node, name), "expected an array of strings, found " + describeData(data));
    }

    private Object attributeData(Node node, String name) throws ModelFormatException {
        Attribute attribute;
        try {
            attribute = node.getAttribute(name);
        } catch (RuntimeException e) {
            throw error(attrPath(node, name), "cannot read the attribute", e);
        }
        if (attribute == null) {
            return null;
        }
        try {
            if (attribute.isEmpty()) {
                return new float[0];
            }
            long bytes = attribute.getSizeInBytes();
            if (bytes < 0 || bytes > fileSize * 64 + (1 << 20)) { // vlen strings live in a heap in the same file
                throw error(attrPath(node, name), "declared size " + bytes + " bytes exceeds what a "
                        + fileSize + "-byte file can hold");
            }
            return attribute.getData();
        } catch (ModelFormatException e) {
            throw e;
        } catch (RuntimeException e) {
            throw error(attrPath(node, name), "cannot read the attribute's value", e);
        }
    }

    /**
     * A float dataset as a tensor (float32; float64 and float16 are converted). Checks the declared
     * element count against the bytes the file can hold before reading.
     */
    public Tensor floatDataset(Group parent, String relPath) throws ModelFormatException {
        String path = join(parent.getPath(), relPath);
        Node node = nodeOrNull(parent, relPath);
        if (node == null) {
            throw error(path, "missing dataset");
        }
        if (!(node instanceof Dataset dataset)) {
            throw error(path, "expected a dataset, found a group");
        }
        try {
            DataType type = dataset.getDataType();
            if (!(type instanceof FloatingPoint)) {
                throw error(path, "expected a float32 dataset, found HDF5 type class "
                        + type.getClass().getSimpleName() + " (" + dataset.getJavaType().getSimpleName() + ")");
            }
            int[] dims = dataset.getDimensions();
            long elements = 1;
            for (int d : dims) {
                if (d < 0) {
                    throw error(path, "negative dimension in shape " + Arrays.toString(dims));
                }
                elements = Math.multiplyExact(elements, d);
            }
            long bytes = Math.multiplyExact(elements, (long) type.getSize());
            boolean filtered = !dataset.getFilters().isEmpty();
            if (!filtered && bytes > fileSize) {
                throw error(path, "declared shape " + Arrays.toString(dims) + " needs " + bytes
                        + " bytes but the file has only " + fileSize);
            }
            if (elements > MAX_FILTERED_ELEMENTS) {
                throw error(path, "declared shape " + Arrays.toString(dims) + " has " + elements
                        + " elements, more than the limit of " + MAX_FILTERED_ELEMENTS);
            }
            Object flat = dataset.getDataFlat();
            float[] values = toFloats(flat, (int) elements, path);
            return Tensor.wrap(Shape.of(dims), values);
        } catch (ModelFormatException e) {
            throw e;
        } catch (ArithmeticException e) {
            throw error(path, "declared shape overflows a 64-bit size");
        } catch (RuntimeException e) {
            throw error(path, "cannot read the dataset; the file may be truncated or corrupt", e);
        }
    }

    private float[] toFloats(Object flat, int elements, String path) throws ModelFormatException {
        float[] out;
        if (flat instanceof float[] f) {
            out = f;
        } else if (flat instanceof double[] d) {
            out = new float[d.length];
            for (int i = 0; i < d.length; i++) {
                out[i] = (float) d[i];
            }
        } else if (flat != null && flat.getClass().isArray() && Array.getLength(flat) == 0) {
            out = new float[0];
        } else {
            throw error(path, "expected float data, found " + describeData(flat));
        }
        if (out.length != elements) {
            throw error(path, "read " + out.length + " values for " + elements + " declared elements");
        }
        return out;
    }

    /** {@code parent + "/" + child} without doubled slashes. */
    public static String join(String parent, String child) {
        if (parent.isEmpty() || parent.equals("/")) {
            return "/" + child;
        }
        return parent.endsWith("/") ? parent + child : parent + "/" + child;
    }

    private static String attrPath(Node node, String name) {
        return node.getPath() + " (attribute " + name + ")";
    }

    private static String describeData(Object data) {
        if (data == null) {
            return "nothing";
        }
        if (data.getClass().isArray()) {
            return "an array of " + data.getClass().getComponentType().getSimpleName() + " (length "
                    + Array.getLength(data) + ")";
        }
        return "a " + data.getClass().getSimpleName();
    }

    private static String describe(RuntimeException e) {
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
