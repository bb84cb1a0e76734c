package dev.engram.io.keras.h5;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.data.Datasets;
import dev.engram.data.Sample;
import dev.engram.io.keras.KerasFormat;
import dev.engram.io.keras.KerasModels;
import dev.engram.io.keras.ModelFormatException;
import dev.engram.layers.Layers;
import dev.engram.layers.Normalization;
import dev.engram.models.Network;
import dev.engram.models.Sequential;
import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import dev.engram.testing.FixtureCases;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code normalization_adapt} (gen_keras.py): Normalization layers adapted by tf-keras 2.18 and
 * Keras 3.10 on an array and on a batched {@code tf.data.Dataset} load with Keras's mean, variance
 * and count, and Engram's own {@code adapt} on the same data (the array as a Tensor, the dataset as
 * a Dataset of the same batches) computes Keras's statistics (rtol 1e-5). TF.js has no Normalization:
 * writing one there is refused with the layer named.
 */
class NormalizationAdaptFixtureTest {
    private static final Path DIR = Path.of("src/test/resources/keras");

    @TempDir
    Path tmp;

    @Test
    void engramAdaptComputesWhatKerasAdaptComputed() throws Exception {
        for (String file : List.of("tfkeras2/normalization_adapt.h5", "keras3/normalization_adapt.h5",
                "keras3/normalization_adapt.keras")) {
            Path p = DIR.resolve(file);
            JsonNode cases = FixtureCases.json(DIR.resolve(file.replaceAll("\\.(h5|keras)$", ".cases.json")));
            Network m = KerasModels.load(p);
            FixtureCases.assertCases(m, cases, 1e-5, 1e-6, file);
            Normalization byArray = (Normalization) m.layers().get(0);
            Normalization byDataset = (Normalization) m.layers().get(1);
            List<float[]> kerasStats = List.of(byArray.parameters().get(0).data().clone(),
                    byArray.parameters().get(1).data().clone(), byDataset.parameters().get(0).data().clone(),
                    byDataset.parameters().get(1).data().clone());
            byArray.adapt(FixtureCases.tensor(cases.get("adaptArray")));
            Tensor b = FixtureCases.tensor(cases.get("adaptDataset"));
            List<Sample> batches = new ArrayList<>();
            int per = 15;
            for (int start = 0; start < 10; start += 4) {
                int n = Math.min(4, 10 - start);
                batches.add(Sample.of(Tensor.wrap(Shape.of(n, 5, 3),
                        java.util.Arrays.copyOfRange(b.buffer(), start * per, (start + n) * per))));
            }
            byDataset.adapt(Datasets.fromIterable(batches));
            List<float[]> ours = List.of(byArray.parameters().get(0).data(), byArray.parameters().get(1).data(),
                    byDataset.parameters().get(0).data(), byDataset.parameters().get(1).data());
            for (int k = 0; k < ours.size(); k++) {
                List<String> failures = new ArrayList<>();
                FixtureCases.compare(Tensor.of(ours.get(k)), Tensor.of(kerasStats.get(k)), 1e-5, 1e-6,
                        file + " statistic " + k, failures);
                assertEquals(List.of(), failures);
            }
            assertEquals(15, byDataset.parameters().get(0).shape().size(), "axis (1, 2): one mean per step and feature");
            assertEquals(10f, byDataset.parameters().get(2).data()[0], "count after Engram's adapt");
        }
    }

    @Test
    void tfjsHasNoNormalization() {
        Sequential m = Sequential.seeded(1, Layers.normalization().withName("norm").inputShape(3), Layers.dense(1));
        ModelFormatException e = assertThrows(ModelFormatException.class,
                () -> KerasModels.save(m, tmp.resolve("tfjs"), KerasFormat.TFJS));
        assertTrue(e.getMessage().contains("layer 'norm' is a Normalization layer, which TF.js 4.22 does not have;"
                + " save the model as Keras (.h5 or .keras)"), e.getMessage());
    }
}
