package dev.engram.io.keras.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.io.keras.KerasDialect;
import dev.engram.io.keras.KerasFormat;
import dev.engram.io.keras.KerasModels;
import dev.engram.io.keras.ModelFormatException;
import dev.engram.io.keras.SaveOptions;
import dev.engram.io.keras.UnsupportedLayerException;
import dev.engram.io.keras.internal.ConfigNode;
import dev.engram.layers.BatchNormalizationConfig;
import dev.engram.layers.BidirectionalConfig;
import dev.engram.layers.BidirectionalMergeMode;
import dev.engram.layers.Layer;
import dev.engram.layers.LayerConfig;
import dev.engram.layers.Layers;
import dev.engram.layers.MergeConfig;
import dev.engram.layers.Parameter;
import dev.engram.models.Network;
import dev.engram.models.Sequential;
import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every registered codec, driven by the registry: each has samples here, and each sample is written
 * and read back in every writable dialect (TF.js, Keras 2, Keras 3) to an equal config, or is
 * refused by the dialects {@link KerasLayerCodec#writes} excludes. Through the file formats, the
 * layer's weights come back equal and in the order {@link KerasLayerCodec#weightNames} states. Keras 1
 * is read-only; its fixtures cover it. A new codec without samples fails {@link #everyCodecHasSamples}.
 */
class KerasLayersTest {
    private static final List<KerasDialect> WRITABLE = List.of(KerasDialect.TFJS, KerasDialect.KERAS_2,
            KerasDialect.KERAS_3);

    @TempDir
    Path tmp;


    @Test
    void everyCodecHasSamples() {
        for (KerasLayerCodec<?> codec : KerasLayers.codecs()) {
            assertFalse(KerasLayerSamples.of(codec, KerasDialect.KERAS_3).isEmpty(), codec.getClass().getSimpleName()
                    + " has no sample in KerasLayersTest");
        }
    }

    @Test
    void registryIsKeyedByClassNameAndConfigType() {
        for (KerasLayerCodec<?> codec : KerasLayers.codecs()) {
            for (String cls : codec.classNames()) {
                assertSame(codec, KerasLayers.codec(cls), cls);
                assertTrue(KerasLayers.supportedClassNames().contains(cls), cls);
            }
            for (LayerConfig<?> s : KerasLayerSamples.of(codec, KerasDialect.KERAS_3)) {
                assertSame(codec, KerasLayers.codec(s), s.toString());
                assertTrue(codec.classNames().contains(KerasLayers.className(s)), s.toString());
            }
        }
        assertEquals("InputLayer", KerasLayers.supportedClassNames().get(0));
        assertThrows(UnsupportedOperationException.class, () -> KerasLayers.supportedClassNames().add("LocallyConnected2D"));
    }

    @TestFactory
    Stream<DynamicTest> everyCodecRoundTripsInEveryDialect() {
        List<DynamicTest> tests = new ArrayList<>();
        for (KerasLayerCodec<?> codec : KerasLayers.codecs()) {
            for (KerasDialect d : WRITABLE) {
                tests.add(DynamicTest.dynamicTest(codec.getClass().getSimpleName() + " " + d,
                        () -> roundTrip(codec, d)));
            }
        }
        return tests.stream();
    }

    @SuppressWarnings("unchecked")
    private static void roundTrip(KerasLayerCodec<?> raw, KerasDialect d) throws ModelFormatException {
        KerasLayerCodec<LayerConfig<?>> codec = (KerasLayerCodec<LayerConfig<?>>) raw;
        ConfigNode where = new ConfigNode("test", "/layer", null);
        for (LayerConfig<?> sample : KerasLayerSamples.of(codec, d)) {
            Shape in = sample.inputShape();
            if (!codec.writes(sample, d)) {
                assertThrows(ModelFormatException.class, () -> KerasLayers.write(sample, sample.name(), d, in, where),
                        sample + " in " + d);
                continue;
            }
            ObjectNode entry = KerasLayers.write(sample, sample.name(), d, d == KerasDialect.TFJS ? in : null, where);
            assertEquals(codec.className(sample), entry.get("class_name").asText());
            assertEquals(d.isKeras3(), entry.has("module"), "Keras 3 envelope");
            assertEquals(sample.name(), entry.get("config").get("name").asText());
            List<AxisCheck> checks = new ArrayList<>();
            LayerConfig<?> back = KerasLayers.read(new ConfigNode("test", "/layer", entry), d, in, checks);
            assertEquals(sample, back, "written in " + d + ": " + entry);
        }
    }

    @TestFactory
    Stream<DynamicTest> weightsComeBackThroughEveryFormatInTheCodecsOrder() {
        List<DynamicTest> tests = new ArrayList<>();
        for (KerasLayerCodec<?> codec : KerasLayers.codecs()) {
            tests.add(DynamicTest.dynamicTest(codec.getClass().getSimpleName(), () -> weights(codec)));
        }
        return tests.stream();
    }

    @SuppressWarnings("unchecked")
    private void weights(KerasLayerCodec<?> raw) throws IOException {
        KerasLayerCodec<LayerConfig<?>> codec = (KerasLayerCodec<LayerConfig<?>>) raw;
        for (LayerConfig<?> sample : KerasLayerSamples.of(codec, KerasDialect.KERAS_3)) {
            if (sample instanceof MergeConfig || sample instanceof dev.engram.layers.DotConfig) {
                assertEquals(List.of(), codec.weightNames(sample)); // merges take several inputs: no Sequential
                continue;
            }
            if (sample instanceof dev.engram.layers.AttentionConfig
                    || sample instanceof dev.engram.layers.AdditiveAttentionConfig
                    || sample instanceof dev.engram.layers.MultiHeadAttentionConfig) {
                continue; // several inputs: SequenceLayersRoundTripTest checks their weights in every format
            }
            if (sample instanceof BidirectionalConfig b && b.mergeMode() == BidirectionalMergeMode.NONE) {
                continue; // two outputs: no Sequential; bidirectional_a carries the weights check
            }
            for (KerasFormat format : KerasFormat.values()) {
                KerasDialect d = format == KerasFormat.TFJS ? KerasDialect.TFJS
                        : format == KerasFormat.H5 ? KerasDialect.KERAS_2 : KerasDialect.KERAS_3;
                LayerConfig<?> inDialect = KerasLayerSamples.of(codec, d).stream().filter(s -> s.name().equals(sample.name()))
                        .findFirst().orElseThrow();
                if (!codec.writes(inDialect, d)) {
                    continue;
                }
                Sequential m = Sequential.seeded(3, inDialect);
                Layer layer = m.layers().get(0);
                assertEquals(codec.weightNames(inDialect), layer.parameters().stream().map(KerasLayersTest::kerasName)
                        .toList(), "weight order of " + sample.name());
                randomize(m);
                Path p = tmp.resolve(sample.name() + "_" + format + (format == KerasFormat.KERAS ? ".keras" : ".h5"));
                if (format == KerasFormat.TFJS && inDialect instanceof BatchNormalizationConfig bn && bn.axis() == 1) {
                    // TF.js computes it otherwise: the model writer refuses it (TfjsComputesOtherwiseTest)
                    assertThrows(ModelFormatException.class, () -> KerasModels.save(m, p, format));
                    continue;
                }
                KerasModels.save(m, p, format, SaveOptions.defaults().withoutTrainingConfig());
                Network back = KerasModels.load(format == KerasFormat.TFJS ? p.resolve("model.json") : p);
                assertEquals(m.getWeights(), back.getWeights(), sample.name() + " in " + format);
            }
        }
    }

    /** The Keras name of an engine parameter: snake_case, prefixed with its Bidirectional half. */
    private static String kerasName(Parameter p) {
        String snake = p.name().replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
        String scope = p.layerName().contains("/") ? p.layerName().substring(p.layerName().indexOf('/') + 1) : "";
        return scope.startsWith("forward_") ? "forward_" + snake : scope.startsWith("backward_") ? "backward_" + snake
                : snake;
    }

    private static void randomize(Network m) {
        SplittableRandom r = new SplittableRandom(7);
        for (Parameter p : m.parameters()) {
            float[] v = new float[p.shape().size()];
            for (int i = 0; i < v.length; i++) {
                // a variance is positive; Normalization's count is a whole number (Keras stores an int64)
                v[i] = (float) (p.name().equals("movingVariance") ? 0.5 + r.nextDouble()
                        : p.name().equals("count") ? r.nextInt(1000) : r.nextDouble(-0.8, 0.8));
            }
            p.assign(Tensor.of(p.shape(), v));
            p.constrain(); // a file holds weights that satisfy their constraints (TF.js applies them on load)
        }
    }

    @Test
    void layersTfjsLacksAreRefusedWithTheLayerAndWhy() {
        var b = new dev.engram.models.ModelBuilder("no_tfjs", 1);
        var q = b.input("query", 3, 4);
        var a = b.input("a", 4);
        var mha = b.apply(Layers.multiHeadAttention(2, 2).withName("mha"), q, q);
        var diff = b.apply(Layers.subtract().withName("sub"), a, a);
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> KerasModels.save(
                b.build(List.of(q), List.of(mha)), tmp.resolve("mha_tfjs"), KerasFormat.TFJS, SaveOptions.defaults()));
        assertTrue(e.getMessage().contains("layer 'mha' (MultiHeadAttention) has no TFJS form: TF.js 4.22 has no"
                + " MultiHeadAttention layer"), e.getMessage());
        ModelFormatException s = assertThrows(ModelFormatException.class, () -> KerasModels.save(
                b.build(List.of(a), List.of(diff)), tmp.resolve("sub_tfjs"), KerasFormat.TFJS, SaveOptions.defaults()));
        assertTrue(s.getMessage().contains("layer 'sub' (Subtract) has no TFJS form: TF.js 4.22 has no Subtract layer"),
                s.getMessage());
    }

    @Test
    void groupedConvolutionsAndBidirectionalRnnsAreRefusedForTfjsWithTheReason() {
        Sequential m = Sequential.seeded(1, Layers.conv2d(4, 3).withGroups(2).withName("gconv").inputShape(6, 6, 4));
        ModelFormatException e = assertThrows(ModelFormatException.class,
                () -> KerasModels.save(m, tmp.resolve("g_tfjs"), KerasFormat.TFJS, SaveOptions.defaults()));
        assertTrue(e.getMessage().contains("Conv2D with groups 2 cannot be written for TF.js: tfjs-layers 4.22 has no "
                + "groups"), e.getMessage());
        assertFalse(tmp.resolve("g_tfjs").toFile().exists());
        Sequential bi = Sequential.seeded(1, Layers.bidirectional(Layers.rnn(Layers.lstmCell(2))).inputShape(4, 3));
        e = assertThrows(ModelFormatException.class,
                () -> KerasModels.save(bi, tmp.resolve("bi_tfjs"), KerasFormat.TFJS, SaveOptions.defaults()));
        assertTrue(e.getMessage().contains("a Bidirectional around an RNN cannot be written for TF.js: tfjs-layers 4.22"
                + " fails to build it"), e.getMessage());
    }

    private static final String INITIALIZERS = "\"kernel_initializer\":{\"class_name\":\"GlorotUniform\","
            + "\"config\":{\"seed\":null}},\"bias_initializer\":{\"class_name\":\"Zeros\",\"config\":{}},";

    @Test
    void attentionAxesAreReadAsKerasSavedThemOrRefused() throws Exception {
        for (String[] c : new String[][] {{"[2, 1]", "[2, 1]"}, {"-3", "[-3]"}, {"[1]", "[1]"}, {"null", "null"}}) {
            ConfigNode entry = new ConfigNode("m.json", "/layers/1", json("{\"class_name\":\"MultiHeadAttention\","
                    + "\"config\":{\"name\":\"mha\",\"num_heads\":2,\"key_dim\":3," + INITIALIZERS + "\"attention_axes\":" + c[0] + "}}"));
            var m = (dev.engram.layers.MultiHeadAttentionConfig) KerasLayers.read(entry, KerasDialect.KERAS_3, null,
                    new ArrayList<>());
            assertEquals(c[1], String.valueOf(m.attentionAxes()).replace(" ", "").replace(",", ", "), c[0]);
        }
        for (String bad : new String[] {"[0, 1]", "[1, 1]", "[]"}) {
            ConfigNode entry = new ConfigNode("m.json", "/layers/1", json("{\"class_name\":\"MultiHeadAttention\","
                    + "\"config\":{\"name\":\"mha\",\"num_heads\":2,\"key_dim\":3," + INITIALIZERS + "\"attention_axes\":" + bad + "}}"));
            UnsupportedLayerException e = assertThrows(UnsupportedLayerException.class,
                    () -> KerasLayers.read(entry, KerasDialect.KERAS_3, null, new ArrayList<>()));
            assertEquals("m.json at /layers/1/config/attention_axes: MultiHeadAttention 'mha' has attention_axes "
                    + bad.replace(" ", "")
                    + "; Keras attends over distinct middle axes (neither the batch axis 0 nor one axis twice)",
                    e.getMessage());
        }
    }

    /**
     * Channels-first 1-D layers in TF.js: Conv1D is refused both ways (tfjs-layers 4.22 computes it channels-last under
     * a channels-first shape), the pooling layers' key is refused on reading (TF.js ignores it); the same Conv1D entry
     * reads as channels-first in Keras 3.
     */
    @Test
    void channelsFirstSequenceLayersAreRefusedInTfjsWithTheReason() throws ModelFormatException {
        String conv = "{\"class_name\":\"Conv1D\",\"config\":{\"name\":\"conv\",\"filters\":2,\"kernel_size\":[3],"
                + "\"data_format\":\"channels_first\",\"activation\":\"linear\",\"kernel_initializer\":{\"class_name\":"
                + "\"GlorotUniform\",\"config\":{}},\"bias_initializer\":{\"class_name\":\"Zeros\",\"config\":{}}}}";
        UnsupportedLayerException e = assertThrows(UnsupportedLayerException.class, () -> KerasLayers.read(
                new ConfigNode("model.json", "/layers/0", json(conv)), KerasDialect.TFJS, null, new ArrayList<>()));
        assertEquals("model.json at /layers/0/config/data_format: Conv1D 'conv' is channels_first, which TF.js 4.22 "
                + "computes wrongly (its conv1dWithBias transposes the input to channels-last and never transposes the "
                + "output back, so its output is [batch, steps, filters] where the layer declares [batch, filters, "
                + "steps]); Engram does not read or write it as TF.js: use Keras h5 or .keras, or a channels-last Conv1D "
                + "after a Permute((2, 1))", e.getMessage());
        LayerConfig<?> keras = KerasLayers.read(new ConfigNode("config.json", "/layers/0", json(conv)),
                KerasDialect.KERAS_3, null, new ArrayList<>());
        assertEquals(dev.engram.layers.DataFormat.CHANNELS_FIRST, ((dev.engram.layers.Conv1DConfig) keras).dataFormat());
        for (String cls : List.of("MaxPooling1D", "AveragePooling1D", "GlobalAveragePooling1D", "GlobalMaxPooling1D")) {
            String pool = "{\"class_name\":\"" + cls + "\",\"config\":{\"name\":\"pool\",\"data_format\":"
                    + "\"channels_first\"}}";
            e = assertThrows(UnsupportedLayerException.class, () -> KerasLayers.read(new ConfigNode("model.json",
                    "/layers/1", json(pool)), KerasDialect.TFJS, null, new ArrayList<>()));
            assertEquals("model.json at /layers/1/config/data_format: " + cls + " 'pool' has data_format channels_first, "
                    + "which TF.js 4.22 ignores (its 1-D pooling layers pool channels-last whatever the key says); Engram "
                    + "reads it only from Keras h5 or .keras", e.getMessage());
        }
        Sequential m = Sequential.seeded(1, Layers.conv1d(2, 3).withDataFormat(dev.engram.layers.DataFormat.CHANNELS_FIRST)
                .withName("cf").inputShape(3, 6));
        ModelFormatException w = assertThrows(ModelFormatException.class,
                () -> KerasModels.save(m, tmp.resolve("cf_tfjs"), KerasFormat.TFJS, SaveOptions.defaults()));
        assertTrue(w.getMessage().contains("layer 'cf' (Conv1D) is channels_first, which TF.js 4.22 computes wrongly"),
                w.getMessage());
        assertFalse(tmp.resolve("cf_tfjs").toFile().exists());
    }

    /**
     * The file TF.js 4.22 itself saves for a channelsFirst Conv1D (gen_channels_first.js) has no data_format: its
     * predictions were [batch, steps, filters] under a declared [batch, filters, steps], and the saved layer rebuilds
     * channels-last, so TF.js cannot reload it either ("Shape mismatch: [3,9,4] vs. [3,3,4]"); Engram refuses it
     * too, before building: the channels-last layer needs more weights than the file holds.
     */
    @Test
    void tfjsOwnChannelsFirstConv1dFileIsRefusedAsTfjsRefusesIt() throws IOException {
        Path dir = Path.of("src/test/resources/tfjs-refused/conv1d_channels_first");
        com.fasterxml.jackson.databind.JsonNode cases = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(dir.resolve("cases.json").toFile());
        assertEquals("[2,7,4]", cases.at("/cases/0/outputs/0/shape").toString(), "TF.js's own (channels-last) output");
        ModelFormatException e = assertThrows(ModelFormatException.class,
                () -> KerasModels.load(dir.resolve("model.json")));
        assertTrue(e.getMessage().contains("layer 'conv1d_Conv1D1' for input [3, 9] brings the model to at least 108 "
                + "parameters, but the file holds only 40 weight values"), e.getMessage());
    }

    @Test
    void unknownClassIsRefusedWithTheSupportedList() {
        ConfigNode entry = new ConfigNode("m.json", "/layers/2", json("{\"class_name\":\"LocallyConnected2D\",\"config\":{\"name\":\"conv\"}}"));
        UnsupportedLayerException e = assertThrows(UnsupportedLayerException.class,
                () -> KerasLayers.read(entry, KerasDialect.KERAS_3, null, new ArrayList<>()));
        assertEquals("m.json at /layers/2: layer 'conv' has class LocallyConnected2D, which Engram does not support yet;"
                + " supported: " + KerasLayers.supportedClassNames(), e.getMessage());
        assertEquals("LocallyConnected2D", e.className());
        assertEquals("conv", e.layerName());
        assertNull(KerasLayers.codec("LocallyConnected2D"));
    }

    private static com.fasterxml.jackson.databind.JsonNode json(String s) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(s);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
