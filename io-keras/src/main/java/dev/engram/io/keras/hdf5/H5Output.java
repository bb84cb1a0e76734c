package dev.engram.io.keras.hdf5;

import dev.engram.io.AtomicFiles;
import dev.engram.io.keras.ModelFormatException;
import dev.engram.layers.Parameter;
import dev.engram.layers.WeightRole;
import dev.engram.tensor.Tensor;
import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableGroup;
import io.jhdf.api.WritableNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes HDF5 files the way Keras's h5py code does, using jhdf 0.10.0's writer, which can write
 * groups, contiguous float32 datasets of any rank and string attributes. What jhdf writes, and how
 * that differs from h5py-written Keras files (all of which both tf.keras 2 and Keras 3 read):
 *
 * <ul>
 *   <li>string attributes ({@code model_config}, {@code layer_names}, ...) are <b>fixed-length</b>
 *       UTF-8 strings (jhdf cannot write variable-length ones); Keras &lt;= 2.3 wrote {@code layer_names}
 *       that way too, and every Keras loader decodes either form;</li>
 *   <li>jhdf cannot write an empty array, and jhdf 0.10.0 writes a <b>corrupt file</b> (bad object
 *       header, rejected by h5py and jhdf) when a group without members shares the file with
 *       datasets in some orders; so the writers never write empty groups or empty
 *       {@code weight_names}: weightless layers are left out of {@code layer_names} (Keras keeps only
 *       layers with weights when it loads by position) and of the Keras 3 {@code layers/...}
 *       tree (a missing {@code vars} group reads as "no variables");</li>
 *   <li>jhdf adds a root attribute {@code _jHDF} naming itself; Keras ignores unknown attributes.</li>
 * </ul>
 *
 * <p>Not part of the public API.
 */
public final class H5Output {
    /** Keras's limit for one attribute (HDF5 object header messages must stay below 64 KiB). */
    public static final int ATTRIBUTE_LIMIT = 64512;

    private H5Output() {
    }

    /** What to write into the file. */
    @FunctionalInterface
    public interface Body {
        /**
         * Writes the content.
         *
         * @param file the open file to add groups, attributes and datasets to
         * @throws IOException when the content cannot be written; the whole write is then abandoned
         */
        void write(WritableHdfFile file) throws IOException;
    }

    /**
     * Writes {@code body} into {@code target} all or nothing ({@link AtomicFiles#write}): a temporary
     * file beside it, moved into place when complete.
     *
     * @param target the file to create or replace; left untouched when the write fails
     * @param body writes the content
     * @throws ModelFormatException when jhdf refuses the content (named by the target's file name)
     * @throws IOException when the temporary file cannot be written or moved into place
     */
    public static void writeAtomically(Path target, Body body) throws IOException {
        AtomicFiles.write(target, tmp -> writeTo(tmp, body, ModelFormatException.displayName(target)));
    }

    /**
     * Writes {@code body} into the new file {@code tmp}; jhdf failures name {@code shownAs}.
     *
     * @param tmp the file to create
     * @param body writes the content
     * @param shownAs how the file is named in error messages (the target, not the temporary file)
     * @throws ModelFormatException when jhdf refuses the content
     * @throws IOException when the file cannot be written
     */
    public static void writeTo(Path tmp, Body body, String shownAs) throws IOException {
        try (WritableHdfFile file = HdfFile.write(tmp)) {
            body.write(file);
        } catch (IllegalStateException e) {
            throw new ModelFormatException(shownAs, "", e.getMessage(), e);
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        } catch (RuntimeException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new ModelFormatException(shownAs, "", "HDF5 writer failed: " + e, e);
        }
    }

    /**
     * Writes a list of names the way Keras's {@code save_attributes_to_hdf5_group} does: one string
     * array attribute, or {@code name0, name1, ...} chunks of about equal length when one array
     * would exceed {@link #ATTRIBUTE_LIMIT}. An empty list writes nothing (see the class comment).
     *
     * @param node the group or dataset to attach the attribute to
     * @param name the attribute name, e.g. {@code layer_names}
     * @param names the names in order
     * @throws IllegalArgumentException when a single name is longer than the attribute limit
     */
    public static void putNameList(WritableNode node, String name, List<String> names) {
        if (names.isEmpty()) {
            return;
        }
        int chunks = 1;
        while (maxChunkBytes(names, chunks) > ATTRIBUTE_LIMIT) {
            chunks++;
            if (chunks > names.size()) {
                throw new IllegalArgumentException("a single name in attribute " + name
                        + " is longer than HDF5's " + ATTRIBUTE_LIMIT + "-byte attribute limit");
            }
        }
        if (chunks == 1) {
            node.putAttribute(name, names.toArray(String[]::new));
            return;
        }
        int start = 0;
        for (int c = 0; c < chunks; c++) {
            int end = start + chunkLength(names.size(), chunks, c);
            node.putAttribute(name + c, names.subList(start, end).toArray(String[]::new));
            start = end;
        }
    }

