package dev.engram.io.onnx.export;

import dev.engram.layers.CategoryEncodingConfig;
import dev.engram.layers.CategoryOutputMode;
import dev.engram.layers.Layer;
import java.util.List;

/**
 * CategoryEncoding: the ids {@code [batch, n]} compared with {@code 0..numTokens-1}
 * ({@code Equal} of {@code [batch, n, 1]} and {@code [numTokens]}, cast to float) give the one-hot
 * rows; multi-hot takes their {@code ReduceMax} over the ids, count their {@code ReduceSum}, and
 * one-hot of a single id drops that axis. Ids outside the range match no token (the engine refuses
 * them instead).
 */
final class CategoryEncodingEmitter extends KeyedEmitter<CategoryEncodingConfig> {
    CategoryEncodingEmitter() {
        super(CategoryEncodingConfig.class, "CategoryEncoding");
    }

    @Override
    public List<ExportValue> emit(GraphBuilder g, Layer layer, CategoryEncodingConfig c, List<ExportValue> ins) {
        String name = layer.name();
        String ids = ins.get(0).rank() == 1 ? g.unsqueeze(ins.get(0).name(), 1) : ins.get(0).name();
        float[] tokens = new float[c.numTokens()];
        for (int i = 0; i < tokens.length; i++) {
            tokens[i] = i;
        }
        String eq = g.node("Equal", name + "_match", List.of(g.unsqueeze(ids, 2),
                g.floats(name + "_tokens", new int[] {tokens.length}, tokens)));
        String hot = g.node("Cast", name + "_one_hot", List.of(eq), GraphBuilder.attr("to", 1L));
        int n = ins.get(0).rank() == 1 ? 1 : layer.inputShape().dim(0);
        if (c.outputMode() == CategoryOutputMode.ONE_HOT && n != 1) {
            return List.of(new ExportValue(hot, 3, null));
        }
        String y = g.reduce(c.outputMode() == CategoryOutputMode.COUNT ? "ReduceSum" : "ReduceMax", hot,
                name + "_encoded", false, 1);
        return List.of(new ExportValue(y, 2, null));
    }
}
