package dev.engram.models;

/**
 * Training produced a NaN or infinite loss. The message names the epoch and batch so the offending
 * data or learning rate can be found; training stops at that batch, before its update.
 */
public final class NonFiniteLossException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    private final int epoch;
    private final int batch;

    /** For the given 0-based epoch and batch. */
    public NonFiniteLossException(int epoch, int epochs, int batch, int batches, double loss) {
        super("loss became " + loss + " at epoch " + (epoch + 1) + "/" + epochs + ", batch " + (batch + 1) + "/"
                + batches + "; training stopped before that batch's update. Check the inputs and targets for "
                + "NaN/Inf, the input scaling, and the learning rate");
        this.epoch = epoch;
        this.batch = batch;
    }

    /** The 0-based epoch. */
    public int epoch() {
        return epoch;
    }

    /** The 0-based batch within the epoch. */
    public int batch() {
        return batch;
    }
}
