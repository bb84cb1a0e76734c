package dev.engram.losses;

/**
 * Factory for the built-in losses. Every loss follows tfjs-layers {@code losses.ts} (TF.js 4.x):
 * per-element losses are averaged over the last axis and then over all samples (for rank-3
 * predictions, over every {@code [batch, time]} position); cross-entropies clip probabilities to
 * {@code [1e-7, 1 - 1e-7]}. Gradients are the exact gradients of those computations, including zero
 * gradients where a clip is active.
 *
 * <p>All returned losses are immutable and thread-safe.
 */
public final class Losses {
    private static final Loss MEAN_SQUARED_ERROR = new MeanSquaredErrorLoss();
    private static final Loss MEAN_ABSOLUTE_ERROR = new MeanAbsoluteErrorLoss();
    private static final Loss BINARY_CROSSENTROPY = new BinaryCrossentropyLoss();
    private static final Loss CATEGORICAL_CROSSENTROPY = new CategoricalCrossentropyLoss();
    private static final Loss SPARSE_CATEGORICAL_CROSSENTROPY = new SparseCategoricalCrossentropyLoss();
    private static final Loss MEAN_ABSOLUTE_PERCENTAGE_ERROR = new MeanAbsolutePercentageErrorLoss();
    private static final Loss MEAN_SQUARED_LOGARITHMIC_ERROR = new MeanSquaredLogarithmicErrorLoss();
    private static final Loss LOGCOSH = new LogCoshLoss();
    private static final Loss POISSON = new PoissonLoss();
    private static final Loss CATEGORICAL_HINGE = new CategoricalHingeLoss();

    private Losses() {
    }

    /**
     * {@code mean((yPred - yTrue)^2)}; yTrue and yPred have the same shape.
     *
     * @return the loss (TF.js {@code meanSquaredError})
     */
    public static Loss meanSquaredError() {
        return MEAN_SQUARED_ERROR;
    }

    /**
     * {@code mean(|yPred - yTrue|)}. As in TF.js, the gradient where {@code yPred == yTrue} is
     * {@code -1/n}, not 0.
     *
     * @return the loss (TF.js {@code meanAbsoluteError})
     */
    public static Loss meanAbsoluteError() {
        return MEAN_ABSOLUTE_ERROR;
    }

    /**
     * The Huber loss with {@code delta = 1.0}; see {@link HuberLoss}.
     *
     * @return the loss
     */
    public static HuberLoss huber() {
        return new HuberLoss(1.0);
    }

    /**
     * The Huber loss: {@code 0.5 e^2} for {@code |e| <= delta}, {@code delta (|e| - 0.5 delta)} beyond.
     *
     * @param delta where the quadratic part ends
     * @return the loss
     * @throws IllegalArgumentException unless {@code delta} is finite and {@code > 0}
     */
    public static HuberLoss huber(double delta) {
        return new HuberLoss(delta);
    }

    /**
     * Binary cross-entropy of probabilities {@code yPred} (e.g. sigmoid outputs) against targets in
     * {@code [0, 1]}: clip to {@code [1e-7, 1 - 1e-7]}, logits {@code x = log(p / (1 - p))},
     * {@code max(x, 0) - x t + log1p(exp(-|x|))}, mean over the last axis, then over samples.
     *
     * @return the loss (TF.js {@code binaryCrossentropy})
     */
    public static Loss binaryCrossentropy() {
        return BINARY_CROSSENTROPY;
    }

    /**
     * Categorical cross-entropy of probability rows {@code yPred [..., classes]} against one-hot (or
     * soft) targets of the same shape: each row is scaled to sum 1 and clipped to
     * {@code [1e-7, 1 - 1e-7]}; sample loss {@code -sum(t log p)}; mean over samples.
     *
     * @return the loss (TF.js {@code categoricalCrossentropy})
     */
    public static Loss categoricalCrossentropy() {
        return CATEGORICAL_CROSSENTROPY;
    }

    /**
     * Categorical cross-entropy with class indices as targets: yPred {@code [..., classes]}, yTrue the
     * indices as floats with shape {@code [...]} or {@code [..., 1]}. Predictions are clipped before
     * the categorical cross-entropy as in TF.js. An index outside {@code [0, classes)} is rejected
     * with an {@link IllegalArgumentException} (TF.js silently yields a zero loss for it).
     *
     * @return the loss (TF.js {@code sparseCategoricalCrossentropy})
     */
    public static Loss sparseCategoricalCrossentropy() {
        return SPARSE_CATEGORICAL_CROSSENTROPY;
    }

