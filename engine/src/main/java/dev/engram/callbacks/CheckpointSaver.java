package dev.engram.callbacks;

import dev.engram.models.Network;
import dev.engram.models.TrainingState;
import dev.engram.models.TrainingStateFile;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Writes one checkpoint for {@link ModelCheckpoint}: the model and, where the format can hold it,
 * the training state. The engine knows no model file format; io-keras provides savers for the
 * Keras and TF.js formats ({@code KerasCheckpointSaver}). {@link ModelCheckpoint} passes a
 * temporary path and moves the result into place, so a saver need not write atomically itself.
 */
@FunctionalInterface
public interface CheckpointSaver {

    /**
     * Writes the checkpoint to {@code path} (a file, or a directory for formats that are one).
     *
     * @param model the model being trained
     * @param state the complete training state after the last finished batch
     * @param path where to write; replaced if present
     * @throws IOException when the checkpoint cannot be written
     */
    void save(Network model, TrainingState state, Path path) throws IOException;

    /**
     * The complete training state in Engram's own file ({@link TrainingStateFile}): weights, optimizer
     * slots and counters, learning rate, position and seed. Resume with
     * {@code FitOptions.withResume(TrainingStateFile.read(path))}.
     *
     * @return a saver writing {@link TrainingStateFile}s
     */
    static CheckpointSaver trainingState() {
        return (model, state, path) -> TrainingStateFile.write(state, path);
    }
}
