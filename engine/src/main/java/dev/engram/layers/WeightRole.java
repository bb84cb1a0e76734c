package dev.engram.layers;

/**
 * What a {@link Parameter} is to its layer, as data: file readers and writers match weights by
 * position checked against the role and shape, instead of parsing parameter names. Each role has the
 * engine's parameter name ({@link Parameter#name()}), e.g. {@code recurrentKernel}.
 */
public enum WeightRole {
    /** The input projection: Dense and recurrent {@code [in, units·gates]}, Conv1D {@code [k, in, filters]}, Conv2D {@code [kh, kw, in, filters]}. */
    KERNEL("kernel"),
    /** A depthwise convolution's kernel {@code [kh, kw, channels, depthMultiplier]} (Keras {@code depthwise_kernel}). */
    DEPTHWISE_KERNEL("depthwiseKernel"),
    /** A separable convolution's 1x1 kernel {@code [1, 1, channels·depthMultiplier, filters]} (Keras {@code pointwise_kernel}). */
    POINTWISE_KERNEL("pointwiseKernel"),
    /** A recurrent layer's state projection, {@code [units, units·gates]}. */
    RECURRENT_KERNEL("recurrentKernel"),
    /** The additive bias. */
    BIAS("bias"),
    /** Embedding's lookup table, {@code [inputDim, outputDim]}. */
    EMBEDDINGS("embeddings"),
    /** A normalization's scale. */
    GAMMA("gamma"),
    /** A normalization's offset. */
    BETA("beta"),
    /** BatchNormalization's moving mean, updated by training-mode forward passes, never by optimizers. */
    MOVING_MEAN("movingMean"),
    /** BatchNormalization's moving variance, updated by training-mode forward passes, never by optimizers. */
    MOVING_VARIANCE("movingVariance"),
    /** PReLU's learned negative slopes, shaped like a sample with shared axes of size 1. */
    ALPHA("alpha"),
    /** An attention layer's learned score scale (Attention: a scalar; AdditiveAttention: {@code [dim]}). */
    SCALE("scale"),
    /** Attention's scalar weight of the concat scores ({@code score_mode="concat"}). */
    CONCAT_SCORE_WEIGHT("concatScoreWeight"),
    /** MultiHeadAttention's query projection {@code [queryDim, heads, keyDim]} (Keras {@code query/kernel}). */
    QUERY_KERNEL("queryKernel"),
    /** MultiHeadAttention's query bias {@code [heads, keyDim]}. */
    QUERY_BIAS("queryBias"),
    /** MultiHeadAttention's key projection {@code [keyInputDim, heads, keyDim]} (Keras {@code key/kernel}). */
    KEY_KERNEL("keyKernel"),
    /** MultiHeadAttention's key bias {@code [heads, keyDim]}. */
    KEY_BIAS("keyBias"),
    /** MultiHeadAttention's value projection {@code [valueInputDim, heads, valueDim]} (Keras {@code value/kernel}). */
    VALUE_KERNEL("valueKernel"),
    /** MultiHeadAttention's value bias {@code [heads, valueDim]}. */
    VALUE_BIAS("valueBias"),
    /** MultiHeadAttention's output projection {@code [heads, valueDim, outputDim]} (Keras {@code attention_output/kernel}). */
    OUTPUT_KERNEL("outputKernel"),
    /** MultiHeadAttention's output bias {@code [outputDim]}. */
    OUTPUT_BIAS("outputBias"),
    /** Normalization's per-feature mean (set by {@code adapt} or a file, never trained). */
    MEAN("mean"),
    /** Normalization's per-feature variance (set by {@code adapt} or a file, never trained). */
    VARIANCE("variance"),
    /** Normalization's count of values its statistics were computed from (a scalar; Keras stores an int64). */
    COUNT("count"),
    /** A parameter of a custom layer whose name is none of the above. */
    OTHER("");

    private final String parameterName;

    WeightRole(String parameterName) {
        this.parameterName = parameterName;
    }

    /**
     * The engine's parameter name for this role, e.g. {@code recurrentKernel}; empty for {@link #OTHER}.
     *
     * @return the name
     */
    public String parameterName() {
        return parameterName;
    }

    /**
     * Whether the weight is a statistic (moving mean and variance, Normalization's mean, variance
     * and count), not a learned weight: freezing a layer concerns its other weights.
     *
     * @return true for the statistics
     */
    public boolean isStatistic() {
        return this == MOVING_MEAN || this == MOVING_VARIANCE || this == MEAN || this == VARIANCE || this == COUNT;
    }

    /**
     * The role with the given engine parameter name.
     *
     * @param parameterName a parameter's name, e.g. {@code kernel}
     * @return its role, {@link #OTHER} for a name that is no engine role
     */
    public static WeightRole of(String parameterName) {
        for (WeightRole r : values()) {
            if (r != OTHER && r.parameterName.equals(parameterName)) {
                return r;
            }
        }
        return OTHER;
    }
}
