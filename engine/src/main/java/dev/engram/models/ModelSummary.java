package dev.engram.models;

import dev.engram.layers.Layer;
import dev.engram.layers.Parameter;
import java.util.List;

/** Renders the {@code summary()} table shared by all models. */
final class ModelSummary {
    private static final int[] COLUMNS = {33, 25, 12};

    private ModelSummary() {
    }

    static String render(String modelName, List<Layer> layers) {
        int width = COLUMNS[0] + COLUMNS[1] + COLUMNS[2];
        StringBuilder sb = new StringBuilder();
        sb.append("Model: \"").append(modelName).append("\"\n");
        sb.append("_".repeat(width)).append('\n');
        row(sb, "Layer (type)", "Output Shape", "Param #");
        sb.append("=".repeat(width)).append('\n');
        long total = 0;
        long trainable = 0;
        for (int i = 0; i < layers.size(); i++) {
            Layer l = layers.get(i);
            String shape = l.isBuilt() ? l.outputShape().prepend(-1).toString() : "(not built)";
            long count = l.isBuilt() ? l.parameterCount() : 0;
            row(sb, l.name() + " (" + l.typeName() + ")", shape, Long.toString(count));
            total += count;
            for (Parameter p : l.parameters()) {
                if (p.trainable()) {
                    trainable += p.shape().size();
                }
            }
            sb.append(i == layers.size() - 1 ? "=" .repeat(width) : "_".repeat(width)).append('\n');
        }
        sb.append("Total params: ").append(total).append('\n');
        sb.append("Trainable params: ").append(trainable).append('\n');
        sb.append("Non-trainable params: ").append(total - trainable).append('\n');
        sb.append("_".repeat(width));
        return sb.toString();
    }

    private static void row(StringBuilder sb, String a, String b, String c) {
        sb.append(pad(a, COLUMNS[0])).append(pad(b, COLUMNS[1])).append(c).append('\n');
    }

    private static String pad(String s, int w) {
        return s.length() >= w - 1 ? s + " " : s + " ".repeat(w - s.length());
    }
}
