package dev.engram.io.keras;

import dev.engram.io.LoadLimits;
import dev.engram.io.keras.h5.KerasH5Reader;
import dev.engram.io.keras.h5.KerasH5Writer;
import dev.engram.io.keras.hdf5.H5Input;
import dev.engram.io.keras.internal.Networks;
import dev.engram.io.keras.kerasv3.KerasV3Archive;
import dev.engram.io.keras.layers.KerasLayers;
import dev.engram.io.keras.tfjs.TfjsModelReader;
import dev.engram.io.keras.tfjs.TfjsModelWriter;
import dev.engram.models.Network;
import dev.engram.models.Sequential;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.ZipFile;

/**
 * One entry point for Keras-family model files: {@link #load} recognises the format by content
 * (magic bytes), {@link #save} writes the requested one.
 *
 * Readers return a {@link Network}: a {@link Sequential} for Sequential configs, a functional
 * {@link dev.engram.models.Model} for {@code Model}/{@code Functional} configs.
 *
 * <ul>
 *   <li>a directory holding {@code model.json}, or a JSON file -> TensorFlow.js layers model
 *       ({@link TfjsModelReader});</li>
 *   <li>HDF5 magic {@code \x89HDF\r\n\x1a\n} (at offset 0 or a user-block offset 512, 1024, ...) ->
 *       Keras HDF5, full model ({@link KerasH5Reader});</li>
 *   <li>a zip ({@code PK\3\4}) containing {@code config.json} -> Keras 3 {@code .keras}
 *       ({@link KerasV3Archive}).</li>
 * </ul>
 */
