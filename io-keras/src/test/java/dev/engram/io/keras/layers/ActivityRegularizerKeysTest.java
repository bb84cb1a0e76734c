package dev.engram.io.keras.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.activations.Activations;
import dev.engram.io.keras.KerasDialect;
import dev.engram.io.keras.KerasFormat;
import dev.engram.io.keras.KerasH5Options;
import dev.engram.io.keras.KerasModels;
import dev.engram.io.keras.ModelFormatException;
import dev.engram.io.keras.SaveOptions;
import dev.engram.io.keras.UnsupportedLayerException;
import dev.engram.io.keras.h5.KerasH5Writer;
import dev.engram.io.keras.internal.ConfigNode;
import dev.engram.layers.ActivityRegularizedConfig;
import dev.engram.layers.Layer;
import dev.engram.layers.LayerConfig;
import dev.engram.layers.Layers;
import dev.engram.models.Network;
import dev.engram.models.Sequential;
import dev.engram.regularizers.ActivityRegularizer;
import dev.engram.regularizers.ActivityScaling;
import dev.engram.regularizers.Regularizers;
import dev.engram.testing.hostile.OpenFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code activity_regularizer} of any layer in every Keras format: written and read back with the scaling of
 * the dialect (tf-keras 2 divides by the batch size, Keras 3 does not), on layers whose Keras config names the
 * key (Dense, LSTM) and on one whose config does not (Dropout, which both Keras constructors still accept);
 * refused where no peer computes it (TF.js both ways, Keras 1, standalone Keras 2.2 files, wrapped layers and
 * RNN cells, a scaling the dialect does not compute), with the layer and the reason named.
 */
class ActivityRegularizerKeysTest {
    @TempDir
    Path tmp;

    private static Sequential model(ActivityScaling scaling) {
        Sequential m = new Sequential("m", 3);
        m.add(Layers.dense(4).withActivation(Activations.relu()).withName("code").inputShape(5, 3)
                .withActivityRegularizer(new ActivityRegularizer(Regularizers.l1(0.05), scaling)));
        m.add(Layers.dropout(0.2).withName("drop")
                .withActivityRegularizer(new ActivityRegularizer(Regularizers.l2(0.01), scaling)));
        m.add(Layers.lstm(2).withRecurrentActivation(Activations.sigmoid()).withName("lstm")
                .withActivityRegularizer(new ActivityRegularizer(Regularizers.l1l2(0.01, 0.02), scaling)));
        m.add(Layers.dense(1).withName("out"));
        return m;
    }

    private static void assertSameRegularizers(Network expected, Network got, String what) {
        assertEquals(expected.layers().size(), got.layers().size(), what);
        for (int i = 0; i < expected.layers().size(); i++) {
            Layer e = expected.layers().get(i);
            assertEquals(e.activityRegularizer(), got.layers().get(i).activityRegularizer(), what + " layer " + e.name());
        }
    }

    @Test
    void eachKerasFormatKeepsTheRegularizersInItsDialectsScaling() throws IOException {
        Sequential keras2 = model(ActivityScaling.BATCH_MEAN);
        Path h5 = tmp.resolve("k2.h5");
        KerasModels.save(keras2, h5, KerasFormat.H5);
        assertSameRegularizers(keras2, KerasModels.load(h5), "keras2 h5");

        Sequential keras3 = model(ActivityScaling.SUM);
        Path h5v3 = tmp.resolve("k3.h5");
        KerasModels.save(keras3, h5v3, KerasFormat.H5, SaveOptions.defaults().withH5Dialect(KerasDialect.KERAS_3));
        assertSameRegularizers(keras3, KerasModels.load(h5v3), "keras3 h5");
        Path zip = tmp.resolve("k3.keras");
        KerasModels.save(keras3, zip, KerasFormat.KERAS);
        Network back = KerasModels.load(zip);
        assertSameRegularizers(keras3, back, "keras3 .keras");
        assertNull(back.layers().get(3).activityRegularizer());
    }

    @Test
    void aScalingTheDialectDoesNotComputeAndTfjsAreRefusedOnWrite() {
        ModelFormatException e = assertThrows(ModelFormatException.class,
                () -> KerasModels.save(model(ActivityScaling.SUM), tmp.resolve("x.h5"), KerasFormat.H5));
        assertTrue(e.getMessage().contains("layer 'code' has an activity regularizer scaled as SUM, but KERAS_2"
                + " computes BATCH_MEAN"), e.getMessage());
        e = assertThrows(ModelFormatException.class, () -> KerasModels.save(model(ActivityScaling.BATCH_MEAN),
                tmp.resolve("x.keras"), KerasFormat.KERAS));
        assertTrue(e.getMessage().contains("scaled as BATCH_MEAN, but KERAS_3 computes SUM"), e.getMessage());
        e = assertThrows(ModelFormatException.class, () -> KerasModels.save(model(ActivityScaling.SUM),
                tmp.resolve("tfjs"), KerasFormat.TFJS));
        assertTrue(e.getMessage().contains("layer 'code' has an activity regularizer, which TFJS cannot save"),
                e.getMessage());
        assertFalse(Files.exists(tmp.resolve("x.h5")) || Files.exists(tmp.resolve("x.keras"))
                || Files.exists(tmp.resolve("tfjs")), "a refused write leaves no file");
    }

