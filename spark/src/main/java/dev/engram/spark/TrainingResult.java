package dev.engram.spark;

import dev.engram.models.Network;
import java.util.List;

/**
 * What a distributed training run returns: the trained model (the driver's copy), the mean loss of
 * each epoch run by this call (a resumed run lists only the epochs it ran) and the number of
 * synchronous steps or averaging rounds taken in total.
 */
public record TrainingResult(Network model, List<Double> epochLosses, long steps) {
}
