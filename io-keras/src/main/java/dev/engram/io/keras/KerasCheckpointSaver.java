package dev.engram.io.keras;

import dev.engram.callbacks.CheckpointSaver;
import dev.engram.models.Network;
import dev.engram.models.TrainingState;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;

/**
 * A {@link CheckpointSaver} that writes model files for {@code ModelCheckpoint}: in a fixed
 * {@link KerasFormat} or chosen from each checkpoint's name ({@code .h5}/{@code .hdf5} Keras HDF5,
 * {@code .keras} Keras 3 archive, anything else a TF.js directory).
 *
 * <p>Checkpoints include the optimizer state and iteration count in every format (TF.js's
 * {@code includeOptimizer}, tf-keras 2's {@code optimizer_weights}, Keras 3's optimizer variables),
 * so {@code KerasModels.load} (or Keras) gives a compiled model that continues training with the
 * same optimizer state; an optimizer whose state has no exact Keras form fails the save with the
 * reason. For a checkpoint that resumes bit for bit (position, seeds, learning-rate schedule state)
 * use {@link CheckpointSaver#trainingState()}.
 */
public final class KerasCheckpointSaver implements CheckpointSaver {
    private final KerasFormat format;

    private KerasCheckpointSaver(KerasFormat format) {
        this.format = format;
    }

    /**
     * Always writes {@code format}.
     *
     * @param format the format of every checkpoint, whatever its file name
     * @return a saver that writes {@code format}
     */
    public static KerasCheckpointSaver of(KerasFormat format) {
        return new KerasCheckpointSaver(Objects.requireNonNull(format, "format"));
    }

    /**
     * Chooses the format from each checkpoint's file name.
     *
     * @return a saver that picks the format by {@link #formatOf(String)}
     */
    public static KerasCheckpointSaver byFileName() {
        return new KerasCheckpointSaver(null);
    }

    /**
     * The format a checkpoint named {@code fileName} gets from {@link #byFileName()}.
     *
     * @param fileName the checkpoint's file name (case does not matter)
     * @return {@link KerasFormat#H5} for {@code .h5}/{@code .hdf5}, {@link KerasFormat#KERAS} for
     *         {@code .keras}, otherwise {@link KerasFormat#TFJS}
     */
    public static KerasFormat formatOf(String fileName) {
        String n = fileName.toLowerCase(Locale.ROOT);
        if (n.endsWith(".h5") || n.endsWith(".hdf5")) {
            return KerasFormat.H5;
        }
        return n.endsWith(".keras") ? KerasFormat.KERAS : KerasFormat.TFJS;
    }

    @Override
    public void save(Network model, TrainingState state, Path path) throws IOException {
        KerasFormat f = format != null ? format : formatOf(path.getFileName().toString());
        KerasModels.save(model, path, f, SaveOptions.defaults().withOptimizerState(true));
    }
}