    @Test
    void aTfjsModelWithAnActivityRegularizerIsRefusedOnRead() throws IOException {
        Sequential plain = new Sequential("m", 3);
        plain.add(Layers.dense(2).withName("code").inputShape(3));
        Path dir = tmp.resolve("tfjs");
        KerasModels.save(plain, dir, KerasFormat.TFJS);
        Path json = dir.resolve("model.json");
        String text = Files.readString(json);
        String edited = text.replaceFirst("\"activity_regularizer\":null",
                "\"activity_regularizer\":{\"class_name\":\"L1L2\",\"config\":{\"l1\":0.01,\"l2\":0}}");
        assertFalse(edited.equals(text), "the TF.js writer puts activity_regularizer null in Dense's config");
        Files.writeString(json, edited);
        UnsupportedLayerException e = assertThrows(UnsupportedLayerException.class, () -> KerasModels.load(dir));
        assertTrue(e.getMessage().contains("Dense 'code' has activity_regularizer"), e.getMessage());
        assertTrue(e.getMessage().contains("TF.js 4.22 cannot train it"), e.getMessage());
        assertEquals(List.of(), OpenFiles.under(tmp), "files left open by a refused read");
    }

    @Test
    void standaloneKeras22FilesAreRefused() throws IOException {
        Path h5 = tmp.resolve("standalone.h5");
        KerasH5Writer.write(model(ActivityScaling.BATCH_MEAN), h5, new KerasH5Options(KerasDialect.KERAS_2, "2.2.4", false));
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> KerasModels.load(h5));
        assertTrue(e.getMessage().contains("layer 'code' has an activity_regularizer, saved by standalone Keras 2.2.4"),
                e.getMessage());
        // tf.keras's own 2.2.4-tf computes it as tf-keras does.
        Path tf = tmp.resolve("tf.h5");
        KerasH5Writer.write(model(ActivityScaling.BATCH_MEAN), tf, new KerasH5Options(KerasDialect.KERAS_2, "2.2.4-tf", false));
        assertSameRegularizers(model(ActivityScaling.BATCH_MEAN), KerasModels.load(tf), "2.2.4-tf");
        assertEquals(List.of(), OpenFiles.under(tmp), "files left open by a refused read");
    }

    private static final String L1 = "{\"class_name\": \"L1\", \"config\": {\"l1\": 0.25}}";

    /**
     * The entry Engram writes for {@code config} in dialect {@code d}, with {@code regularizer} (JSON) set as
     * activity_regularizer in the config object at {@code at} (a JSON pointer into the entry).
     */
    private static ObjectNode entry(LayerConfig<?> config, KerasDialect d, String at, String regularizer)
            throws IOException {
        ObjectNode e = KerasLayers.write(config, "x", d == KerasDialect.KERAS_1 ? KerasDialect.KERAS_2 : d, null,
                new ConfigNode("out.json", "", new ObjectMapper().createObjectNode()));
        ((ObjectNode) e.at(at)).set("activity_regularizer", new ObjectMapper().readTree(regularizer));
        return e;
    }

    private static LayerConfig<?> read(ObjectNode entry, KerasDialect d) throws ModelFormatException {
        return KerasLayers.read(new ConfigNode("f.json", "", entry), d, null, new ArrayList<>());
    }

    @Test
    void anEntryReadsToTheWrappedConfigOrARefusalNamingTheLayerAndWhy() throws IOException {
        LayerConfig<?> c = read(entry(Layers.dense(2).withName("d"), KerasDialect.KERAS_2, "/config", L1),
                KerasDialect.KERAS_2);
        ActivityRegularizedConfig a = (ActivityRegularizedConfig) c;
        assertEquals(ActivityRegularizer.batchMean(Regularizers.l1(0.25)), a.regularizer());
        assertEquals("x", a.name());
        c = read(entry(Layers.globalMaxPooling1d().withName("g"), KerasDialect.KERAS_3, "/config", L1),
                KerasDialect.KERAS_3);
        assertEquals(ActivityRegularizer.of(Regularizers.l1(0.25)), ((ActivityRegularizedConfig) c).regularizer());

        ObjectNode wrapped = entry(Layers.bidirectional(Layers.lstm(2).withName("lstm")), KerasDialect.KERAS_2,
                "/config/layer/config", L1);
        UnsupportedLayerException e = assertThrows(UnsupportedLayerException.class,
                () -> read(wrapped, KerasDialect.KERAS_2));
        assertTrue(e.getMessage().contains("LSTM 'lstm' has activity_regularizer"), e.getMessage());
        assertTrue(e.getMessage().contains("on a wrapped layer"), e.getMessage());

        ObjectNode cell = entry(Layers.rnn(Layers.lstmCell(2).withRecurrentActivation(Activations.sigmoid()))
                .withName("rnn"), KerasDialect.KERAS_3, "/config/cell/config", L1);
        e = assertThrows(UnsupportedLayerException.class, () -> read(cell, KerasDialect.KERAS_3));
        assertTrue(e.getMessage().contains("RNN 'x' has a LSTMCell with activity_regularizer"), e.getMessage());

        ObjectNode keras1 = entry(Layers.dense(2), KerasDialect.KERAS_1, "/config",
                "{\"name\": \"ActivityRegularizer\", \"l1\": 0.1, \"l2\": 0}");
        e = assertThrows(UnsupportedLayerException.class, () -> read(keras1, KerasDialect.KERAS_1));
        assertTrue(e.getMessage().contains("Keras 1 activity regularizers are not read"), e.getMessage());

        ObjectNode orthogonal = entry(Layers.dense(2), KerasDialect.KERAS_3, "/config",
                "{\"class_name\": \"OrthogonalRegularizer\", \"config\": {}}");
        ModelFormatException m = assertThrows(ModelFormatException.class, () -> read(orthogonal, KerasDialect.KERAS_3));
        assertTrue(m.getMessage().contains("a regularizer class [L1L2, L1, L2]"), m.getMessage());
    }
}
