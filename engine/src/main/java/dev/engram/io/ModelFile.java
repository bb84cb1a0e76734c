package dev.engram.io;

import dev.engram.models.Network;
import dev.engram.optimizers.Optimizer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * One model file format, as a service: recognise a file by its content, describe it without building
 * a model, load it, and write a model in it. The engine knows no format; the io modules provide one
 * implementation per format (io-keras: TF.js, Keras HDF5, Keras 3 {@code .keras}; io-onnx: ONNX),
 * found through {@link java.util.ServiceLoader} by {@link ModelFiles}, which is what callers use.
 *
 * <p>Every method treats the file as untrusted: a defect of the file is a {@link ModelFileException}
 * naming the file and the place inside it, never another runtime exception; an {@link IOException}
 * that is not a {@code ModelFileException} is a failure of the file system.
 */
public interface ModelFile {

    /**
     * The short name of the format, lower case: {@code tfjs}, {@code h5}, {@code keras}, {@code onnx}.
     *
     * @return the id, unique among the providers
     */
    String id();

    /**
     * The format as people call it, e.g. {@code Keras HDF5}, {@code ONNX}.
     *
     * @return the name
     */
    String name();

    /**
     * What {@link #detect} looks for, for the message about a file no format recognises, e.g.
     * {@code Keras HDF5 (\x89HDF)}.
     *
     * @return a short description of the signature
     */
    String signature();

    /**
     * The file-name endings a target in this format carries, lower case with the dot
     * ({@code .h5}, {@code .hdf5}); {@link ModelFiles#forTarget} chooses the format of a target by them.
     *
     * @return the endings, possibly empty
     */
    List<String> extensions();

    /**
     * Whether this format is written as a folder of files, so that a target that is a folder or has
     * no extension means this format (TF.js).
     *
     * @return true for folder formats; false by default
     */
    default boolean writesFolders() {
        return false;
    }

    /**
     * Whether {@code path} holds this format, decided by content (magic bytes, signatures at the
     * offsets the format allows, the entries of an archive), never by the file name alone.
     *
     * @param path an existing file or folder
     * @return true when the content is this format's
     * @throws IOException when the file cannot be read
     */
    boolean detect(Path path) throws IOException;

    /**
     * What the file declares about itself, read without building a model: also for files that
     * {@link #load} refuses (an unsupported layer, a bad weight), so a tool can show every declared
     * layer and mark the unsupported ones.
     *
     * @param path   a file this format {@linkplain #detect detects}
     * @param limits bounds on what reading the file may allocate
     * @return the description
     * @throws ModelFileException when not even the declarations can be read
     * @throws IOException        when the file cannot be read
     */
    ModelDescription describe(Path path, LoadLimits limits) throws IOException;

    /**
     * Loads the model: an engine network, or (for graphs run op by op, such as ONNX) a runnable
     * graph that may convert to a network on request.
     *
     * @param path   a file this format {@linkplain #detect detects}
     * @param limits bounds on what the file may make Engram read, allocate and build
     * @return the model with what the file says about itself
     * @throws ModelFileException for malformed, inconsistent or unsupported content, or content beyond
     *                            {@code limits}
     * @throws IOException        when the file cannot be read
     */
    LoadedModel load(Path path, LoadLimits limits) throws IOException;

    /**
     * The layer classes (Keras family) or operators (ONNX) this format's reader supports, in the
     * names the files use; {@link DeclaredLayer#supported()} is measured against them.
     *
     * @return the names
     */
    Set<String> supportedLayers();

    /**
     * The format-specific settings {@link #save} takes (see {@link SaveSettings#option}).
     *
     * @return the options, possibly empty
     */
    List<SaveOption> saveOptions();

    /**
     * Writes {@code network} to {@code path}, all or nothing ({@link AtomicFiles}). A compiled model
     * keeps its loss and optimizer where the format has them; when the format cannot express the
     * training configuration exactly, the model is written without it and a note says why (unless
     * the settings leave the training configuration out anyway).
     *
     * @param network  the model
     * @param path     the file, or the folder for {@linkplain #writesFolders() folder formats}
     * @param settings the options; each one must be among {@link #saveOptions()}
     * @return notes on what was left out, empty when the file holds everything
     * @throws ModelFileException when the format cannot express the model; the message says why
     * @throws IllegalArgumentException for an option this format does not take or a value outside
     *                                  its {@link SaveOption}
     * @throws IOException        when writing fails ({@link OutputFileException} names the target)
     */
    List<String> save(Network network, Path path, SaveSettings settings) throws IOException;

    /**
     * The optimizer in the form this format records exactly, for a model trained to be saved here
     * (Keras files, for example, record Adam with epsilon added to the square root).
     *
     * @param optimizer the optimizer to train with
     * @return an equivalent this format writes without loss; {@code optimizer} itself by default
     */
    default Optimizer recordable(Optimizer optimizer) {
        return optimizer;
    }
}
