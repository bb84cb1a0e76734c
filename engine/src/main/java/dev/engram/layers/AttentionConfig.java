package dev.engram.layers;

import dev.engram.tensor.Shape;
import java.util.Objects;

/**
 * Configuration of an {@link Attention} layer (Keras 3 and tf-keras {@code Attention}; not in TF.js). Create
 * with {@link Layers#attention()}. Keras defaults: useScale false, scoreMode dot, dropout 0, not causal,
 * one output. {@code useCausalMask} and {@code returnAttentionScores} are call arguments in Keras
 * (stored with the call in a model file); here they are fixed per layer.
 *
 * @param useScale              whether a learned scale multiplies the scores
 * @param scoreMode             how query and key steps are scored
 * @param dropout               fraction of attention weights dropped in training, in [0, 1)
 * @param seed                  seed of the layer's own dropout generator, or null for the training loop's
 * @param useCausalMask         whether query step i may only attend to key steps j &lt;= i
 * @param returnAttentionScores whether a second output gives the attention weights [batch, Tq, Tv]
 * @param name                  null for an automatic name
 */
public record AttentionConfig(boolean useScale, AttentionScoreMode scoreMode, double dropout, Long seed, boolean useCausalMask,
        boolean returnAttentionScores, String name) implements LayerConfig<AttentionConfig> {

    /**
     * Validates the fields.
     *
     * @param useScale              whether a learned scale multiplies the scores
     * @param scoreMode             how query and key steps are scored
     * @param dropout               fraction of attention weights dropped in training, in [0, 1)
     * @param seed                  seed of the layer's own dropout generator, or null
     * @param useCausalMask         whether query step i may only attend to key steps j &lt;= i
     * @param returnAttentionScores whether a second output gives the attention weights
     * @param name                  null for an automatic name
     */
    public AttentionConfig {
        Objects.requireNonNull(scoreMode, "scoreMode");
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("Attention dropout must be in [0, 1), got " + dropout);
        }
    }

    /**
     * Attention with Keras defaults.
     *
     * @return the configuration
     */
    public static AttentionConfig defaults() {
        return new AttentionConfig(false, AttentionScoreMode.DOT, 0, null, false, false, null);
    }

    /**
     * With or without the learned scale.
     *
     * @param v the new {@code useScale}
     * @return a copy with {@code useScale} replaced
     */
    public AttentionConfig withUseScale(boolean v) {
        return new AttentionConfig(v, scoreMode, dropout, seed, useCausalMask, returnAttentionScores, name);
    }

    /**
     * With a score mode.
     *
     * @param v the new {@code scoreMode}
     * @return a copy with {@code scoreMode} replaced
     */
    public AttentionConfig withScoreMode(AttentionScoreMode v) {
        return new AttentionConfig(useScale, v, dropout, seed, useCausalMask, returnAttentionScores, name);
    }

    /**
     * With dropout on the attention weights in training.
     *
     * @param v the new {@code dropout}, in [0, 1)
     * @return a copy with {@code dropout} replaced
     */
    public AttentionConfig withDropout(double v) {
        return new AttentionConfig(useScale, scoreMode, v, seed, useCausalMask, returnAttentionScores, name);
    }

    /**
     * With a seed for reproducible dropout.
     *
     * @param v the new {@code seed}
     * @return a copy with {@code seed} replaced
     */
    public AttentionConfig withSeed(long v) {
        return new AttentionConfig(useScale, scoreMode, dropout, v, useCausalMask, returnAttentionScores, name);
    }

    /**
     * With or without the causal mask.
     *
     * @param v the new {@code useCausalMask}
     * @return a copy with {@code useCausalMask} replaced
     */
    public AttentionConfig withUseCausalMask(boolean v) {
        return new AttentionConfig(useScale, scoreMode, dropout, seed, v, returnAttentionScores, name);
    }

    /**
     * With or without the attention weights as a second output.
     *
     * @param v the new {@code returnAttentionScores}
     * @return a copy with {@code returnAttentionScores} replaced
     */
    public AttentionConfig withReturnAttentionScores(boolean v) {
        return new AttentionConfig(useScale, scoreMode, dropout, seed, useCausalMask, v, name);
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
    public AttentionConfig withIdentity(LayerIdentity id) {
        return new AttentionConfig(useScale, scoreMode, dropout, seed, useCausalMask, returnAttentionScores, id.name());
    }

    @Override
    public String defaultNamePrefix() {
        return "attention";
    }

    @Override
    public Layer create(String layerName) {
        return new Attention(layerName, this);
    }
}
