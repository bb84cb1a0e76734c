package dev.engram.layers;

import dev.engram.constraints.Constraint;
import dev.engram.initializers.Initializer;
import dev.engram.initializers.Initializers;
import dev.engram.regularizers.Regularizer;
import dev.engram.tensor.Shape;
import java.util.Objects;

/**
 * Configuration of a {@link MultiHeadAttention} layer (Keras 3 and tf-keras {@code MultiHeadAttention};
 * not in TF.js 4.22). Create with {@link Layers#multiHeadAttention(int, int)}. Keras defaults: valueDim =
 * keyDim, dropout 0, biases, output size = the query's features, attention over the time axis, glorot
 * uniform kernels, zero biases, not causal, one output. The Keras call options {@code use_causal_mask},
 * {@code return_attention_scores} and an {@code attention_mask} tensor are fixed per layer here.
 *
 * @param numHeads number of attention heads, &gt; 0
 * @param keyDim size of each head's query and key projection, &gt; 0
 * @param valueDim size of each head's value projection, &gt; 0 (Keras: defaults to keyDim)
 * @param dropout fraction of attention weights dropped in training, in [0, 1); default 0
 * @param useBias whether the four projections have biases; default true
 * @param outputDim size of the output features; 0 (default) for the query's feature size (Keras {@code output_shape=None})
 * @param kernelInitializer of the four projection kernels; default glorot uniform (Keras)
 * @param biasInitializer of the four biases; default zeros
 * @param kernelRegularizer penalty on each projection kernel; default null (none)
 * @param biasRegularizer penalty on each bias; default null (none)
 * @param kernelConstraint projection of each kernel after optimizer steps; default null (none)
 * @param biasConstraint projection of each bias after optimizer steps; default null (none)
 * @param seed seed of the layer's own dropout generator, or null for the training loop's
 * @param useCausalMask whether query step i may only attend to key steps j &lt;= i (a Keras call option); over the axes of inputs of rank above 3 Keras's mask {@code [1, T, S]} of the sizes of axis 1, broadcast over the scores (Keras fails with two or more attention axes)
 * @param returnAttentionScores whether a second output gives the attention weights {@code [batch, heads, Tq, Tv]} (a Keras call option)
 * @param attentionMaskInput whether the last input is an attention mask {@code [batch, Tq, Tv]} (non-zero = may attend; a Keras call argument); over the axes of inputs of rank above 3, any shape Keras broadcasts over the scores, typically {@code [batch, other axes..., query attention axes..., key attention axes...]}
 * @param zeroMaskedWeights Keras 3 parity: whether weights are multiplied by the attention mask after the softmax when dropout &gt; 0 or the scores are returned or the inputs have rank above 3 (Keras 3's unfused path), so a query step with every key masked attends to nothing; tf-keras 2 (false) and Keras 3's fused path give it uniform weights (tf-keras over two or more axes: 1 each, see {@link MultiHeadAttention#unnormalizedMaskedWeights()}); default true
 * @param name null for an automatic name
 * @param attentionAxes Keras {@code attention_axes}: the axes of inputs {@code [batch, A1, ..., Ak, features]}
 *                      attention runs over jointly (1 = the first axis after the batch; Keras parity: a negative
 *                      axis counts from the end of the projected query {@code [batch, A1, ..., Ak, heads, keyDim]},
 *                      so -3 is Ak), in any order (the order of the scores' axes), each at most once; null (default)
 *                      for every middle axis, as Keras (the time axis of {@code [batch, T, features]} inputs). The
 *                      other middle axes act as batch axes (e.g. {@code [2]} over {@code [batch, H, W, C]}: each
 *                      row attends along its width); the scores are then {@code [batch, other axes..., heads, query
 *                      attention axes..., key attention axes...]}; checked against the inputs' rank at build
 */
public record MultiHeadAttentionConfig(int numHeads, int keyDim, int valueDim, double dropout, boolean useBias, int outputDim, Initializer kernelInitializer, Initializer biasInitializer, Regularizer kernelRegularizer, Regularizer biasRegularizer, Constraint kernelConstraint, Constraint biasConstraint, Long seed, boolean useCausalMask, boolean returnAttentionScores, boolean attentionMaskInput, boolean zeroMaskedWeights, String name, java.util.List<Integer> attentionAxes) implements LayerConfig<MultiHeadAttentionConfig> {

