package dev.engram.io.keras.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.engram.io.keras.KerasFormat;
import dev.engram.io.keras.KerasModels;
import dev.engram.io.keras.hdf5.H5Input;
import dev.engram.layers.Layer;
import dev.engram.layers.Layers;
import dev.engram.models.Model;
import dev.engram.models.ModelBuilder;
import dev.engram.models.Network;
import dev.engram.models.Sequential;
import dev.engram.models.SymbolicTensor;
import dev.engram.tensor.Tensor;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keras's layer order, which tf-keras and Keras 3 load h5 weights in by position. The expected
 * orders are what tf-keras 2.18 and Keras 3.10 print as {@code [l.name for l in model.layers]} for
 * the same graphs.
 */
class KerasLayerOrderTest {
    @TempDir
    Path dir;

    /**
     * x -> c; x -> b0 -> b; add(c, b): the engine's execution order is c, b0, b; Keras lists b0 (depth
     * 2) before c and b (depth 1, by first reach from the output), as tf-keras 2.18 prints.
     */
    private static Model branches() {
        ModelBuilder b = new ModelBuilder("branches", 3);
        SymbolicTensor x = b.input("x", 3);
        SymbolicTensor c = b.apply(Layers.dense(3).withName("c"), x);
        SymbolicTensor b0 = b.apply(Layers.dense(3).withName("b0"), x);
        SymbolicTensor deep = b.apply(Layers.dense(3).withName("b"), b0);
        return b.build(List.of(x), List.of(b.apply(Layers.add().withName("add"), c, deep)));
    }

    private static List<String> names(List<Layer> layers) {
        return layers.stream().map(Layer::name).toList();
    }

    @Test
    void functionalModelsFollowKerasDepthOrder() {
        Model m = branches();
        assertEquals(List.of("c", "b0", "b", "add"), names(m.layers()), "the engine's execution order");
        assertEquals(List.of("b0", "c", "b", "add"), names(KerasLayerOrder.of(m)));
    }

    @Test
    void aSequentialKeepsItsStackingOrder() {
        Sequential s = Sequential.seeded(1, Layers.dense(3).inputShape(2), Layers.dense(2), Layers.dense(1));
        assertEquals(names(s.layers()), names(KerasLayerOrder.of(s)));
    }

    @Test
    void h5FilesListWeightGroupsInKerasOrderAndReadBackByName() throws Exception {
        Model m = branches();
        Path file = dir.resolve("branches.h5");
        KerasModels.save(m, file, KerasFormat.H5);
        try (H5Input in = H5Input.open(file)) {
            assertEquals(List.of("b0", "c", "b"),
                    in.nameListAttribute(in.group(in.root(), "model_weights", "weights"), "layer_names"));
        }
        Network back = KerasModels.load(file);
        Tensor x = Tensor.of(new float[][] {{0.3f, -1.2f, 0.7f}, {1.1f, 0.2f, -0.4f}});
        float[] want = m.predict(x).toArray();
        float[] got = back.predict(x).toArray();
        for (int i = 0; i < want.length; i++) {
            assertEquals(want[i], got[i], 1e-6f);
        }
    }
}
