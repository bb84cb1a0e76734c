package dev.engram.layers;

import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import dev.engram.testing.LayerContractTest;
import dev.engram.testing.LayerGradientCheck;
import dev.engram.testing.LayerGradientCheck.Options;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Embedding: the layer contract (ids as input) and the gradient check of repeated ids. */
class EmbeddingTest extends LayerContractTest {

    @Override
    protected Spec spec() {
        return spec(Layers.embedding(5, 3).inputShape(4), Shape.of(4, 3), weight("embeddings", 5, 3));
    }

    @Override
    protected List<Tensor> inputs(int batch, long seed) {
        float[] ids = new float[batch * 4];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = (i * 7 + seed) % 5;
        }
        return new ArrayList<>(List.of(Tensor.wrap(Shape.of(batch, 4), ids)));
    }

    @Override
    protected boolean differentiableInput() {
        return false;
    }

    @Test
    void embeddingAccumulatesRowsOfRepeatedIds() {
        Layer layer = Layers.embedding(5, 3).create("embedding");
        layer.build(Shape.of(4), new SplittableRandom(1));
        Tensor ids = Tensor.wrap(Shape.of(2, 4), new float[] {1, 4, 1, 0, 3, 3, 3, 2});
        LayerGradientCheck.check("embedding", layer, ids, null, Options.RANDOM_PARAMETERS.withoutInputGradient(), a -> {
            double[] y = new double[8 * 3];
            for (int i = 0; i < 8; i++) {
                System.arraycopy(a[1], (int) a[0][i] * 3, y, i * 3, 3);
            }
            return List.of(y);
        });
        Layer one = Layers.embedding(2, 2).create("e1");
        one.build(Shape.of(1), new SplittableRandom(1));
        LayerGradientCheck.check("embedding T1 B1", one, Tensor.wrap(Shape.of(1, 1), new float[] {1}), null, Options.RANDOM_PARAMETERS.withoutInputGradient(),
                a -> List.of(new double[] {a[1][2], a[1][3]}));
    }
}
