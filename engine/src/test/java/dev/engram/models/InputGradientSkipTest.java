package dev.engram.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.engram.activations.Activations;
import dev.engram.layers.CustomLayer;
import dev.engram.layers.CustomLayerConfig;
import dev.engram.layers.DataFormat;
import dev.engram.layers.ForwardPass;
import dev.engram.layers.LayerConfig;
import dev.engram.layers.Layers;
import dev.engram.layers.Padding;
import dev.engram.layers.Parameter;
import dev.engram.layers.TrainingContext;
import dev.engram.losses.Losses;
import dev.engram.optimizers.Optimizers;
import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import dev.engram.testing.Numeric;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/**
 * A training step asks the layers that read only model inputs for their parameter gradients alone
 * ({@link ForwardPass#backwardParameters}): nothing uses a gradient with respect to the data. Those
 * gradients are bit-equal to the ones of a full backward pass, for every first layer that skips its
 * input gradient (the convolutions on each of their paths, Dense), and a layer fed by another layer
 * is still asked for its input gradient.
 */
class InputGradientSkipTest {

    /** Records whether each backward call wanted the input gradient; {@code y = x} with a unit weight. */
    static final class Recording extends CustomLayer {
        final List<Boolean> asked = new ArrayList<>();
        private Parameter w;

        Recording(String name, CustomLayerConfig config) {
            super(name, config);
        }

        @Override
        protected Shape doBuild(Shape in, RandomGenerator random) {
            w = addParameter("w", Tensor.of(Shape.of(1), new float[] {1f}), true);
            return in;
        }

        @Override
        protected Tensor doCall(Tensor x) {
            return Tensor.wrap(x.shape(), x.toArray());
        }

        @Override
        protected ForwardPass doForward(Tensor x, TrainingContext context) {
            return ForwardPass.ofOptionalInputGradient(doCall(x), (grads, inputGradient) -> {
                asked.add(inputGradient);
                float[] g = grads.get(0).buffer();
                for (int i = 0; i < g.length; i++) {
                    w.grad()[0] += g[i] * x.buffer()[i];
                }
                return inputGradient ? Tensor.wrap(x.shape(), g.clone()) : null;
            });
        }
    }

    @Test
    void onlyCallsOnModelInputsSkipTheirInputGradient() {
        ModelBuilder b = new ModelBuilder("skip", 3);
        SymbolicTensor in = b.input("x", 4);
        SymbolicTensor first = b.apply(Layers.custom("Recording", Recording::new).withName("first"), in);
        SymbolicTensor second = b.apply(Layers.custom("Recording", Recording::new).withName("second"), first);
        Model m = b.build(List.of(in), List.of(b.apply(Layers.dense(1), second)));
        m.compile(Losses.meanSquaredError(), Optimizers.sgd(0.1));
        Tensor x = Tensor.wrap(Shape.of(3, 4), Numeric.randomFloats(12, 1, 1));
        Tensor y = Tensor.wrap(Shape.of(3, 1), Numeric.randomFloats(3, 2, 1));
        m.fit(x, y, FitOptions.epochs(1).withBatchSize(3).withVerbosity(Verbosity.SILENT));
        assertEquals(List.of(false), ((Recording) m.layers().get(0)).asked, "the layer on the model input");
        assertEquals(List.of(true), ((Recording) m.layers().get(1)).asked, "the layer after it");

        // A custom training loop's full backward pass still gets the model input's gradient.
        ForwardPass pass = m.forward(x, new TrainingContext(new SplittableRandom(1)));
        Tensor dx = pass.backward(Tensor.wrap(Shape.of(3, 1), new float[] {1, 2, 3}));
        assertEquals(Shape.of(3, 4), dx.shape());
        assertEquals(List.of(false, true), ((Recording) m.layers().get(0)).asked);
    }

    @Test
    void convolutionsGiveTheSameParameterGradientsWithoutTheInputGradient() {
        // The small-filter path with one channel (transposed column gradient), with three channels and
        // padding (built columns), the GEMM path (more filters than the small-filter path takes), Conv1D,
        // Conv3D, channels-first, Dense.
        check(Layers.conv2d(8, 5).withActivation(Activations.relu()).inputShape(12, 12, 1), 12, 12, 1);
        check(Layers.conv2d(4, 3).withPadding(Padding.SAME).withActivation(Activations.tanh()).inputShape(7, 9, 3),
                7, 9, 3);
        check(Layers.conv2d(20, 3).inputShape(6, 6, 2), 6, 6, 2);
        check(Layers.conv2d(5, 3).withDataFormat(DataFormat.CHANNELS_FIRST).inputShape(2, 6, 7), 2, 6, 7);
        check(Layers.conv1d(6, 3).inputShape(10, 4), 10, 4);
        check(Layers.conv3d(3, 2).inputShape(4, 4, 4, 2), 4, 4, 4, 2);
        check(Layers.dense(7).withActivation(Activations.sigmoid()).inputShape(4, 9), 4, 9);
    }

    /** {@code first -> flatten -> dense(3)}: backwardParameters vs backwardAll on the same pass. */
    private static void check(LayerConfig first, int... sample) {
        Shape shape = Shape.of(sample).prepend(5);
        Tensor x = Tensor.wrap(shape, Numeric.randomFloats(shape.size(), 11, 1));
        float[][] full = grads(first, x, true);
        float[][] skipped = grads(first, x, false);
        for (int i = 0; i < full.length; i++) {
            assertArrayEquals(full[i], skipped[i], first.getClass().getSimpleName() + " parameter " + i);
        }
    }

    private static float[][] grads(LayerConfig first, Tensor x, boolean inputGradient) {
        Sequential m = Sequential.seeded(9, first, Layers.flatten(), Layers.dense(3));
        ForwardPass pass = m.forward(x, new TrainingContext(new SplittableRandom(2)));
        Tensor g = Tensor.wrap(pass.output().shape(), Numeric.randomFloats(pass.output().size(), 12, 1));
        if (inputGradient) {
            assertEquals(x.shape(), pass.backward(g).shape());
        } else {
            pass.backwardParameters(List.of(g));
        }
        List<Parameter> ps = m.parameters();
        float[][] out = new float[ps.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = ps.get(i).grad().clone();
        }
        return out;
    }
}
