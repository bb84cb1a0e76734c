package dev.engram.io.keras.layers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.io.keras.ModelFormatException;
import dev.engram.io.keras.internal.ConfigNode;
import dev.engram.layers.MergeConfig;
import dev.engram.layers.MergeMode;
import java.util.EnumMap;
import java.util.Map;

/** {@code Concatenate} (with its axis), {@code Add}, {@code Multiply}, {@code Average}: one config whose mode is the class. */
final class MergeCodec extends AbstractKerasLayerCodec<MergeConfig> {
    /** The class of each mode, in the order the supported list names them. */
    private static final Map<MergeMode, String> CLASSES = new EnumMap<>(Map.of(MergeMode.CONCATENATE, "Concatenate",
            MergeMode.ADD, "Add", MergeMode.MULTIPLY, "Multiply", MergeMode.AVERAGE, "Average"));

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
        return new MergeConfig(mode, axis, ctx.name());
    }

    @Override
    public ObjectNode write(MergeConfig mc, KerasWriteContext ctx) {
        ObjectNode c = ctx.header();
        if (mc.mode() == MergeMode.CONCATENATE) {
            c.put("axis", mc.axis());
        }
        return c;
    }
}
