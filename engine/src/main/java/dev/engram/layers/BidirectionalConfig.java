package dev.engram.layers;

import dev.engram.tensor.Shape;
import java.util.Objects;

/**
 * Configuration of a {@link Bidirectional} wrapper around a recurrent layer. Create with
 * {@link Layers#bidirectional(LayerConfig)}.
 *
 * @param layer      the wrapped recurrent layer (LSTM, GRU, SimpleRNN, or the generic RNN over cells); its
 *                   name, if any, names the sub-layers {@code forward_<name>} and {@code backward_<name>}
 * @param mergeMode  how the two directions combine, default {@link BidirectionalMergeMode#CONCAT}
 * @param name       null for an automatic name
 * @param inputShape per-sample shape {@code [timesteps, features]} (first layer only); when null the
 *                   wrapped layer's input shape is used
 * @param zeroMaskedSteps with a time-step mask and returnSequences: false (default, TF.js) repeats
 *                   each direction's previous output at masked steps; true (Keras 2/3, which force
 *                   zero_output_for_mask there) outputs zeros at masked steps
 */
public record BidirectionalConfig(LayerConfig<?> layer, BidirectionalMergeMode mergeMode, String name,
        Shape inputShape, boolean zeroMaskedSteps) implements LayerConfig<BidirectionalConfig> {

    /**
     * Validates the fields: the wrapped layer must be recurrent.
     *
     * @param layer      the wrapped recurrent layer (LSTM, GRU, SimpleRNN, or the generic RNN over cells); its
     *                   name, if any, names the sub-layers {@code forward_<name>} and {@code backward_<name>}
     * @param mergeMode  how the two directions combine, default {@link BidirectionalMergeMode#CONCAT}
     * @param name       null for an automatic name
     * @param inputShape per-sample shape {@code [timesteps, features]} (first layer only); when null the
     *                   wrapped layer's input shape is used
     * @param zeroMaskedSteps with a time-step mask and returnSequences: false (default, TF.js) repeats
     *                   each direction's previous output at masked steps; true (Keras 2/3, which force
     *                   zero_output_for_mask there) outputs zeros at masked steps
     */
    public BidirectionalConfig {
        Objects.requireNonNull(layer, "layer");
        Objects.requireNonNull(mergeMode, "mergeMode");
        recurrent(layer, "Bidirectional");
        if (inputShape != null && inputShape.rank() != 2) {
            throw new IllegalArgumentException("Bidirectional inputShape is [timesteps, features] (rank 2), got "
                    + inputShape);
        }
    }


    /**
     * Wraps {@code layer} with the default merge mode (concat).
     *
     * @param layer the recurrent layer to run in both directions
     * @return the configuration, concatenating the two outputs
     */
    public static BidirectionalConfig of(LayerConfig<?> layer) {
        return new BidirectionalConfig(layer, BidirectionalMergeMode.CONCAT, null, null, false);
    }

    /**
     * With {@code zeroMaskedSteps} (true: Keras semantics at masked steps).
     *
     * @param v true for zeros at masked steps (Keras), false to repeat the previous output (TF.js)
     * @return the changed configuration
     */
    public BidirectionalConfig withZeroMaskedSteps(boolean v) {
        return new BidirectionalConfig(layer, mergeMode, name, inputShape, v);
    }

    /** The per-sample input shape: this wrapper's, or else the wrapped layer's. */
    @Override
    public Shape inputShape() {
        return inputShape != null ? inputShape : layer.inputShape();
    }

    /**
     * {@return a copy with another merge mode}
     * @param m the new {@code mergeMode}
     */
    public BidirectionalConfig withMergeMode(BidirectionalMergeMode m) {
        return new BidirectionalConfig(layer, m, name, inputShape, zeroMaskedSteps);
    }

    /** {@code config} itself when it is a recurrent layer or an RNN, or an error naming {@code wrapper}. */
    static LayerConfig<?> recurrent(LayerConfig<?> config, String wrapper) {
        if (config instanceof RecurrentLayerConfig<?> || config instanceof RnnConfig) {
            return config;
        }
        if (config instanceof ActivityRegularizedConfig) {
            throw ActivityRegularizedConfig.notInWrapper(wrapper);
        }
        throw new IllegalArgumentException(wrapper + " wraps a recurrent layer (LSTM, GRU, SimpleRNN or RNN), got "
                + (config == null ? "null" : config.getClass().getSimpleName()));
    }

    /** {@return whether the wrapped layer outputs every step (then the wrapper does too)} */
    public boolean innerReturnSequences() {
        return layer instanceof RnnConfig r ? r.returnSequences() : ((RecurrentLayerConfig<?>) layer).returnSequences();
    }

    /**
     * The backward half's configuration: the wrapped layer with goBackwards flipped (named as the wrapped
     * layer; the wrapper names the sub-layers).
     *
     * @return the mirror of {@link #layer()}
     */
    public LayerConfig<?> mirror() {
        if (layer instanceof RnnConfig r) {
            return r.withGoBackwards(!r.goBackwards());
        }
        RecurrentLayerConfig<?> r = (RecurrentLayerConfig<?>) layer;
        return r.withGoBackwards(!r.goBackwards());
    }

    /** The wrapped layer's name (its own or its default prefix), which the sub-layer names extend. */
    String innerName() {
        return layer.name() != null ? layer.name() : layer.defaultNamePrefix();
    }

    @Override
    public BidirectionalConfig withIdentity(LayerIdentity id) {
        return new BidirectionalConfig(layer, mergeMode, id.name(), id.inputShape(), zeroMaskedSteps);
    }

    /** The name and this wrapper's own input shape (not the wrapped layer's), so withers keep the field. */
    @Override
    public LayerIdentity identity() {
        return new LayerIdentity(name, inputShape);
    }

    @Override
    public String defaultNamePrefix() {
        return "bidirectional";
    }

    @Override
    public Layer create(String layerName) {
        return new Bidirectional(layerName, this);
    }
}
