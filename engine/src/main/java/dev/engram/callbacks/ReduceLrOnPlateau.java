package dev.engram.callbacks;

import dev.engram.models.Callback;
import dev.engram.models.TrainingSession;
import java.util.Map;
import java.util.Objects;

/**
 * Multiplies the learning rate by {@code factor} when a monitored value has not improved for
 * {@code patience} epochs, as Keras's {@code ReduceLROnPlateau}: an epoch improves when the value
 * beats the best by more than {@code minDelta}; after a reduction, {@code cooldown} epochs pass
 * before waiting starts again; the rate never goes below {@code minLr}. The epoch logs gain
 * {@code learning_rate} (the rate the epoch ran with). Defaults as Keras: {@code val_loss}, factor
 * 0.1, patience 10, minDelta 1e-4, cooldown 0, minLr 0.
 */
public final class ReduceLrOnPlateau implements Callback {
    private final String monitor;
    private final MonitorMode mode;
    private final double factor;
    private final int patience;
    private final double minDelta;
    private final int cooldown;
    private final double minLr;

    private double best;
    private int wait;
    private int cooldownCounter;

    private ReduceLrOnPlateau(String monitor, MonitorMode mode, double factor, int patience, double minDelta,
            int cooldown, double minLr) {
        if (!(factor > 0 && factor < 1)) {
            throw new IllegalArgumentException("ReduceLrOnPlateau factor must be in (0, 1), got " + factor);
        }
        if (patience < 0 || cooldown < 0 || !(minDelta >= 0) || !(minLr >= 0)) {
            throw new IllegalArgumentException("ReduceLrOnPlateau needs patience, cooldown, minDelta and minLr >= 0");
        }
        this.monitor = Objects.requireNonNull(monitor, "monitor");
        this.mode = Objects.requireNonNull(mode, "mode");
        this.factor = factor;
        this.patience = patience;
        this.minDelta = minDelta;
        this.cooldown = cooldown;
        this.minLr = minLr;
    }

    /**
     * Monitors {@code val_loss} with Keras's defaults.
     *
     * @return the callback: factor 0.1, patience 10, minDelta 1e-4, no cooldown, minLr 0
     */
    public static ReduceLrOnPlateau onValidationLoss() {
        return monitoring("val_loss");
    }

    /**
     * Monitors {@code key} with Keras's defaults.
     *
     * @param key the log key to watch, e.g. {@code loss}
     * @return the callback with Keras's defaults
     */
    public static ReduceLrOnPlateau monitoring(String key) {
        return new ReduceLrOnPlateau(key, MonitorMode.AUTO, 0.1, 10, 1e-4, 0, 0);
    }

    /**
     * With another factor in (0, 1).
     *
     * @param f the multiplier applied to the learning rate at each reduction, in (0, 1)
     * @return the changed callback
     * @throws IllegalArgumentException when {@code f} is outside (0, 1)
     */
    public ReduceLrOnPlateau withFactor(double f) {
        return new ReduceLrOnPlateau(monitor, mode, f, patience, minDelta, cooldown, minLr);
    }

    /**
     * With another patience (epochs without improvement before a reduction).
     *
     * @param p epochs without improvement before reducing, &gt;= 0
     * @return the changed callback
     * @throws IllegalArgumentException when {@code p} is negative
     */
    public ReduceLrOnPlateau withPatience(int p) {
        return new ReduceLrOnPlateau(monitor, mode, factor, p, minDelta, cooldown, minLr);
    }

    /**
     * With another minimum change that counts as an improvement.
     *
     * @param d the smallest change of the monitored value counted as improvement, &gt;= 0
     * @return the changed callback
     * @throws IllegalArgumentException when {@code d} is negative
     */
    public ReduceLrOnPlateau withMinDelta(double d) {
        return new ReduceLrOnPlateau(monitor, mode, factor, patience, d, cooldown, minLr);
    }

    /**
     * With epochs to wait after a reduction before counting again.
     *
     * @param c epochs after a reduction during which no further reduction happens, &gt;= 0
     * @return the changed callback
     * @throws IllegalArgumentException when {@code c} is negative
     */
    public ReduceLrOnPlateau withCooldown(int c) {
        return new ReduceLrOnPlateau(monitor, mode, factor, patience, minDelta, c, minLr);
    }

    /**
     * With a lower bound on the learning rate.
     *
     * @param m the learning rate is never reduced below this, &gt;= 0
     * @return the changed callback
     * @throws IllegalArgumentException when {@code m} is negative
     */
    public ReduceLrOnPlateau withMinLr(double m) {
        return new ReduceLrOnPlateau(monitor, mode, factor, patience, minDelta, cooldown, m);
    }

    /**
     * With another direction of improvement.
     *
     * @param m whether lower or higher values are better, or {@link MonitorMode#AUTO} to tell by the key
     * @return the changed callback
     */
    public ReduceLrOnPlateau withMode(MonitorMode m) {
        return new ReduceLrOnPlateau(monitor, m, factor, patience, minDelta, cooldown, minLr);
    }

    @Override
    public void onTrainBegin(TrainingSession session) {
        best = mode.maximizes(monitor) ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        wait = 0;
        cooldownCounter = 0;
    }

    @Override
    public void onEpochEnd(TrainingSession session, int epoch, Map<String, Double> logs) {
        double lr = session.optimizer().learningRate();
        logs.put("learning_rate", lr);
        double current = Monitored.value("ReduceLrOnPlateau", monitor, logs);
        if (cooldownCounter > 0) {
            cooldownCounter--;
            wait = 0;
        }
        // Keras parity: the second cooldown test sees the decremented counter.
        boolean inCooldown = cooldownCounter > 0;
        boolean improved = mode.maximizes(monitor) ? current > best + minDelta : current < best - minDelta;
        if (improved) {
            best = current;
            wait = 0;
        } else if (!inCooldown) {
            wait++;
            if (wait >= patience && lr > minLr) {
                session.optimizer().setLearningRate(Math.max(lr * factor, minLr));
                cooldownCounter = cooldown;
                wait = 0;
            }
        }
    }
}