    /** numpy.array_split sizes: the first {@code n % k} chunks get one more element. */
    private static int chunkLength(int n, int k, int index) {
        return n / k + (index < n % k ? 1 : 0);
    }

    private static long maxChunkBytes(List<String> names, int chunks) {
        long max = 0;
        int start = 0;
        for (int c = 0; c < chunks; c++) {
            int len = chunkLength(names.size(), chunks, c);
            int width = 1;
            for (String s : names.subList(start, start + len)) {
                width = Math.max(width, s.getBytes(StandardCharsets.UTF_8).length + 1);
            }
            max = Math.max(max, (long) width * len);
            start += len;
        }
        return max;
    }

    /**
     * Writes {@code tensor} as a float32 dataset at {@code relPath} (slash-separated; groups created).
     *
     * @param parent the group the path starts from
     * @param relPath slash-separated path of the new dataset; missing groups on the way are created
     * @param tensor the values, written with the tensor's shape
     */
    public static void putTensor(WritableGroup parent, String relPath, Tensor tensor) {
        String[] parts = relPath.split("/");
        WritableGroup g = parent;
        for (int i = 0; i < parts.length - 1; i++) {
            g = childGroup(g, parts[i]);
        }
        g.putDataset(parts[parts.length - 1], shaped(tensor));
    }

    /**
     * Writes a layer parameter at {@code relPath}: float32 with its shape, except a
     * {@link WeightRole#COUNT} (Normalization's count), which Keras declares as an int64 scalar and
     * refuses to load from a float.
     *
     * @param parent  the group the path starts from
     * @param relPath slash-separated path of the new dataset
     * @param p       the parameter
     */
    public static void putParameter(WritableGroup parent, String relPath, Parameter p) {
        if (p.role() != WeightRole.COUNT) {
            putTensor(parent, relPath, p.value());
            return;
        }
        String[] parts = relPath.split("/");
        WritableGroup g = parent;
        for (int i = 0; i < parts.length - 1; i++) {
            g = childGroup(g, parts[i]);
        }
        g.putDataset(parts[parts.length - 1], (long) p.value().toArray()[0]);
    }

    /**
     * The existing child group {@code name} of {@code parent}, or a new one.
     *
     * @param parent the group
     * @param name the child's name (not a path)
     * @return the child group, created if absent
     */
    public static WritableGroup childGroup(WritableGroup parent, String name) {
        var existing = parent.getChildren().get(name);
        if (existing instanceof WritableGroup w) {
            return w;
        }
        return parent.putGroup(name);
    }

    /**
     * The tensor as the nested float array jhdf writes; a rank-0 tensor (Attention's {@code scale})
     * as a scalar dataset, the shape Keras gives it.
     */
    static Object shaped(Tensor t) {
        int[] dims = t.shape().toArray();
        float[] flat = t.toArray();
        if (dims.length == 0) {
            return flat[0];
        }
        return nest(flat, dims, 0, 0);
    }

    private static Object nest(float[] flat, int[] dims, int axis, int offset) {
        if (axis == dims.length - 1) {
            float[] row = new float[dims[axis]];
            System.arraycopy(flat, offset, row, 0, row.length);
            return row;
        }
        int stride = 1;
        for (int i = axis + 1; i < dims.length; i++) {
            stride *= dims[i];
        }
        Object out = java.lang.reflect.Array.newInstance(float.class, dimsFrom(dims, axis));
        for (int i = 0; i < dims[axis]; i++) {
            java.lang.reflect.Array.set(out, i, nest(flat, dims, axis + 1, offset + i * stride));
        }
        return out;
    }

    private static int[] dimsFrom(int[] dims, int axis) {
        int[] d = new int[dims.length - axis];
        System.arraycopy(dims, axis, d, 0, d.length);
        return d;
    }
}
