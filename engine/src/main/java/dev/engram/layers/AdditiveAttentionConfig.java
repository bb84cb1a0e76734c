package dev.engram.layers;

import dev.engram.tensor.Shape;

/**
 * Configuration of an {@link AdditiveAttention} layer (Keras 3 and tf-keras {@code AdditiveAttention}; not in TF.js). Create
 * with {@link Layers#additiveAttention()}. Keras defaults: useScale true, dropout 0, not causal,
 * one output. {@code useCausalMask} and {@code returnAttentionScores} are call arguments in Keras
 * (stored with the call in a model file); here they are fixed per layer.
 *
 * @param useScale              whether a learned scale multiplies the scores

 * @param dropout               fraction of attention weights dropped in training, in [0, 1)
 * @param seed                  seed of the layer's own dropout generator, or null for the training loop's
 * @param useCausalMask         whether query step i may only attend to key steps j &lt;= i
 * @param returnAttentionScores whether a second output gives the attention weights [batch, Tq, Tv]
 * @param name                  null for an automatic name
 */
public record AdditiveAttentionConfig(boolean useScale, double dropout, Long seed, boolean useCausalMask, boolean returnAttentionScores,
        String name) implements LayerConfig<AdditiveAttentionConfig> {

    /**
     * Validates the fields.
     *
     * @param useScale              whether a learned scale multiplies the scores

     * @param dropout               fraction of attention weights dropped in training, in [0, 1)
     * @param seed                  seed of the layer's own dropout generator, or null
     * @param useCausalMask         whether query step i may only attend to key steps j &lt;= i
     * @param returnAttentionScores whether a second output gives the attention weights
     * @param name                  null for an automatic name
     */
    public AdditiveAttentionConfig {

        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("AdditiveAttention dropout must be in [0, 1), got " + dropout);
        }
    }

    /**
     * AdditiveAttention with Keras defaults.
     *
     * @return the configuration
     */
    public static AdditiveAttentionConfig defaults() {
        return new AdditiveAttentionConfig(true, 0, null, false, false, null);
    }

    /**
     * With or without the learned scale.
     *
     * @param v the new {@code useScale}
     * @return a copy with {@code useScale} replaced
     */
    public AdditiveAttentionConfig withUseScale(boolean v) {
        return new AdditiveAttentionConfig(v, dropout, seed, useCausalMask, returnAttentionScores, name);
    }

    /**
     * With dropout on the attention weights in training.
     *
     * @param v the new {@code dropout}, in [0, 1)
     * @return a copy with {@code dropout} replaced
     */
    public AdditiveAttentionConfig withDropout(double v) {
        return new AdditiveAttentionConfig(useScale, v, seed, useCausalMask, returnAttentionScores, name);
    }

    /**
     * With a seed for reproducible dropout.
     *
     * @param v the new {@code seed}
     * @return a copy with {@code seed} replaced
     */
    public AdditiveAttentionConfig withSeed(long v) {
        return new AdditiveAttentionConfig(useScale, dropout, v, useCausalMask, returnAttentionScores, name);
    }

    /**
     * With or without the causal mask.
     *
     * @param v the new {@code useCausalMask}
     * @return a copy with {@code useCausalMask} replaced
     */
    public AdditiveAttentionConfig withUseCausalMask(boolean v) {
        return new AdditiveAttentionConfig(useScale, dropout, seed, v, returnAttentionScores, name);
    }

    /**
     * With or without the attention weights as a second output.
     *
     * @param v the new {@code returnAttentionScores}
     * @return a copy with {@code returnAttentionScores} replaced
     */
    public AdditiveAttentionConfig withReturnAttentionScores(boolean v) {
        return new AdditiveAttentionConfig(useScale, dropout, seed, useCausalMask, v, name);
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
    public AdditiveAttentionConfig withIdentity(LayerIdentity id) {
        return new AdditiveAttentionConfig(useScale, dropout, seed, useCausalMask, returnAttentionScores, id.name());
    }

    @Override
    public String defaultNamePrefix() {
        return "additive_attention";
    }

    @Override
    public Layer create(String layerName) {
        return new AdditiveAttention(layerName, this);
    }
}
