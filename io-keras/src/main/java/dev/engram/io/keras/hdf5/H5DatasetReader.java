package dev.engram.io.keras.hdf5;

import dev.engram.io.LoadLimits;
import dev.engram.io.keras.ModelFormatException;
import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import io.jhdf.api.Dataset;
import io.jhdf.api.Node;
import io.jhdf.api.dataset.ChunkedDataset;
import io.jhdf.object.datatype.DataType;
import io.jhdf.object.datatype.FixedPoint;
import io.jhdf.object.datatype.FloatingPoint;
import java.lang.reflect.Array;
import java.util.Arrays;

/**
 * Reads typed datasets of one untrusted HDF5 file under its {@link LoadLimits}: a dataset's declared
 * shape, element size and chunk shape are admitted (against the file's length, the per-tensor and
 * decompressed-bytes limits, and the running total of weight bytes) before jhdf allocates anything.
 */
final class H5DatasetReader {
    private final String fileName;
    private final long fileSize;
    private final LoadLimits limits;
    /** Bytes of all float datasets read so far, held to {@link LoadLimits#parameterBytes()}. */
    private long datasetBytes;

    H5DatasetReader(String fileName, long fileSize, LoadLimits limits) {
        this.fileName = fileName;
        this.fileSize = fileSize;
        this.limits = limits;
    }

    private ModelFormatException error(String location, String detail) {
        return new ModelFormatException(fileName, location, detail);
    }

    private ModelFormatException error(String location, String detail, Throwable cause) {
        return H5Input.failure(fileName, location, detail, cause);
    }

    /** The float dataset at {@code path} (float16/64 converted), after its size is admitted. */
    Tensor floats(String path, Node node) throws ModelFormatException {
        if (node == null) {
            throw error(path, "missing dataset");
        }
        if (!(node instanceof Dataset dataset)) {
            throw error(path, "expected a dataset, found a group");
        }
        try {
            DataType type = dataset.getDataType();
            if (type instanceof FixedPoint && dataset.getDimensions().length == 0) {
                // Keras stores Normalization's count as an int64 scalar; weights are float32 everywhere else.
                return Tensor.of(Shape.of(), new float[] {integerScalar(path, node)});
            }
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
            if (type.getSize() <= 0 || type.getSize() > 8) {
                throw error(path, "float elements of " + type.getSize() + " bytes; expected 2, 4 or 8");
            }
            boolean filtered = !dataset.getFilters().isEmpty();
            if (!filtered && bytes > fileSize) {
                throw error(path, "declared shape " + Arrays.toString(dims) + " needs " + bytes
                        + " bytes but the file has only " + fileSize);
            }
            if (elements > limits.tensorElements()) {
                throw error(path, "declared shape " + Arrays.toString(dims) + ": " + LoadLimits.exceeded("its elements",
                        elements, limits.tensorElements(), "--max-tensor-elements"));
            }
            if (bytes > limits.decompressedBytes()) {
                throw error(path, "declared shape " + Arrays.toString(dims) + ": " + LoadLimits.exceeded(
                        "its decompressed bytes", bytes, limits.decompressedBytes(), "--max-decompressed-bytes"));
            }
            if (dataset instanceof ChunkedDataset chunked) {
                long chunk = Math.multiplyExact(LoadLimits.elements(Arrays.stream(chunked.getChunkDimensions())
                        .asLongStream().toArray()), (long) type.getSize());
                if (chunk < 0 || chunk > limits.decompressedBytes()) {
                    throw error(path, "declared chunk shape " + Arrays.toString(chunked.getChunkDimensions()) + ": "
                            + LoadLimits.exceeded("its bytes", chunk, limits.decompressedBytes(),
                                    "--max-decompressed-bytes"));
                }
            }
            datasetBytes += bytes;
            if (datasetBytes > limits.parameterBytes()) {
                throw error(path, LoadLimits.exceeded("the weights read so far", datasetBytes, limits.parameterBytes(),
                        "--max-param-bytes") + " bytes");
            }
            Object flat = dataset.getDataFlat();
            float[] values = toFloats(flat, (int) elements, path);
            return Tensor.wrap(Shape.of(dims), values);
        } catch (ModelFormatException e) {
            throw e;
        } catch (ArithmeticException e) {
            throw error(path, "declared shape overflows a 64-bit size");
        } catch (RuntimeException | StackOverflowError e) {
            H5Filters.ChunkRefused refused = refusal(e);
            if (refused != null) {
                throw new ModelFormatException(fileName, path, refused.getMessage(), e);
            }
            throw error(path, "cannot read the dataset; the file may be truncated or corrupt", e);
        }
    }

    /** A one-element integer (or integral float) dataset. */
    long integerScalar(String path, Node node) throws ModelFormatException {
        if (!(node instanceof Dataset dataset)) {
            throw error(path, node == null ? "missing dataset" : "expected a dataset, found a group");
        }
        try {
            if (dataset.getSize() != 1) {
                throw error(path, "expected a scalar, found shape " + Arrays.toString(dataset.getDimensions()));
            }
            Object data = dataset.getDataFlat();
            Object v = data != null && data.getClass().isArray() ? Array.get(data, 0) : data;
            if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
                return ((Number) v).longValue();
            }
            if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
                return (long) n.doubleValue();
            }
            throw error(path, "expected an integer, found " + describeData(data));
        } catch (ModelFormatException e) {
            throw e;
        } catch (RuntimeException e) {
            throw error(path, "cannot read the dataset; the file may be truncated or corrupt", e);
        }
    }

    /** The filter refusal behind a jhdf failure (possibly wrapped by a parallel stream), or null. */
    private static H5Filters.ChunkRefused refusal(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof H5Filters.ChunkRefused r) {
                return r;
            }
        }
        return null;
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

    /** What a value read from the file is, for messages. */
    static String describeData(Object data) {
        if (data == null) {
            return "nothing";
        }
        if (data.getClass().isArray()) {
            return "an array of " + data.getClass().getComponentType().getSimpleName() + " (length "
                    + Array.getLength(data) + ")";
        }
        return "a " + data.getClass().getSimpleName();
    }
}
