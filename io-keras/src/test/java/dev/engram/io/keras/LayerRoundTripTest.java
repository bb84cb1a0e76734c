package dev.engram.io.keras;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.engram.activations.Activations;
import dev.engram.constraints.Constraints;
import dev.engram.io.keras.h5.KerasH5Reader;
import dev.engram.io.keras.h5.KerasH5Writer;
import dev.engram.io.keras.kerasv3.KerasV3Archive;
import dev.engram.io.keras.tfjs.TfjsModelReader;
import dev.engram.io.keras.tfjs.TfjsModelWriter;
import dev.engram.layers.BidirectionalMergeMode;
import dev.engram.layers.Layer;
import dev.engram.layers.LayerConfig;
import dev.engram.layers.Layers;
import dev.engram.layers.Padding;
import dev.engram.layers.Parameter;
import dev.engram.layers.WeightRules;
import dev.engram.models.Model;
import dev.engram.models.ModelBuilder;
import dev.engram.models.Network;
import dev.engram.models.Sequential;
import dev.engram.models.SymbolicTensor;
import dev.engram.regularizers.Regularizers;
import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every engine layer, Sequential and functional, through every format and back: TF.js model.json,
 * Keras h5 in the KERAS_2 and KERAS_3 dialects, and Keras 3 .keras. The model read back has the same
 * layer configs (every field), the same weights and predicts bit-identically. Weights are random
 * (BatchNormalization's moving variance positive) so that a swapped or transposed weight shows.
 */
class LayerRoundTripTest {
    @TempDir
    Path tmp;

    private enum Format { TFJS, H5_KERAS2, H5_KERAS3, KERAS }

    private record Case(String name, Supplier<Network> model, List<Format> formats) {
    }

    private static final List<Format> ALL = List.of(Format.values());
    private static final List<Format> KERAS_ONLY = List.of(Format.H5_KERAS2, Format.H5_KERAS3, Format.KERAS);

    private static List<Case> cases() {
        WeightRules rules = WeightRules.NONE.withKernelRegularizer(Regularizers.l1l2(0.01, 0.02))
                .withRecurrentRegularizer(Regularizers.l2(0.003)).withBiasRegularizer(Regularizers.l1(0.004))
                .withKernelConstraint(Constraints.maxNorm(2.5, 0)).withRecurrentConstraint(Constraints.unitNorm(1))
                .withBiasConstraint(Constraints.nonNeg());
        List<Case> out = new ArrayList<>();
        out.add(new Case("gru_reset_before_dense", () -> Sequential.seeded(1,
                Layers.gru(4).withRecurrentActivation(Activations.sigmoid()).withResetAfter(false).withDropout(0.1)
                        .withRecurrentDropout(0.2).withWeightRules(rules).inputShape(5, 3),
                Layers.dense(2).withKernelRegularizer(Regularizers.l2(0.5)).withBiasConstraint(Constraints.minMaxNorm(0.1, 2, 0.5, 0))),
                ALL));
        out.add(new Case("gru_reset_after", () -> Sequential.seeded(2,
                Layers.gru(3).withRecurrentActivation(Activations.sigmoid()).withResetAfter(true).withReturnSequences(true)
                        .withGoBackwards(true).inputShape(4, 2), Layers.flatten(), Layers.dense(1)), KERAS_ONLY));
        out.add(new Case("simple_rnn_lstm_rules", () -> Sequential.seeded(3,
                Layers.simpleRnn(4).withReturnSequences(true).withDropout(0.25).withWeightRules(rules).inputShape(6, 2),
                Layers.lstm(3).withRecurrentActivation(Activations.sigmoid()).withRecurrentDropout(0.3).withWeightRules(rules),
                Layers.dense(2).withActivation(Activations.softmax())), ALL));
        out.add(new Case("bidirectional_concat_sum_timedistributed", () -> Sequential.seeded(4,
                Layers.bidirectional(Layers.lstm(3).withRecurrentActivation(Activations.sigmoid()).withReturnSequences(true))
                        .inputShape(5, 2),
                Layers.bidirectional(Layers.gru(2).withRecurrentActivation(Activations.sigmoid()).withResetAfter(false)
                        .withReturnSequences(true), BidirectionalMergeMode.SUM),
                Layers.timeDistributed(Layers.dense(3).withActivation(Activations.tanh()))), ALL));
        out.add(new Case("bidirectional_mul_ave_simple_rnn", () -> Sequential.seeded(5,
                Layers.bidirectional(Layers.simpleRnn(3).withReturnSequences(true), BidirectionalMergeMode.MUL)
                        .inputShape(4, 2),
                Layers.bidirectional(Layers.simpleRnn(2), BidirectionalMergeMode.AVE)), ALL));
        out.add(new Case("embedding_mask_zero_lstm", () -> Sequential.seeded(6,
                Layers.embedding(10, 4).withMaskZero(true).withInputLength(6),
                Layers.lstm(3).withRecurrentActivation(Activations.sigmoid()), Layers.dense(2)), ALL));
        out.add(new Case("masking_lstm_repeat_vector", () -> Sequential.seeded(7,
                Layers.masking(0).inputShape(5, 3), Layers.lstm(3).withRecurrentActivation(Activations.sigmoid()),
                Layers.repeatVector(2), Layers.reshape(3, 2), Layers.activation(Activations.relu())), ALL));
        out.add(new Case("conv1d_pooling_norms", () -> Sequential.seeded(8,
                Layers.conv1d(4, 3).withPadding(Padding.CAUSAL).withDilationRate(2).withActivation(Activations.relu())
                        .inputShape(9, 2),
                Layers.conv1d(3, 2).withPadding(Padding.SAME).withStrides(2),
                Layers.layerNormalization(), Layers.batchNormalization(),
                Layers.globalMaxPooling1d(), Layers.dense(2)), KERAS_ONLY));
        out.add(new Case("conv1d_same_dilated_norms", () -> Sequential.seeded(12,
                Layers.conv1d(4, 3).withPadding(Padding.SAME).withDilationRate(2).inputShape(9, 2),
                Layers.batchNormalization(), Layers.layerNormalization(), Layers.globalMaxPooling1d()), ALL));
        out.add(new Case("conv1d_valid_average_pooling", () -> Sequential.seeded(9,
                Layers.conv1d(2, 3).withUseBias(false).inputShape(7, 2), Layers.globalAveragePooling1d(),
                Layers.dropout(0.3)), ALL));
        out.add(new Case("functional_two_in_two_out_shared", LayerRoundTripTest::twoInTwoOut, ALL));
        out.add(new Case("functional_lstm_initial_state", LayerRoundTripTest::initialState, ALL));
        return out;
    }

    /** Two inputs, two outputs, a shared Dense applied to both inputs, every merge layer. */
    static Model twoInTwoOut() {
        ModelBuilder b = new ModelBuilder("two_in_two_out", 10);
        SymbolicTensor seq = b.input("series", 5, 3);
        SymbolicTensor feat = b.input("features", 3);
        Layer shared = b.layer(Layers.dense(3).withActivation(Activations.tanh()).withName("shared"));
        SymbolicTensor h = b.apply(Layers.gru(3).withRecurrentActivation(Activations.sigmoid()).withResetAfter(false), seq);
        SymbolicTensor a = b.apply(shared, h);
        SymbolicTensor c = b.apply(shared, feat);
        SymbolicTensor sum = b.apply(Layers.add(), a, c);
        SymbolicTensor prod = b.apply(Layers.multiply(), a, c);
        SymbolicTensor avg = b.apply(Layers.average(), sum, prod);
        SymbolicTensor cat = b.apply(Layers.concatenate(), avg, feat);
        SymbolicTensor price = b.apply(Layers.dense(1).withName("price"), cat);
        SymbolicTensor trend = b.apply(Layers.dense(2).withActivation(Activations.softmax()).withName("trend"), cat);
        return b.build(List.of(seq, feat), List.of(price, trend));
    }

    /**
     * Branches of equal weight shapes whose Keras order (b0, c, b: by depth) differs from the engine's
     * execution order (c, b0, b): Keras loads an h5 file's weights by position in its own order.
     */
    static Model branchesOfEqualShapes() {
        ModelBuilder b = new ModelBuilder("branches", 12);
        SymbolicTensor x = b.input("x", 3);
        SymbolicTensor c = b.apply(Layers.dense(3).withActivation(Activations.tanh()).withName("c"), x);
        SymbolicTensor b0 = b.apply(Layers.dense(3).withName("b0"), x);
        SymbolicTensor deep = b.apply(Layers.dense(3).withName("b"), b0);
        SymbolicTensor out = b.apply(Layers.add().withName("add"), c, deep);
        return b.build(List.of(x), List.of(out));
    }

    /** An LSTM whose initial state comes from a second input through two Dense layers. */
    static Model initialState() {
        ModelBuilder b = new ModelBuilder("initial_state", 11);
        SymbolicTensor seq = b.input("seq", 4, 2);
        SymbolicTensor ctx = b.input("ctx", 3);
        SymbolicTensor h0 = b.apply(Layers.dense(3).withActivation(Activations.tanh()).withName("h0"), ctx);
        SymbolicTensor c0 = b.apply(Layers.dense(3).withName("c0"), ctx);
        SymbolicTensor out = b.apply(Layers.lstm(3).withRecurrentActivation(Activations.sigmoid()).withName("lstm"),
                seq, h0, c0);
        return b.build(List.of(seq, ctx), List.of(b.apply(Layers.dense(2).withName("head"), out)));
    }

    @TestFactory
    Stream<DynamicTest> everyLayerThroughEveryFormat() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Case c : cases()) {
            for (Format f : c.formats()) {
                tests.add(DynamicTest.dynamicTest(c.name() + " " + f, () -> roundTrip(c, f)));
            }
        }
        return tests.stream();
    }

    private void roundTrip(Case c, Format f) throws IOException {
        Network m = c.model().get();
        randomize(m, 42);
        List<Tensor> xs = inputs(m, 7);
        List<Tensor> expected = m.predict(xs);
        Path p = tmp.resolve(c.name() + "_" + f);
        Network back = switch (f) {
            case TFJS -> {
                TfjsModelWriter.write(m, p, TfjsWriteOptions.defaults());
                yield TfjsModelReader.read(p.resolve("model.json"));
            }
            case H5_KERAS2 -> {
                KerasH5Writer.write(m, p, KerasH5Options.defaults());
                yield KerasH5Reader.read(p);
            }
            case H5_KERAS3 -> {
                KerasH5Writer.write(m, p, KerasH5Options.keras3());
                yield KerasH5Reader.read(p);
            }
            case KERAS -> {
                KerasV3Archive.write(m, p);
                yield KerasV3Archive.read(p);
            }
        };
        assertEquals(m.getClass(), back.getClass());
        assertEquals(m.layers().size(), back.layers().size(), "layers");
        for (int i = 0; i < m.layers().size(); i++) {
            Layer a = m.layers().get(i);
            Layer b = back.layers().get(i);
            assertEquals(a.name(), b.name());
            String want = withoutInputShape(a.config(), a.name());
            if (f == Format.H5_KERAS3 || f == Format.KERAS) {
                // Keras 3 has no Embedding input_length: the length lives on the model's input shape only.
                want = want.replaceAll("inputLength=\\d+", "inputLength=null");
            }
            assertEquals(want, withoutInputShape(b.config(), b.name()), "config of layer " + a.name());
        }
        List<Tensor> wa = m.getWeights();
        List<Tensor> wb = back.getWeights();
        assertEquals(wa.size(), wb.size());
        for (int i = 0; i < wa.size(); i++) {
            assertEquals(wa.get(i), wb.get(i), "weight " + m.parameters().get(i).path());
        }
        List<Tensor> got = back.predict(xs);
        assertEquals(expected, got, "predictions");
        assertEquals(m.inputShapes(), back.inputShapes());
    }

    /**
     * Configs compare on every field except names (compared as layer names), per-layer input shapes
     * (a file keeps them on the model's input) and initializers (a TF.js-default initializer has no
     * same-named Keras equivalent and is written as the VarianceScaling that draws the same
     * distribution; it does not affect loaded weights) and the mask-semantics fields, which follow the
     * file's dialect (without a mask they do not change the function; MaskSemanticsTest covers them).
     */
    private static String withoutInputShape(LayerConfig c, String name) {
        return c.toString().replaceAll("name=[^,\\]]*", "name=").replaceAll(", inputShape=(null|\\[[^\\]]*\\])", "")
                .replaceAll(", (zeroMaskedSteps|useMask|maskRule)=\\w+", "")
                .replaceAll("(\\w*[iI]nitializer)=\\w+\\[[^\\]]*\\]", "$1=");
    }

    static void randomize(Network m, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        for (Parameter p : m.parameters()) {
            float[] v = new float[p.shape().size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) (p.name().equals("movingVariance") ? 0.5 + r.nextDouble() : r.nextDouble(-0.8, 0.8));
            }
            // As after a training step: weights satisfy their constraints (TF.js projects them on load, and the
            // TF.js writer refuses weights that would change)
            p.constraint().ifPresent(c -> c.apply(v, p.shape()));
            p.assign(Tensor.of(p.shape(), v));
        }
    }

    static List<Tensor> inputs(Network m, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<Tensor> xs = new ArrayList<>();
        boolean ids = m.layers().get(0).config() instanceof dev.engram.layers.EmbeddingConfig;
        for (int k = 0; k < m.inputShapes().size(); k++) {
            Shape s = m.inputShapes().get(k);
            // inputs named "...mask" (attention masks) are 0/1
            boolean mask = m instanceof dev.engram.models.Model g && g.inputs().get(k).name().endsWith("mask");
            int[] dims = s.prepend(2).toArray();
            for (int i = 0; i < dims.length; i++) {
                dims[i] = dims[i] == Shape.UNKNOWN ? 4 : dims[i];
            }
            Shape full = Shape.of(dims);
            float[] v = new float[full.size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = ids ? (i % 6 >= 4 ? 0 : 1 + r.nextInt(9)) : (float) r.nextDouble(-1, 1);
                if (mask) {
                    v[i] = i < 4 || v[i] < -0.4f ? 0f : 1f; // the first position fully masked
                }
            }
            if (m.layers().get(0).config() instanceof dev.engram.layers.MaskingConfig) {
                for (int i = v.length - 3; i < v.length; i++) {
                    v[i] = 0; // a fully masked last step
                }
            }
            xs.add(Tensor.of(full, v));
        }
        return xs;
    }

    @Test
    void resetAfterGruHasNoTfjsForm() {
        Sequential m = Sequential.seeded(1, Layers.gru(2).withRecurrentActivation(Activations.sigmoid())
                .withResetAfter(true).inputShape(3, 2));
        ModelFormatException e = assertThrows(ModelFormatException.class,
                () -> TfjsModelWriter.write(m, tmp.resolve("gru"), TfjsWriteOptions.defaults()));
        assertTrue(e.getMessage().contains("resetAfter true") && e.getMessage().contains("TF.js cannot build"),
                e.getMessage());
    }

    @Test
    void frozenLayersStayFrozenInEveryFormat() throws IOException {
        for (Format f : ALL) {
            Sequential m = Sequential.seeded(1, Layers.dense(3).withName("frozen").inputShape(2),
                    Layers.batchNormalization().withName("bn"), Layers.dense(1).withName("free"));
            m.layer("frozen").parameters().forEach(p -> p.setTrainable(false));
            Path p = tmp.resolve("frozen_" + f);
            Network back = switch (f) {
                case TFJS -> {
                    TfjsModelWriter.write(m, p, TfjsWriteOptions.defaults());
                    yield TfjsModelReader.read(p.resolve("model.json"));
                }
                case H5_KERAS2 -> {
                    KerasH5Writer.write(m, p);
                    yield KerasH5Reader.read(p);
                }
                case H5_KERAS3 -> {
                    KerasH5Writer.write(m, p, KerasH5Options.keras3());
                    yield KerasH5Reader.read(p);
                }
                case KERAS -> {
                    KerasV3Archive.write(m, p);
                    yield KerasV3Archive.read(p);
                }
            };
            List<String> trainable = back.parameters().stream().filter(Parameter::trainable).map(Parameter::path).toList();
            assertEquals(List.of("bn/gamma", "bn/beta", "free/kernel", "free/bias"), trainable, f.toString());
            assertEquals(m.getWeights(), back.getWeights(), f.toString());
        }
    }

    @Test
    void causalConv1dHasNoTfjsForm() {
        Sequential m = Sequential.seeded(1, Layers.conv1d(2, 2).withPadding(Padding.CAUSAL).inputShape(4, 1));
        ModelFormatException e = assertThrows(ModelFormatException.class,
                () -> TfjsModelWriter.write(m, tmp.resolve("causal"), TfjsWriteOptions.defaults()));
        assertEquals("model 'sequential' at /config/layers/0/config/padding: Conv1D padding causal cannot run in TF.js"
                + " (tfjs-layers 4.22 throws \"The support for CAUSAL padding mode in conv1dWithBias is not implemented"
                + " yet\"); save it as Keras h5 or .keras instead", e.getMessage());
    }

    @Test
    void tfjsManifestListsTrainableWeightsFirst() throws IOException {
        Sequential m = Sequential.seeded(1, Layers.dense(3).inputShape(2), Layers.batchNormalization(), Layers.dense(1));
        TfjsModelWriter.write(m, tmp.resolve("bn"), TfjsWriteOptions.defaults());
        var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(tmp.resolve("bn/model.json").toFile());
        List<String> names = new ArrayList<>();
        json.at("/weightsManifest/0/weights").forEach(w -> names.add(w.get("name").asText()));
        assertEquals(List.of("dense/kernel", "dense/bias", "batch_normalization/gamma", "batch_normalization/beta",
                "dense_1/kernel", "dense_1/bias", "batch_normalization/moving_mean",
                "batch_normalization/moving_variance"), names);
        Network back = TfjsModelReader.read(tmp.resolve("bn/model.json"));
        assertInstanceOf(Sequential.class, back);
        assertEquals(m.getWeights(), back.getWeights());
    }
}
