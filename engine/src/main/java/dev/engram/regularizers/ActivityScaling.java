package dev.engram.regularizers;

/**
 * How an activity regularizer's penalty of one layer output is scaled, which differs by the framework
 * a model comes from (checked in tf-keras 2.18 {@code base_layer._handle_activity_regularization} and
 * Keras 3.10 {@code Layer.__call__}).
 */
public enum ActivityScaling {
    /**
     * The penalty as the regularizer computes it, summed over the whole batch: Keras 3 (and Keras
     * 2.0-2.2 before TensorFlow's port), so the term grows with the batch size.
     */
    SUM,
    /**
     * The penalty divided by the output's batch size (its first dimension): tf.keras and tf-keras 2
     * ("make activity regularization strength batch-agnostic").
     */
    BATCH_MEAN
}
