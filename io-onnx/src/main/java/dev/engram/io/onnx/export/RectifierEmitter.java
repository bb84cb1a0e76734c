package dev.engram.io.onnx.export;

import dev.engram.layers.EluLayerConfig;
import dev.engram.layers.Layer;
import dev.engram.layers.LayerConfig;
import dev.engram.layers.LeakyReluLayerConfig;
import dev.engram.layers.ReluLayerConfig;
import dev.engram.layers.ThresholdedReluLayerConfig;
import java.util.List;

/**
 * The weightless rectifier layers: {@code ReLU} as {@code Relu} (plus {@code Clip} for maxValue),
 * {@code LeakyRelu} for a slope alone, and in general
 * {@code Where(x > t, Min(x, max), slope * (x - t))}; {@code LeakyReLU}, {@code ELU} and
 * {@code ThresholdedReLU} as the ONNX ops of the same definitions. The mask passes on when the layer
 * passes it. One instance per config type.
 *
 * @param <C> the config type
 */
final class RectifierEmitter<C extends LayerConfig> implements OnnxLayerEmitter<C> {
    /** How one config becomes nodes. */
    private interface Body<C> {
        String emit(GraphBuilder g, String x, String name, C c);
    }

    static final RectifierEmitter<ReluLayerConfig> RELU = new RectifierEmitter<>(ReluLayerConfig.class, "ReLU",
            RectifierEmitter::relu);
    static final RectifierEmitter<LeakyReluLayerConfig> LEAKY_RELU = new RectifierEmitter<>(
            LeakyReluLayerConfig.class, "LeakyReLU", (g, x, n, c) -> g.node("LeakyRelu", n + "_leaky", List.of(x),
                    GraphBuilder.attr("alpha", (float) c.alpha())));
    static final RectifierEmitter<EluLayerConfig> ELU = new RectifierEmitter<>(EluLayerConfig.class, "ELU",
            (g, x, n, c) -> g.node("Elu", n + "_elu", List.of(x), GraphBuilder.attr("alpha", (float) c.alpha())));
    static final RectifierEmitter<ThresholdedReluLayerConfig> THRESHOLDED_RELU = new RectifierEmitter<>(
            ThresholdedReluLayerConfig.class, "ThresholdedReLU", (g, x, n, c) -> g.node("ThresholdedRelu",
                    n + "_thresholded", List.of(x), GraphBuilder.attr("alpha", (float) c.theta())));

    private final Class<C> type;
    private final String name;
    private final Body<C> body;

    private RectifierEmitter(Class<C> type, String name, Body<C> body) {
        this.type = type;
        this.name = name;
        this.body = body;
    }

    private static String relu(GraphBuilder g, String x, String n, ReluLayerConfig c) {
        if (c.negativeSlope() == 0 && c.threshold() == 0) {
            String y = g.node("Relu", n + "_relu", List.of(x));
            return c.maxValue() == null ? y : g.node("Clip", n + "_clip", List.of(y, g.scalar(n + "_min", 0f),
                    g.scalar(n + "_max", c.maxValue().floatValue())));
        }
        if (c.threshold() == 0 && c.maxValue() == null) {
            return g.node("LeakyRelu", n + "_leaky", List.of(x), GraphBuilder.attr("alpha", (float) c.negativeSlope()));
        }
        String t = g.scalar(n + "_threshold", (float) c.threshold());
        String above = g.node("Greater", n + "_above", List.of(x, t));
        String pos = c.maxValue() == null ? x : g.node("Min", n + "_capped", List.of(x, g.scalar(n + "_max",
                c.maxValue().floatValue())));
        String neg = g.node("Mul", n + "_negative", List.of(g.node("Sub", n + "_shifted", List.of(x, t)),
                g.scalar(n + "_slope", (float) c.negativeSlope())));
        return g.node("Where", n + "_relu", List.of(above, pos, neg));
    }

    @Override
    public Class<C> configType() {
        return type;
    }

    @Override
    public String exportedAs() {
        return name;
    }

    @Override
    public List<ExportValue> emit(GraphBuilder g, Layer layer, C config, List<ExportValue> ins) {
        ExportValue x = ins.get(0);
        String y = body.emit(g, x.name(), layer.name(), config);
        return List.of(new ExportValue(y, x.rank(), layer.supportsMasking() ? x.maskSource() : null));
    }
}