public final class KerasModels {
    private static final byte[] HDF5_MAGIC = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};
    private static final byte[] ZIP_MAGIC = {'P', 'K', 3, 4};

    private KerasModels() {
    }

    /**
     * Loads a model with its weights (and, where the file has a training config, compiled with its
     * loss and optimizer).
     *
     * @param path the file, or a directory holding a TF.js {@code model.json}
     * @return a {@link Sequential} for Sequential configs, a functional model otherwise
     * @throws IOException          if reading fails
     * @throws NoSuchFileException  if {@code path} does not exist
     * @throws ModelFormatException if the content is not a recognised or valid model file
     */
    public static Network load(Path path) throws IOException {
        return load(path, LoadLimits.defaults());
    }

    /**
     * As {@link #load(Path)} within {@code limits} (see {@link LoadLimits} for what they bound).
     *
     * @param path the file, or a directory holding a TF.js {@code model.json}
     * @param limits bounds on what the file may make Engram read, allocate and build
     * @return a {@link Sequential} for Sequential configs, a functional model otherwise
     * @throws NoSuchFileException if {@code path} does not exist
     * @throws ModelFormatException if the content is not a recognised or valid model file, or exceeds {@code limits}
     * @throws IOException if reading fails
     */
    public static Network load(Path path, LoadLimits limits) throws IOException {
        return loadWithMetadata(path, limits).model();
    }

    /**
     * As {@link #load(Path)} with what the file says about itself: the dialect it was read as, its
     * {@code keras_version} and what was done with its training configuration.
     *
     * @param path the file, or a directory holding a TF.js {@code model.json}
     * @return the model with its dialect, version and compile status
     * @throws NoSuchFileException  if {@code path} does not exist
     * @throws ModelFormatException if the content is not a recognised or valid model file
     * @throws IOException          if reading fails
     */
    public static LoadedKerasModel loadWithMetadata(Path path) throws IOException {
        return loadWithMetadata(path, LoadLimits.defaults());
    }

    /**
     * As {@link #loadWithMetadata(Path)} within {@code limits}.
     *
     * @param path the file, or a directory holding a TF.js {@code model.json}
     * @param limits bounds on what the file may make Engram read, allocate and build
     * @return the model with its dialect, version and compile status
     * @throws NoSuchFileException if {@code path} does not exist
     * @throws ModelFormatException if the content is not a recognised or valid model file, or exceeds {@code limits}
     * @throws IOException if reading fails
     */
    public static LoadedKerasModel loadWithMetadata(Path path, LoadLimits limits) throws IOException {
        if (Files.isDirectory(path)) {
            Path json = path.resolve("model.json");
            if (!Files.isRegularFile(json)) {
                throw new ModelFormatException(path, "", "a directory must hold a TF.js model.json; found none");
            }
            return TfjsModelReader.load(json, limits);
        }
        if (!Files.exists(path)) {
            throw new NoSuchFileException(path.toString());
        }
        byte[] head = new byte[8];
        int n;
        try (InputStream in = Files.newInputStream(path)) {
            n = in.readNBytes(head, 0, head.length);
        }
        if (isHdf5(path, head, n)) {
            return KerasH5Reader.load(path, limits);
        }
        if (n >= 4 && Arrays.equals(Arrays.copyOf(head, 4), ZIP_MAGIC)) {
            try (ZipFile zip = new ZipFile(path.toFile())) {
                if (zip.getEntry("config.json") == null) {
                    throw new ModelFormatException(path, "", "a zip file without config.json is not a Keras 3 .keras model");
                }
            }
            return KerasV3Archive.load(path, limits);
        }
        int first = firstNonSpace(head, n);
        if (first == '{') {
            return TfjsModelReader.load(path, limits);
        }
        throw new ModelFormatException(path, "", "not a model file: expected a TF.js model.json ('{'), HDF5 (\\x89HDF)"
                + " or a .keras zip (PK), found bytes " + hex(head, n));
    }

    /**
     * As {@link #load}, for files that hold a Sequential model (every TF.js/Keras {@code Sequential}
     * config).
     *
     * @param path the file, or a directory holding a TF.js {@code model.json}
     * @return the model
     * @throws IOException          if reading fails
     * @throws ModelFormatException if the file holds a functional model (the message says so) or is invalid
     */
    public static Sequential loadSequential(Path path) throws IOException {
        return loadSequential(path, LoadLimits.defaults());
    }

    /**
     * As {@link #loadSequential(Path)} within {@code limits}.
     *
     * @param path the file, or a directory holding a TF.js {@code model.json}
     * @param limits bounds on what the file may make Engram read, allocate and build
     * @return the model
     * @throws ModelFormatException if the file holds a functional model, is invalid, or exceeds {@code limits}
     * @throws IOException if reading fails
     */
    public static Sequential loadSequential(Path path, LoadLimits limits) throws IOException {
        return Networks.requireSequential(load(path, limits), ModelFormatException.displayName(path));
    }

    /**
     * The Keras layer classes the readers understand, {@code InputLayer} first (for tools that list
     * a file's layers and mark the ones Engram cannot load). Derived from the layer codec registry.
     *
     * @return an unmodifiable list of class names, e.g. {@code Dense}, {@code LSTM}
     */
    public static List<String> supportedLayers() {
        return KerasLayers.supportedClassNames();
    }

    /**
     * Saves {@code m} in {@code format} with {@link SaveOptions#defaults()}: {@link KerasFormat#TFJS}
     * writes {@code model.json} and {@code weights.bin} into the directory {@code path} (created if
     * needed); H5 and KERAS write the file {@code path}. A compiled model keeps its loss and optimizer.
     *
     * @param m      the model
     * @param path   the directory (TF.js) or file (H5, KERAS)
     * @param format the format to write
     * @throws IOException          if writing fails
     * @throws ModelFormatException if the model (or its training config) cannot be expressed exactly
     *                              in {@code format}; the message says why and which option avoids it
     */
    public static void save(Network m, Path path, KerasFormat format) throws IOException {
        save(m, path, format, SaveOptions.defaults());
    }

    /**
     * Saves {@code m} in {@code format} with {@code options} (which cover every writer's options).
     *
     * @param m       the model
     * @param path    the directory (TF.js) or file (H5, KERAS)
     * @param format  the format to write
     * @param options what to include and how
     * @throws IOException          if writing fails
     * @throws ModelFormatException if the model (or its training config) cannot be expressed exactly
     *                              in {@code format}, or {@code options} ask for something the format
     *                              cannot hold; the message says why and which option avoids it
     */
    public static void save(Network m, Path path, KerasFormat format, SaveOptions options) throws IOException {
        switch (format) {
            case TFJS -> TfjsModelWriter.write(m, path, options.tfjsOptions());
            case H5 -> KerasH5Writer.write(m, path, options.h5Options());
            case KERAS -> KerasV3Archive.write(m, path, options.includeTrainingConfig(), options.includeOptimizerState());
        }
    }

    private static boolean isHdf5(Path path, byte[] head, int n) throws IOException {
        // HDF5 allows a user block: the superblock may also start at 512, 1024, 2048, ...
        return n == 8 && Arrays.equals(head, HDF5_MAGIC) || H5Input.hasSignature(path, Files.size(path));
    }

    private static int firstNonSpace(byte[] b, int n) {
        int i = 0;
        if (n >= 3 && (b[0] & 0xff) == 0xEF && (b[1] & 0xff) == 0xBB && (b[2] & 0xff) == 0xBF) {
            i = 3; // UTF-8 byte order mark
        }
        for (; i < n; i++) {
            if (!Character.isWhitespace(b[i])) {
                return b[i];
            }
        }
        return -1;
    }

    private static String hex(byte[] b, int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append(String.format("%02x", b[i] & 0xff));
        }
        return sb.toString();
    }
}
