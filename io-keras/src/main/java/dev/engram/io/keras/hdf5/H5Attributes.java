package dev.engram.io.keras.hdf5;

import dev.engram.io.keras.ModelFormatException;
import io.jhdf.api.Attribute;
import io.jhdf.api.Node;
import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the attributes of one untrusted HDF5 file as Keras writes them: strings (fixed- or
 * variable-length, scalar or one-element arrays) and name lists (string arrays, an empty array for
 * "no names", or {@code name0, name1, ...} chunks past HDF5's 64 KiB attribute limit). A declared
 * size the file cannot hold is refused before the data is read.
 */
final class H5Attributes {
    private final String fileName;
    private final long fileSize;

    H5Attributes(String fileName, long fileSize) {
        this.fileName = fileName;
        this.fileSize = fileSize;
    }

    /** A string attribute, or null when absent (see {@link H5Input#stringAttribute}). */
    String string(Node node, String name) throws ModelFormatException {
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
        throw error(attrPath(node, name), "expected a string attribute, found " + H5DatasetReader.describeData(data));
    }

    /** A name-list attribute, or null when absent (see {@link H5Input#nameListAttribute}). */
    List<String> names(Node node, String name) throws ModelFormatException {
        if (has(node, name)) {
            return namesOf(node, name);
        }
        if (!has(node, name + "0")) {
            return null;
        }
        List<String> all = new ArrayList<>();
        for (int chunk = 0; has(node, name + chunk); chunk++) {
            all.addAll(namesOf(node, name + chunk));
        }
        return all;
    }

    private boolean has(Node node, String name) throws ModelFormatException {
        try {
            return node.getAttributes().containsKey(name);
        } catch (RuntimeException e) {
            throw H5Input.failure(fileName, node.getPath(), "cannot read the attributes", e);
        }
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
        throw error(attrPath(node, name), "expected an array of strings, found " + H5DatasetReader.describeData(data));
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
        } catch (RuntimeException | StackOverflowError e) {
            throw error(attrPath(node, name), "cannot read the attribute's value", e);
        }
    }

    private ModelFormatException error(String location, String detail) {
        return new ModelFormatException(fileName, location, detail);
    }

    private ModelFormatException error(String location, String detail, Throwable cause) {
        return H5Input.failure(fileName, location, detail, cause);
    }

    private static String attrPath(Node node, String name) {
        return node.getPath() + " (attribute " + name + ")";
    }
}