    /**
     * Validates the fields.
     *
     * @param numHeads number of attention heads, &gt; 0
     * @param keyDim size of each head's query and key projection, &gt; 0
     * @param valueDim size of each head's value projection, &gt; 0 (Keras: defaults to keyDim)
     * @param dropout fraction of attention weights dropped in training, in [0, 1); default 0
     * @param useBias whether the four projections have biases; default true
     * @param outputDim size of the output features; 0 (default) for the query's feature size (Keras {@code output_shape=None})
     * @param kernelInitializer of the four projection kernels; default glorot uniform (Keras)
     * @param biasInitializer of the four biases; default zeros
     * @param kernelRegularizer penalty on each projection kernel; default null (none)
     * @param biasRegularizer penalty on each bias; default null (none)
     * @param kernelConstraint projection of each kernel after optimizer steps; default null (none)
     * @param biasConstraint projection of each bias after optimizer steps; default null (none)
     * @param seed seed of the layer's own dropout generator, or null for the training loop's
     * @param useCausalMask whether query step i may only attend to key steps j &lt;= i (a Keras call option)
     * @param returnAttentionScores whether a second output gives the attention weights {@code [batch, heads, Tq, Tv]} (a Keras call option)
     * @param attentionMaskInput whether the last input is an attention mask {@code [batch, Tq, Tv]} (non-zero = may attend; a Keras call argument)
     * @param zeroMaskedWeights Keras 3 parity: whether weights are multiplied by the attention mask after the softmax when dropout &gt; 0 or the scores are returned (Keras 3's unfused path), so a query step with every key masked attends to nothing; tf-keras 2 (false) and Keras 3's fused path give it uniform weights; default true
     * @param name null for an automatic name
     * @param attentionAxes the axes attention runs over (Keras numbering, distinct, not 0); null for every middle
     *                      axis
     */
    public MultiHeadAttentionConfig {
        if (numHeads <= 0 || keyDim <= 0 || valueDim <= 0) {
            throw new IllegalArgumentException("MultiHeadAttention numHeads, keyDim and valueDim must be > 0, got "
                    + numHeads + ", " + keyDim + ", " + valueDim);
        }
        if (outputDim < 0) {
            throw new IllegalArgumentException("MultiHeadAttention outputDim must be >= 0 (0: the query's size), got "
                    + outputDim);
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("MultiHeadAttention dropout must be in [0, 1), got " + dropout);
        }
        Objects.requireNonNull(kernelInitializer, "kernelInitializer");
        Objects.requireNonNull(biasInitializer, "biasInitializer");
        if (attentionAxes != null) {
            attentionAxes = java.util.List.copyOf(attentionAxes);
            if (attentionAxes.isEmpty()) {
                throw new IllegalArgumentException("MultiHeadAttention attentionAxes must name at least one axis");
            }
            if (attentionAxes.contains(0) || attentionAxes.stream().distinct().count() < attentionAxes.size()) {
                throw new IllegalArgumentException("MultiHeadAttention attentionAxes must be distinct axes other "
                        + "than the batch axis 0, got " + attentionAxes);
            }
        }
    }

    /**
     * The fields before {@code attentionAxes} was added: attention over the time axis.
     *
     * @param numHeads number of attention heads
     * @param keyDim size of each head's query and key projection
     * @param valueDim size of each head's value projection
     * @param dropout fraction of attention weights dropped in training
     * @param useBias whether the projections have biases
     * @param outputDim size of the output features, 0 for the query's
     * @param kernelInitializer of the kernels
     * @param biasInitializer of the biases
     * @param kernelRegularizer penalty on each kernel, or null
     * @param biasRegularizer penalty on each bias, or null
     * @param kernelConstraint projection of each kernel, or null
     * @param biasConstraint projection of each bias, or null
     * @param seed seed of the layer's own dropout generator, or null
     * @param useCausalMask whether the causal mask applies
     * @param returnAttentionScores whether the scores are a second output
     * @param attentionMaskInput whether the last input is an attention mask
     * @param zeroMaskedWeights Keras 3's masked weights after the softmax
     * @param name null for an automatic name
     */
    public MultiHeadAttentionConfig(int numHeads, int keyDim, int valueDim, double dropout, boolean useBias,
            int outputDim, Initializer kernelInitializer, Initializer biasInitializer, Regularizer kernelRegularizer,
            Regularizer biasRegularizer, Constraint kernelConstraint, Constraint biasConstraint, Long seed,
            boolean useCausalMask, boolean returnAttentionScores, boolean attentionMaskInput,
            boolean zeroMaskedWeights, String name) {
        this(numHeads, keyDim, valueDim, dropout, useBias, outputDim, kernelInitializer, biasInitializer,
                kernelRegularizer, biasRegularizer, kernelConstraint, biasConstraint, seed, useCausalMask,
                returnAttentionScores, attentionMaskInput, zeroMaskedWeights, name, null);
    }