    /**
     * {@code 100 · mean(|yTrue - yPred| / max(|yTrue|, 1e-7))}.
     *
     * @return the loss (TF.js {@code meanAbsolutePercentageError}, Keras {@code mape})
     */
    public static Loss meanAbsolutePercentageError() {
        return MEAN_ABSOLUTE_PERCENTAGE_ERROR;
    }

    /**
     * {@code mean((log(max(yPred, 1e-7) + 1) - log(max(yTrue, 1e-7) + 1))^2)}.
     *
     * @return the loss (TF.js {@code meanSquaredLogarithmicError}, Keras {@code msle})
     */
    public static Loss meanSquaredLogarithmicError() {
        return MEAN_SQUARED_LOGARITHMIC_ERROR;
    }

    /**
     * {@code mean(log(cosh(yPred - yTrue)))}.
     *
     * @return the loss (TF.js {@code logcosh}, Keras {@code log_cosh})
     */
    public static Loss logcosh() {
        return LOGCOSH;
    }

    /**
     * {@code mean(yPred - yTrue · log(yPred + 1e-7))}.
     *
     * @return the loss (TF.js and Keras {@code poisson})
     */
    public static Loss poisson() {
        return POISSON;
    }

    /**
     * The hinge loss with targets -1/1 used as given (TF.js's rule); see {@link HingeLoss}.
     *
     * @return the loss (TF.js {@code hinge})
     */
    public static HingeLoss hinge() {
        return new HingeLoss(false, false);
    }

    /**
     * The hinge loss; with {@code convertBinaryLabels} a batch of 0/1 targets becomes -1/1 first (Keras's rule).
     *
     * @param convertBinaryLabels true for Keras's {@code hinge}, false for TF.js's
     * @return the loss
     */
    public static HingeLoss hinge(boolean convertBinaryLabels) {
        return new HingeLoss(false, convertBinaryLabels);
    }

    /**
     * The squared hinge loss with targets used as given (TF.js's rule); see {@link HingeLoss}.
     *
     * @return the loss (TF.js {@code squaredHinge})
     */
    public static HingeLoss squaredHinge() {
        return new HingeLoss(true, false);
    }

    /**
     * The squared hinge loss; with {@code convertBinaryLabels} a batch of 0/1 targets becomes -1/1 first (Keras).
     *
     * @param convertBinaryLabels true for Keras's {@code squared_hinge}, false for TF.js's
     * @return the loss
     */
    public static HingeLoss squaredHinge(boolean convertBinaryLabels) {
        return new HingeLoss(true, convertBinaryLabels);
    }

    /**
     * {@code max(0, max((1 - yTrue) · yPred) - sum(yTrue · yPred) + 1)} per row; see {@link CategoricalHingeLoss}.
     *
     * @return the loss (TF.js {@code categoricalHinge}, Keras {@code categorical_hinge})
     */
    public static Loss categoricalHinge() {
        return CATEGORICAL_HINGE;
    }

    /**
     * The Kullback-Leibler divergence in TF.js's form; see {@link KullbackLeiblerDivergenceLoss}.
     *
     * @return the loss (TF.js {@code kullbackLeiblerDivergence})
     */
    public static KullbackLeiblerDivergenceLoss kullbackLeiblerDivergence() {
        return new KullbackLeiblerDivergenceLoss(false);
    }

    /**
     * The Kullback-Leibler divergence; {@code clipsWeights} selects Keras's form (the log-ratio weighted by the
     * clipped target) over TF.js's (the target as given).
     *
     * @param clipsWeights true for Keras's {@code kl_divergence}
     * @return the loss
     */
    public static KullbackLeiblerDivergenceLoss kullbackLeiblerDivergence(boolean clipsWeights) {
        return new KullbackLeiblerDivergenceLoss(clipsWeights);
    }

    /**
     * The negative cosine similarity with TF.js's floor; see {@link CosineSimilarityLoss}.
     *
     * @return the loss (TF.js {@code cosineProximity})
     */
    public static CosineSimilarityLoss cosineProximity() {
        return new CosineSimilarityLoss(CosineSimilarityLoss.TFJS_FLOOR);
    }

    /**
     * The negative cosine similarity, each row divided by {@code max(||row||, floor)}.
     *
     * @param floor the smallest norm: {@link CosineSimilarityLoss#KERAS3_FLOOR} for Keras 3's
     *              {@code cosine_similarity}, {@link CosineSimilarityLoss#TF_KERAS_FLOOR} for tf-keras's
     * @return the loss
     * @throws IllegalArgumentException unless {@code floor} is finite and {@code > 0}
     */
    public static CosineSimilarityLoss cosineSimilarity(double floor) {
        return new CosineSimilarityLoss(floor);
    }
}
