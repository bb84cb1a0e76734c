package dev.engram.io.onnx.export;

import dev.engram.layers.Layer;
import dev.engram.layers.MergeConfig;
import dev.engram.layers.MergeMode;
import java.util.ArrayList;
import java.util.List;

/**
 * The merge layers: {@code Concat}; {@code Add}/{@code Mul} folded in input order; average as the
 * sum times {@code 1/n}, as the engine computes it; {@code Sub}; variadic {@code Max}/{@code Min}.
 */
final class MergeEmitter extends KeyedEmitter<MergeConfig> {
    MergeEmitter() {
        super(MergeConfig.class, "Concatenate/Add/Multiply/Average/Subtract/Maximum/Minimum");
    }

    @Override
    public List<ExportValue> emit(GraphBuilder g, Layer layer, MergeConfig m, List<ExportValue> ins) {
        String name = layer.name();
        List<String> names = new ArrayList<>();
        for (ExportValue v : ins) {
            names.add(v.name());
        }
        String y;
        if (m.mode() == MergeMode.CONCATENATE) {
            y = g.node("Concat", name + "_concat", names, GraphBuilder.attr("axis", (long) m.axis()));
        } else if (m.mode() == MergeMode.SUBTRACT) {
            y = g.node("Sub", name + "_sub", names);
        } else if (m.mode() == MergeMode.MAXIMUM || m.mode() == MergeMode.MINIMUM) {
            boolean max = m.mode() == MergeMode.MAXIMUM;
            y = g.node(max ? "Max" : "Min", name + (max ? "_max" : "_min"), names);
        } else {
            boolean mul = m.mode() == MergeMode.MULTIPLY;
            y = names.get(0);
            for (int i = 1; i < names.size(); i++) {
                y = g.node(mul ? "Mul" : "Add", name + (mul ? "_mul" : "_add"), List.of(y, names.get(i)));
            }
            if (m.mode() == MergeMode.AVERAGE) {
                y = g.node("Mul", name + "_average", List.of(y, g.scalar("inv_count", 1f / names.size())));
            }
        }
        ExportValue x = ins.get(0);
        return List.of(x.to(y, x.rank()));
    }
}