    /**
     * With other attention axes (Keras {@code attention_axes}).
     *
     * @param axes distinct axes after the batch axis (Keras numbering); null for every middle axis
     * @return a copy with {@code attentionAxes} replaced
     */
    public MultiHeadAttentionConfig withAttentionAxes(java.util.List<Integer> axes) {
        return new MultiHeadAttentionConfig(numHeads, keyDim, valueDim, dropout, useBias, outputDim, kernelInitializer, biasInitializer, kernelRegularizer, biasRegularizer, kernelConstraint, biasConstraint, seed, useCausalMask, returnAttentionScores, attentionMaskInput, zeroMaskedWeights, name, axes);
    }

    /**
     * Keras defaults for {@code numHeads} heads of size {@code keyDim}.
     *
     * @param numHeads number of heads, &gt; 0
     * @param keyDim   size of each head's query and key, &gt; 0 (also the value size)
     * @return the configuration
     */
    public static MultiHeadAttentionConfig of(int numHeads, int keyDim) {
        return new MultiHeadAttentionConfig(numHeads, keyDim, keyDim, 0, true, 0, Initializers.glorotUniform(),
                Initializers.zeros(), null, null, null, null, null, false, false, false, true, null);
    }

    /**
     * Whether the weights are multiplied by the mask after the softmax in this configuration (Keras 3's unfused path)
     * on inputs of rank 3; above rank 3 Keras 3 always takes that path ({@link MultiHeadAttention#weightsMaskedAfterSoftmax()}).
     *
     * @return {@code zeroMaskedWeights} and (dropout &gt; 0 or scores returned)
     */
    public boolean masksWeightsAfterSoftmax() {
        return zeroMaskedWeights && (dropout > 0 || returnAttentionScores);
    }

