package dev.engram.models;

import java.util.Map;

/**
 * One progress report of {@code fit}, as a {@link Progress} listener receives it: after a batch
 * ({@code epochEnd} false) or at the end of an epoch (true, with the epoch's logs).
 *
 * @param epoch            the epoch, 0-based
 * @param epochs           epochs requested
 * @param batch            batches finished in this epoch
 * @param batches          batches per epoch
 * @param samples          samples finished in this epoch
 * @param elapsedSeconds   time since the epoch began
 * @param etaSeconds       estimated time until the epoch ends (0 at its end, NaN while the number of batches
 *                         is unknown)
 * @param samplesPerSecond training throughput of this epoch so far
 * @param logs             running means of the batch logs over the epoch, or the epoch logs at its end
 * @param epochEnd         whether this is the end-of-epoch report
 */
public record ProgressEvent(int epoch, int epochs, int batch, int batches, long samples, double elapsedSeconds,
        double etaSeconds, double samplesPerSecond, Map<String, Double> logs, boolean epochEnd) {

    /**
     * Copies the logs.
     *
     * @param epoch            the epoch, 0-based
     * @param epochs           epochs requested
     * @param batch            batches finished in this epoch
     * @param batches          batches per epoch
     * @param samples          samples finished in this epoch
     * @param elapsedSeconds   time since the epoch began
     * @param etaSeconds       estimated time until the epoch ends (0 at its end, NaN while the number of batches
     *                         is unknown)
     * @param samplesPerSecond training throughput of this epoch so far
     * @param logs             running means of the batch logs over the epoch, or the epoch logs at its end
     * @param epochEnd         whether this is the end-of-epoch report
     */
    public ProgressEvent {
        logs = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(logs));
    }
}
