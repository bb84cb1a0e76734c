package dev.engram.io.keras.layers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.io.keras.internal.ConfigNode;
import dev.engram.io.keras.KerasDialect;
import dev.engram.io.keras.ModelFormatException;
import dev.engram.io.keras.UnsupportedLayerException;
import dev.engram.layers.SoftmaxLayerConfig;
import java.util.List;

/**
 * {@code Softmax}: one {@code axis} (TF.js default 1, Keras default -1; a one-element list is
 * accepted, several axes are refused). The mask passes through in Keras and is dropped in TF.js.
 */
final class SoftmaxCodec implements KerasLayerCodec<SoftmaxLayerConfig> {
    @Override
    public List<String> classNames() {
        return List.of("Softmax");
    }

    @Override
    public Class<SoftmaxLayerConfig> configType() {
        return SoftmaxLayerConfig.class;
    }

    @Override
    public SoftmaxLayerConfig read(ConfigNode c, KerasReadContext ctx) throws ModelFormatException {
        boolean tfjs = ctx.is(KerasDialect.TFJS);
        ConfigNode axis = c.get("axis");
        List<Integer> axes = SequenceKeys.ints(axis, Integer.MIN_VALUE);
        if (axes.size() > 1) {
            throw new UnsupportedLayerException(c.file(), axis.pointer(), ctx.name(), "Softmax", "Softmax '"
                    + ctx.name() + "' normalises over axes " + axis.describe() + "; Engram's Softmax takes one axis");
        }
        // TF.js parity: tfjs-layers 4.22 Softmax DEFAULT_AXIS is 1.0; Keras's is -1.
        int a = axes.isEmpty() ? (tfjs ? 1 : -1) : axes.get(0);
        if (a == 0) {
            throw axis.expected("a non-batch axis");
        }
        return new SoftmaxLayerConfig(a, !tfjs, ctx.name(), ctx.inputShape());
    }

    @Override
    public ObjectNode write(SoftmaxLayerConfig s, KerasWriteContext ctx) {
        ObjectNode c = ctx.header();
        c.put("axis", s.axis());
        return c;
    }

    @Override
    public List<String> weightNames(SoftmaxLayerConfig config) {
        return List.of();
    }
}
