package dev.engram.callbacks;

import dev.engram.models.Callback;
import dev.engram.models.TrainingSession;
import java.util.Map;

/**
 * Stops training at the first batch whose loss is NaN or infinite, as Keras's
 * {@code TerminateOnNaN}; the epoch still ends (with its logs) and {@code fit} returns normally.
 * Without it {@code fit} throws {@code NonFiniteLossException}. The bad batch's update is not
 * applied, so the weights stay finite.
 */
public final class TerminateOnNan implements Callback {
    private int stoppedEpoch = -1;
    private int stoppedBatch = -1;

    /** A new callback. */
    public TerminateOnNan() {
    }

    @Override
    public void onTrainBegin(TrainingSession session) {
        stoppedEpoch = -1;
        stoppedBatch = -1;
    }

    @Override
    public void onBatchEnd(TrainingSession session, int epoch, int batch, Map<String, Double> logs) {
        Double loss = logs.get("loss");
        if (loss != null && !Double.isFinite(loss)) {
            stoppedEpoch = epoch;
            stoppedBatch = batch;
            session.stopTraining();
        }
    }

    /**
     * The epoch (0-based) of the non-finite loss, or -1.
     *
     * @return the epoch, 0-based, or -1 when the loss stayed finite
     */
    public int stoppedEpoch() {
        return stoppedEpoch;
    }

    /**
     * The batch (0-based) of the non-finite loss, or -1.
     *
     * @return the batch within that epoch, 0-based, or -1 when the loss stayed finite
     */
    public int stoppedBatch() {
        return stoppedBatch;
    }
}
