package dev.engram.models;

/**
 * Training produced a NaN or infinite loss. The message names the epoch and batch so the offending
 * data or learning rate can be found; training stops at that batch, before its update.
 */
public final class NonFiniteLossException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /** The 0-based epoch of the non-finite loss. */
    private final int epoch;
    /** The 0-based batch, within the epoch, of the non-finite loss. */
    private final int batch;

    /**
     * For the given 0-based epoch and batch.
     *
     * @param epoch the epoch, 0-based (the message counts from 1)
     * @param epochs the epochs requested
     * @param batch the batch within the epoch, 0-based (the message counts from 1)
     * @param batches the batches per epoch, as far as known (-1 for a dataset before its first full pass)
     * @param loss the loss value: NaN or an infinity
     */
    public NonFiniteLossException(int epoch, int epochs, int batch, int batches, double loss) {
        super("loss became " + loss + " at epoch " + (epoch + 1) + "/" + epochs + ", batch " + (batch + 1) + "/"
                + batches + "; training stopped before that batch's update. Check the inputs and targets for "
                + "NaN/Inf, the input scaling, and the learning rate");
        this.epoch = epoch;
        this.batch = batch;
    }

    /**
     * The 0-based epoch.
     *
     * @return the epoch of the non-finite loss
     */
    public int epoch() {
        return epoch;
    }

    /**
     * The 0-based batch within the epoch.
     *
     * @return the batch of the non-finite loss
     */
    public int batch() {
        return batch;
    }
}
