package dev.engram.callbacks;

import dev.engram.models.Callback;
import dev.engram.models.TrainingSession;
import dev.engram.models.TrainingStateFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * Resumes an interrupted {@code fit} where it stopped, as Keras's {@code BackupAndRestore}: the
 * complete training state is written to {@code backupDir} after every epoch (or every N batches);
 * when {@code fit} begins and a backup exists, the model, optimizer, position and seeds are
 * restored from it and training continues from there, bit for bit as if never interrupted. When
 * training ends normally the backup is deleted (unless {@link #withDeleteCheckpoint} false); a crash
 * or kill leaves it for the next run.
 */
public final class BackupAndRestore implements Callback {
    /** The file inside the backup directory. */
    public static final String FILE_NAME = "training-state.engram";

    private final Path backupDir;
    private final int everyBatches;
    private final boolean deleteCheckpoint;
    private boolean restored;

    private BackupAndRestore(Path backupDir, int everyBatches, boolean deleteCheckpoint) {
        this.backupDir = Objects.requireNonNull(backupDir, "backupDir");
        if (everyBatches < 0) {
            throw new IllegalArgumentException("BackupAndRestore: every N batches needs N > 0, got " + everyBatches);
        }
        this.everyBatches = everyBatches;
        this.deleteCheckpoint = deleteCheckpoint;
    }

    /**
     * Backs up into {@code backupDir} after every epoch.
     *
     * @param backupDir the directory for the backup file; created when needed
     * @return the callback
     */
    public static BackupAndRestore in(Path backupDir) {
        return new BackupAndRestore(backupDir, 0, true);
    }

    /**
     * Also backs up after every {@code n} batches (Keras {@code save_freq=n}); epoch ends still back up.
     *
     * @param n batches between backups, &gt; 0
     * @return the changed callback
     * @throws IllegalArgumentException when {@code n} is not positive
     */
    public BackupAndRestore withSaveEveryBatches(int n) {
        if (n <= 0) {
            throw new IllegalArgumentException("BackupAndRestore: every N batches needs N > 0, got " + n);
        }
        return new BackupAndRestore(backupDir, n, deleteCheckpoint);
    }

    /**
     * Whether to delete the backup when training ends normally (default true).
     *
     * @param d true to delete the backup after a normal end, false to keep it
     * @return the changed callback
     */
    public BackupAndRestore withDeleteCheckpoint(boolean d) {
        return new BackupAndRestore(backupDir, everyBatches, d);
    }

    /**
     * The backup file.
     *
     * @return the path of the backup inside the backup directory
     */
    public Path file() {
        return backupDir.resolve(FILE_NAME);
    }

    /**
     * Whether the last {@code fit} resumed from a backup.
     *
     * @return true when the last {@code fit} started from a backup found in the directory
     */
    public boolean restored() {
        return restored;
    }

    @Override
    public void onTrainBegin(TrainingSession session) {
        restored = false;
        if (Files.exists(file())) {
            try {
                session.resume(TrainingStateFile.read(file()));
            } catch (IOException e) {
                throw new UncheckedIOException("BackupAndRestore could not read " + file() + ": " + e.getMessage(), e);
            }
            restored = true;
        }
    }

    @Override
    public void onBatchEnd(TrainingSession session, int epoch, int batch, Map<String, Double> logs) {
        if (everyBatches > 0 && (batch + 1) % everyBatches == 0) {
            backup(session);
        }
    }

    @Override
    public void onEpochEnd(TrainingSession session, int epoch, Map<String, Double> logs) {
        backup(session);
    }

    @Override
    public void onTrainEnd(TrainingSession session) {
        if (deleteCheckpoint) {
            try {
                Files.deleteIfExists(file());
            } catch (IOException e) {
                throw new UncheckedIOException("BackupAndRestore could not delete " + file(), e);
            }
        }
    }

    private void backup(TrainingSession session) {
        try {
            TrainingStateFile.write(session.state(), file());
        } catch (IOException e) {
            throw new UncheckedIOException("BackupAndRestore could not write " + file() + ": " + e.getMessage(), e);
        }
    }
}