    /**
     * With another {@code valueDim}.
     *
     * @param v the new {@code valueDim}: size of each head's value projection, &gt; 0 (Keras: defaults to keyDim)
     * @return a copy with {@code valueDim} replaced
     */
    public MultiHeadAttentionConfig withValueDim(int v) {
        return new MultiHeadAttentionConfig(numHeads, keyDim, v, dropout, useBias, outputDim, kernelInitializer, biasInitializer, kernelRegularizer, biasRegularizer, kernelConstraint, biasConstraint, seed, useCausalMask, returnAttentionScores, attentionMaskInput, zeroMaskedWeights, name, attentionAxes);
    }
    /**
     * With another {@code dropout}.
     *
     * @param v the new {@code dropout}: fraction of attention weights dropped in training, in [0, 1); default 0
     * @return a copy with {@code dropout} replaced
     */
    public MultiHeadAttentionConfig withDropout(double v) {
        return new MultiHeadAttentionConfig(numHeads, keyDim, valueDim, v, useBias, outputDim, kernelInitializer, biasInitializer, kernelRegularizer, biasRegularizer, kernelConstraint, biasConstraint, seed, useCausalMask, returnAttentionScores, attentionMaskInput, zeroMaskedWeights, name, attentionAxes);
    }
    /**
     * With another {@code useBias}.
     *
     * @param v the new {@code useBias}: whether the four projections have biases; default true
     * @return a copy with {@code useBias} replaced
     */
    public MultiHeadAttentionConfig withUseBias(boolean v) {
        return new MultiHeadAttentionConfig(numHeads, keyDim, valueDim, dropout, v, outputDim, kernelInitializer, biasInitializer, kernelRegularizer, biasRegularizer, kernelConstraint, biasConstraint, seed, useCausalMask, returnAttentionScores, attentionMaskInput, zeroMaskedWeights, name, attentionAxes);
    }
    /**
     * With another {@code outputDim}.
     *
     * @param v the new {@code outputDim}: size of the output features; 0 (default) for the query's feature size (Keras {@code output_shape=None})
     * @return a copy with {@code outputDim} replaced
     */
    public MultiHeadAttentionConfig withOutputDim(int v) {
        return new MultiHeadAttentionConfig(numHeads, keyDim, valueDim, dropout, useBias, v, kernelInitializer, biasInitializer, kernelRegularizer, biasRegularizer, kernelConstraint, biasConstraint, seed, useCausalMask, returnAttentionScores, attentionMaskInput, zeroMaskedWeights, name, attentionAxes);
    }
    /**
     * With another {@code kernelInitializer}.
     *
     * @param v the new {@code kernelInitializer}: of the four projection kernels; default glorot uniform (Keras)
     * @return a copy with {@code kernelInitializer} replaced
     */
    public MultiHeadAttentionConfig withKernelInitializer(Initializer v) {
        return new MultiHeadAttentionConfig(numHeads, keyDim, valueDim, dropout, useBias, outputDim, v, biasInitializer, kernelRegularizer, biasRegularizer, kernelConstraint, biasConstraint, seed, useCausalMask, returnAttentionScores, attentionMaskInput, zeroMaskedWeights, name, attentionAxes);
    }
    /**
     * With another {@code biasInitializer}.
     *
     * @param v the new {@code biasInitializer}: of the four biases; default zeros
     * @return a copy with {@code biasInitializer} replaced
     */
    public MultiHeadAttentionConfig withBiasInitializer(Initializer v) {
        return new MultiHeadAttentionConfig(numHeads, keyDim, valueDim, dropout, useBias, outputDim, kernelInitializer, v, kernelRegularizer, biasRegularizer, kernelConstraint, biasConstraint, seed, useCausalMask, returnAttentionScores, attentionMaskInput, zeroMaskedWeights, name, attentionAxes);
    }
    /**
     * With another {@code kernelRegularizer}.
     *
     * @param v the new {@code kernelRegularizer}: penalty on each projection kernel; default null (none)
     * @return a copy with {@code kernelRegularizer} replaced
     */
    public MultiHeadAttentionConfig withKernelRegularizer(Regularizer v) {
        return new MultiHeadAttentionConfig(numHeads, keyDim, valueDim, dropout, useBias, outputDim, kernelInitializer, biasInitializer, v, biasRegularizer, kernelConstraint, biasConstraint, seed, useCausalMask, returnAttentionScores, attentionMaskInput, zeroMaskedWeights, name, attentionAxes);
    }
    /**
     * With another {@code biasRegularizer}.
     *
     * @param v the new {@code biasRegularizer}: penalty on each bias; default null (none)
     * @return a copy with {@code biasRegularizer} replaced
     */
    public MultiHeadAttentionConfig withBiasRegularizer(Regularizer v) {
        return new MultiHeadAttentionConfig(numHeads, keyDim, valueDim, dropout, useBias, outputDim, kernelInitializer, biasInitializer, kernelRegularizer, v, kernelConstraint, biasConstraint, seed, useCausalMask, returnAttentionScores, attentionMaskInput, zeroMaskedWeights, name, attentionAxes);
    }
    /**
     * With another {@code kernelConstraint}.
     *
     * @param v the new {@code kernelConstraint}: projection of each kernel after optimizer steps; default null (none)
     * @return a copy with {@code kernelConstraint} replaced
     */
    public MultiHeadAttentionConfig withKernelConstraint(Constraint v) {
        return new MultiHeadAttentionConfig(numHeads, keyDim, valueDim, dropout, useBias, outputDim, kernelInitializer, biasInitializer, kernelRegularizer, biasRegularizer, v, biasConstraint, seed, useCausalMask, returnAttentionScores, attentionMaskInput, zeroMaskedWeights, name, attentionAxes);
    }
    /**
     * With another {@code biasConstraint}.
     *
     * @param v the new {@code biasConstraint}: projection of each bias after optimizer steps; default null (none)
     * @return a copy with {@code biasConstraint} replaced
     */
    public MultiHeadAttentionConfig withBiasConstraint(Constraint v) {
        return new MultiHeadAttentionConfig(numHeads, keyDim, valueDim, dropout, useBias, outputDim, kernelInitializer, biasInitializer, kernelRegularizer, biasRegularizer, kernelConstraint, v, seed, useCausalMask, returnAttentionScores, attentionMaskInput, zeroMaskedWeights, name, attentionAxes);
    }
    /**
     * With another {@code seed}.
     *
     * @param v the new {@code seed}: seed of the layer's own dropout generator, or null for the training loop's
     * @return a copy with {@code seed} replaced
     */
    public MultiHeadAttentionConfig withSeed(long v) {
        return new MultiHeadAttentionConfig(numHeads, keyDim, valueDim, dropout, useBias, outputDim, kernelInitializer, biasInitializer, kernelRegularizer, biasRegularizer, kernelConstraint, biasConstraint, v, useCausalMask, returnAttentionScores, attentionMaskInput, zeroMaskedWeights, name, attentionAxes);
    }
    /**
     * With another {@code useCausalMask}.
     *
     * @param v the new {@code useCausalMask}: whether query step i may only attend to key steps j &lt;= i (a Keras call option)
     * @return a copy with {@code useCausalMask} replaced
     */
    public MultiHeadAttentionConfig withUseCausalMask(boolean v) {
        return new MultiHeadAttentionConfig(numHeads, keyDim, valueDim, dropout, useBias, outputDim, kernelInitializer, biasInitializer, kernelRegularizer, biasRegularizer, kernelConstraint, biasConstraint, seed, v, returnAttentionScores, attentionMaskInput, zeroMaskedWeights, name, attentionAxes);
    }
    /**
     * With another {@code returnAttentionScores}.
     *
     * @param v the new {@code returnAttentionScores}: whether a second output gives the attention weights {@code [batch, heads, Tq, Tv]} (a Keras call option)
     * @return a copy with {@code returnAttentionScores} replaced
     */
    public MultiHeadAttentionConfig withReturnAttentionScores(boolean v) {
        return new MultiHeadAttentionConfig(numHeads, keyDim, valueDim, dropout, useBias, outputDim, kernelInitializer, biasInitializer, kernelRegularizer, biasRegularizer, kernelConstraint, biasConstraint, seed, useCausalMask, v, attentionMaskInput, zeroMaskedWeights, name, attentionAxes);
    }
    /**
     * With another {@code attentionMaskInput}.
     *
     * @param v the new {@code attentionMaskInput}: whether the last input is an attention mask {@code [batch, Tq, Tv]} (non-zero = may attend; a Keras call argument)
     * @return a copy with {@code attentionMaskInput} replaced
     */
    public MultiHeadAttentionConfig withAttentionMaskInput(boolean v) {
        return new MultiHeadAttentionConfig(numHeads, keyDim, valueDim, dropout, useBias, outputDim, kernelInitializer, biasInitializer, kernelRegularizer, biasRegularizer, kernelConstraint, biasConstraint, seed, useCausalMask, returnAttentionScores, v, zeroMaskedWeights, name, attentionAxes);
    }
    /**
     * With another {@code zeroMaskedWeights}.
     *
     * @param v the new {@code zeroMaskedWeights}: Keras 3 parity: whether weights are multiplied by the attention mask after the softmax when dropout &gt; 0 or the scores are returned (Keras 3's unfused path), so a query step with every key masked attends to nothing; tf-keras 2 (false) and Keras 3's fused path give it uniform weights; default true
     * @return a copy with {@code zeroMaskedWeights} replaced
     */
    public MultiHeadAttentionConfig withZeroMaskedWeights(boolean v) {
        return new MultiHeadAttentionConfig(numHeads, keyDim, valueDim, dropout, useBias, outputDim, kernelInitializer, biasInitializer, kernelRegularizer, biasRegularizer, kernelConstraint, biasConstraint, seed, useCausalMask, returnAttentionScores, attentionMaskInput, v, name, attentionAxes);
    }

    /**
     * None: attention takes several inputs, which come from the graph.
     *
     * @return null
     */
    @Override
    public Shape inputShape() {
        return null;
    }

    @Override
    public MultiHeadAttentionConfig withIdentity(LayerIdentity id) {
        if (id.inputShape() != null) {
            throw new IllegalArgumentException("MultiHeadAttention takes its shapes from its inputs; got inputShape "
                    + id.inputShape());
        }
        return new MultiHeadAttentionConfig(numHeads, keyDim, valueDim, dropout, useBias, outputDim, kernelInitializer, biasInitializer, kernelRegularizer, biasRegularizer, kernelConstraint, biasConstraint, seed, useCausalMask, returnAttentionScores, attentionMaskInput, zeroMaskedWeights, id.name(), attentionAxes);
    }

    @Override
    public String defaultNamePrefix() {
        return "multi_head_attention";
    }

    @Override
    public Layer create(String layerName) {
        return new MultiHeadAttention(layerName, this);
    }
}
