package dev.engram.models;

import dev.engram.tensor.Tensor;
import java.util.List;
import java.util.Map;

/**
 * Stops training when a monitored value has stopped improving, as Keras's and TF.js's
 * {@code EarlyStopping}: an epoch improves when it beats the best value so far by more than
 * {@code minDelta}; after {@code patience} epochs without improvement training stops. With
 * {@code restoreBestWeights} the weights of the best epoch are put back at the end.
 */
public final class EarlyStopping implements Callback {
    private final String monitor;
    private final double minDelta;
    private final int patience;
    private final boolean restoreBestWeights;
    private final boolean maximize;

    private double best;
    private int wait;
    private int stoppedEpoch = -1;
    private int bestEpoch = -1;
    private List<Tensor> bestWeights;

    private EarlyStopping(String monitor, double minDelta, int patience, boolean restoreBestWeights,
            boolean maximize) {
        if (patience < 0 || minDelta < 0) {
            throw new IllegalArgumentException("EarlyStopping needs patience >= 0 and minDelta >= 0, got "
                    + patience + " and " + minDelta);
        }
        this.monitor = monitor;
        this.minDelta = minDelta;
        this.patience = patience;
        this.restoreBestWeights = restoreBestWeights;
        this.maximize = maximize;
    }

    /**
     * Monitors {@code val_loss} (minimised), patience 0, minDelta 0, no restore: the Keras defaults.
     *
     * @return the callback
     */
    public static EarlyStopping onValidationLoss() {
        return new EarlyStopping("val_loss", 0, 0, false, false);
    }

    /**
     * Monitors the given log key; keys containing "acc" are maximised, others minimised (Keras "auto").
     *
     * @param key the log key to watch, e.g. {@code loss} or {@code val_accuracy}
     * @return the callback with Keras's other defaults
     */
    public static EarlyStopping monitoring(String key) {
        return new EarlyStopping(key, 0, 0, false, key.contains("acc"));
    }

    /**
     * With the given patience (epochs without improvement tolerated).
     *
     * @param p epochs without improvement before stopping, &gt;= 0
     * @return the changed callback
     */
    public EarlyStopping withPatience(int p) {
        return new EarlyStopping(monitor, minDelta, p, restoreBestWeights, maximize);
    }

    /**
     * With the minimum change that counts as an improvement.
     *
     * @param d the smallest change of the monitored value counted as improvement
     * @return the changed callback
     */
    public EarlyStopping withMinDelta(double d) {
        return new EarlyStopping(monitor, d, patience, restoreBestWeights, maximize);
    }

    /**
     * Restore the weights of the best epoch when training ends.
     *
     * @param r true to put back the best epoch's weights at the end, false to keep the last ones
     * @return the changed callback
     */
    public EarlyStopping withRestoreBestWeights(boolean r) {
        return new EarlyStopping(monitor, minDelta, patience, r, maximize);
    }

    @Override
    public void onTrainBegin(TrainingSession session) {
        best = maximize ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        wait = 0;
        stoppedEpoch = -1;
        bestEpoch = -1;
        bestWeights = null;
    }

    @Override
    public void onEpochEnd(TrainingSession session, int epoch, Map<String, Double> logs) {
        Double value = logs.get(monitor);
        if (value == null) {
            throw new IllegalStateException("EarlyStopping monitors '" + monitor + "' but the epoch logs hold only "
                    + logs.keySet() + (monitor.startsWith("val_") ? " (give validationSplit or validationData)" : ""));
        }
        boolean improved = maximize ? value - minDelta > best : value + minDelta < best;
        if (improved) {
            best = value;
            bestEpoch = epoch;
            wait = 0;
            if (restoreBestWeights) {
                bestWeights = session.weights();
            }
            return;
        }
        wait++;
        if (wait > patience) {
            stoppedEpoch = epoch;
            session.stopTraining();
        }
    }

    @Override
    public void onTrainEnd(TrainingSession session) {
        if (restoreBestWeights && bestWeights != null && bestEpoch != -1) {
            session.setWeights(bestWeights);
        }
    }

    /**
     * The epoch (0-based) at which training was stopped, or -1 if it ran to the end.
     *
     * @return the epoch, 0-based, or -1
     */
    public int stoppedEpoch() {
        return stoppedEpoch;
    }

    /**
     * The epoch (0-based) with the best monitored value, or -1 before training.
     *
     * @return the epoch, 0-based, or -1
     */
    public int bestEpoch() {
        return bestEpoch;
    }
}
