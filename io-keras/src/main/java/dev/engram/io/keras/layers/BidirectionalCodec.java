package dev.engram.io.keras.layers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.io.keras.KerasDialect;
import dev.engram.io.keras.ModelFormatException;
import dev.engram.io.keras.UnsupportedLayerException;
import dev.engram.io.keras.internal.ConfigNode;
import dev.engram.layers.BidirectionalConfig;
import dev.engram.layers.BidirectionalMergeMode;
import dev.engram.layers.LayerConfig;
import dev.engram.layers.RecurrentLayerConfig;
import dev.engram.layers.RnnConfig;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * {@code Bidirectional} over LSTM, GRU, SimpleRNN or the generic {@code RNN} (one cell or
 * {@code StackedRNNCells}), read and written by their codecs. Keras 3 serialises both sub-layers
 * ({@code layer} = {@code forward_x}, {@code backward_layer} = {@code backward_x}); a backward layer must
 * be the forward one's mirror (go_backwards flipped). Merge modes concat, sum, mul, ave and null. Whether
 * masked steps output zeros is the dialect's ({@link KerasDialect#bidirectionalZeroesMaskedSteps}).
 * TF.js 4.22 cannot build a Bidirectional around {@code tf.layers.rnn} (see {@link #writes}).
 */
final class BidirectionalCodec extends AbstractKerasLayerCodec<BidirectionalConfig> {
    private static final Map<BidirectionalMergeMode, String> MODES = new EnumMap<>(Map.of(
            BidirectionalMergeMode.CONCAT, "concat", BidirectionalMergeMode.SUM, "sum",
            BidirectionalMergeMode.MUL, "mul", BidirectionalMergeMode.AVE, "ave"));

    BidirectionalCodec() {
        super(BidirectionalConfig.class, "Bidirectional");
    }

    @Override
    public BidirectionalConfig read(ConfigNode c, KerasReadContext ctx) throws ModelFormatException {
        String name = ctx.name();
        ConfigNode inner = c.get("layer").requireObject();
        LayerConfig<?> rec = ctx.readWrapped(inner);
        if (!(rec instanceof RecurrentLayerConfig<?> || rec instanceof RnnConfig)) {
            throw new UnsupportedLayerException(c.file(), inner.pointer(), name, "Bidirectional", "Bidirectional '"
                    + name + "' wraps " + KerasEntries.className(inner)
                    + "; the engine's Bidirectional wraps LSTM, GRU, SimpleRNN or RNN");
        }
        if (!c.get("num_constants").isNullOrMissing() && c.get("num_constants").asInt(0) != 0) {
            throw new UnsupportedLayerException(c.file(), c.get("num_constants").pointer(), name, "Bidirectional",
                    "Bidirectional '" + name + "' has constants; Engram does not support RNN constants");
        }
        // Keras 3 serialises the forward sub-layer ("forward_lstm") as `layer`; Keras strips the prefix again.
        String innerName = rec.name() != null && rec.name().startsWith("forward_") && ctx.dialect().isKeras3()
                ? rec.name().substring("forward_".length()) : rec.name();
        // An RNN named by Keras's default ("rnn") reads back unnamed, as the RNN codec reads its cells' names,
        // so an engine model with an unnamed RNN writes and reads back equal.
        rec = rec.withName(rec instanceof RnnConfig && rec.defaultNamePrefix().equals(innerName) ? null : innerName);
        ConfigNode back = c.get("backward_layer");
        if (!back.isNullOrMissing()) {
            LayerConfig<?> b = ctx.readWrapped(back.requireObject());
            LayerConfig<?> expected = BidirectionalConfig.of(rec).mirror();
            if (!b.withName(rec.name()).equals(expected)) {
                throw new UnsupportedLayerException(c.file(), back.pointer(), name, "Bidirectional", "Bidirectional '"
                        + name + "' has a backward_layer that is not the mirror of its forward layer (same config with"
                        + " go_backwards flipped); Engram's Bidirectional builds the backward layer as that mirror");
            }
        }
        return new BidirectionalConfig(rec, mergeMode(c, name), name, ctx.inputShape(),
                ctx.dialect().bidirectionalZeroesMaskedSteps());
    }

    private static BidirectionalMergeMode mergeMode(ConfigNode c, String name) throws ModelFormatException {
        ConfigNode mm = c.get("merge_mode");
        if (mm.isNullOrMissing()) {
            return c.has("merge_mode") ? BidirectionalMergeMode.NONE : BidirectionalMergeMode.CONCAT;
        }
        String mode = mm.asString();
        for (Map.Entry<BidirectionalMergeMode, String> e : MODES.entrySet()) {
            if (e.getValue().equals(mode)) {
                return e.getKey();
            }
        }
        throw mm.error("unknown merge mode '" + mode + "' of Bidirectional '" + name
                + "'; expected \"concat\", \"sum\", \"mul\", \"ave\" or null");
    }

    /**
     * TF.js parity: tfjs-layers 4.22 cannot build a Bidirectional around {@code tf.layers.rnn}: its
     * {@code RNN.fromConfig} replaces the shared config's {@code cell} entry with the built cell when the
     * forward copy is made, so the backward copy fails ("Improper config format"), when constructing and
     * when loading a model.json alike.
     */
    @Override
    public boolean writes(BidirectionalConfig config, KerasDialect d) {
        LayerConfig<?> inner = config.layer();
        return KerasLayers.codec(inner) != null && KerasLayers.codec(inner).writes(inner, d)
                && !(d == KerasDialect.TFJS && inner instanceof RnnConfig);
    }

    @Override
    public ObjectNode write(BidirectionalConfig b, KerasWriteContext ctx) throws ModelFormatException {
        LayerConfig<?> inner = b.layer();
        if (ctx.dialect() == KerasDialect.TFJS && inner instanceof RnnConfig) {
            throw ctx.at("layer").error("a Bidirectional around an RNN cannot be written for TF.js: tfjs-layers 4.22"
                    + " fails to build it (RNN.fromConfig consumes the shared config's cell, so the backward copy"
                    + " throws \"Improper config format\"), also when loading; save it as Keras h5 or .keras");
        }
        ObjectNode c = ctx.header();
        String innerName = inner.name() != null ? inner.name() : inner.defaultNamePrefix();
        String mode = MODES.get(b.mergeMode());
        if (mode == null) {
            c.putNull("merge_mode");
        } else {
            c.put("merge_mode", mode);
        }
        if (ctx.dialect().isKeras3()) {
            // Keras 3 serialises its forward and backward sub-layers (it strips the prefixes on load).
            c.set("layer", ctx.writeWrapped(inner, "forward_" + innerName, "layer"));
            c.set("backward_layer", ctx.writeWrapped(b.mirror(),
                    "backward_" + innerName, "backward_layer"));
        } else {
            c.set("layer", KerasEntries.nested(ctx.writeWrapped(inner, innerName, "layer"), ctx.dialect()));
        }
        return c;
    }

    @Override
    public List<String> weightNames(BidirectionalConfig config) {
        List<String> inner = KerasLayers.codec(config.layer()).weightNames(config.layer());
        List<String> out = new ArrayList<>();
        for (String prefix : List.of("forward_", "backward_")) {
            inner.forEach(w -> out.add(prefix + w));
        }
        return out;
    }
}
