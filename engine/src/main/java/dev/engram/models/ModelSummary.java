package dev.engram.models;

import dev.engram.layers.Layer;
import dev.engram.layers.Parameter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** Renders the {@code summary()} tables of Sequential (three columns) and functional models (four). */
final class ModelSummary {
    private static final int[] COLUMNS = {33, 25, 12, 30};

    private ModelSummary() {
    }

    static String render(String modelName, List<Layer> layers) {
        List<String[]> rows = new ArrayList<>();
        for (Layer l : layers) {
            rows.add(row(l, null));
        }
        return table(modelName, rows, false, layers);
    }

    static String render(String modelName, Graph graph) {
        List<String[]> rows = new ArrayList<>();
        for (SymbolicTensor in : graph.inputs) {
            rows.add(new String[] {in.name() + " (Input)", in.shape().prepend(-1).toString(), "0", ""});
        }
        for (Node n : graph.order) {
            String from = n.inputs.stream().map(SymbolicTensor::name).collect(Collectors.joining(", "));
            rows.add(row(n.layer, from));
        }
        return table(modelName, rows, true, graph.layers);
    }

    private static String[] row(Layer l, String connectedTo) {
        String shape = l.isBuilt() ? l.outputShape().prepend(-1).toString() : "(not built)";
        long count = l.isBuilt() ? l.parameterCount() : 0;
        return new String[] {l.name() + " (" + l.typeName() + ")", shape, Long.toString(count),
            connectedTo == null ? "" : connectedTo};
    }

    private static String table(String modelName, List<String[]> rows, boolean connections, List<Layer> layers) {
        int cols = connections ? 4 : 3;
        int width = 0;
        for (int c = 0; c < cols; c++) {
            width += COLUMNS[c];
        }
        StringBuilder sb = new StringBuilder();
        sb.append("Model: \"").append(modelName).append("\"\n");
        sb.append("_".repeat(width)).append('\n');
        line(sb, cols, "Layer (type)", "Output Shape", "Param #", "Connected to");
        sb.append("=".repeat(width)).append('\n');
        for (int i = 0; i < rows.size(); i++) {
            String[] r = rows.get(i);
            line(sb, cols, r[0], r[1], r[2], r[3]);
            sb.append(i == rows.size() - 1 ? "=".repeat(width) : "_".repeat(width)).append('\n');
        }
        long total = 0;
        long trainable = 0;
        for (Layer l : layers) {
            for (Parameter p : l.parameters()) {
                total += p.shape().size();
                if (p.trainable()) {
                    trainable += p.shape().size();
                }
            }
        }
        sb.append("Total params: ").append(total).append('\n');
        sb.append("Trainable params: ").append(trainable).append('\n');
        sb.append("Non-trainable params: ").append(total - trainable).append('\n');
        sb.append("_".repeat(width));
        return sb.toString();
    }

    private static void line(StringBuilder sb, int cols, String... cells) {
        for (int c = 0; c < cols; c++) {
            String s = cells[c];
            sb.append(c == cols - 1 ? s : (s.length() >= COLUMNS[c] - 1 ? s + " " : s + " ".repeat(COLUMNS[c] - s.length())));
        }
        sb.append('\n');
    }
}
