package dev.engram.io.keras.layers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.io.keras.KerasDialect;
import dev.engram.io.keras.ModelFormatException;
import dev.engram.io.keras.internal.ConfigNode;
import dev.engram.layers.MergeConfig;
import dev.engram.layers.MergeMaskRule;
import dev.engram.layers.MergeMode;
import java.util.EnumMap;
import java.util.Map;

/**
 * {@code Concatenate} (with its axis), {@code Add}, {@code Multiply}, {@code Average}, {@code Subtract},
 * {@code Maximum}, {@code Minimum}: one config whose mode is the class (tf-keras 2 and Keras 3 alike; TF.js 4.22
 * has every class but {@code Subtract}, which it cannot read, so a Subtract is not written as TF.js).
 */
final class MergeCodec extends AbstractKerasLayerCodec<MergeConfig> {
    /** The class of each mode, in the order the supported list names them. */
    private static final Map<MergeMode, String> CLASSES = new EnumMap<>(Map.of(MergeMode.CONCATENATE, "Concatenate",
            MergeMode.ADD, "Add", MergeMode.MULTIPLY, "Multiply", MergeMode.AVERAGE, "Average",
            MergeMode.SUBTRACT, "Subtract", MergeMode.MAXIMUM, "Maximum", MergeMode.MINIMUM, "Minimum"));

    MergeCodec() {
        super(MergeConfig.class, CLASSES.values().toArray(String[]::new));
    }

    @Override
    public String className(MergeConfig config) {
        return CLASSES.get(config.mode());
    }

    @Override
    public MergeConfig read(ConfigNode c, KerasReadContext ctx) throws ModelFormatException {
        MergeMode mode = CLASSES.entrySet().stream().filter(e -> e.getValue().equals(ctx.className())).findFirst()
                .orElseThrow().getKey();
        int axis = mode == MergeMode.CONCATENATE && !c.get("axis").isNullOrMissing() ? c.get("axis").json().asInt() : -1;
        // The peers combine masks differently (tf-keras 2 and TF.js AND them; Keras 3 ORs them): the file's rule
        return new MergeConfig(mode, axis, ctx.name(),
                ctx.is(KerasDialect.KERAS_3) ? MergeMaskRule.KERAS3 : MergeMaskRule.ALL);
    }

    @Override
    public boolean writes(MergeConfig config, KerasDialect d) {
        return d != KerasDialect.KERAS_1 && !(d == KerasDialect.TFJS && config.mode() == MergeMode.SUBTRACT);
    }

    @Override
    public ObjectNode write(MergeConfig mc, KerasWriteContext ctx) throws ModelFormatException {
        if (!writes(mc, ctx.dialect())) {
            throw ctx.at("name").error("layer '" + ctx.name() + "' (" + CLASSES.get(mc.mode()) + ") has no "
                    + ctx.dialect() + " form: TF.js 4.22 has no Subtract layer and cannot load one");
        }
        ObjectNode c = ctx.header();
        if (mc.mode() == MergeMode.CONCATENATE) {
            c.put("axis", mc.axis());
        }
        return c;
    }
}
