package dev.engram.io.keras;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.engram.io.keras.h5.KerasH5Reader;
import dev.engram.io.keras.h5.KerasH5Writer;
import dev.engram.io.keras.kerasv3.KerasV3Archive;
import dev.engram.losses.Loss;
import dev.engram.losses.Losses;
import dev.engram.models.Model;
import dev.engram.models.Network;
import dev.engram.optimizers.AdamEpsilon;
import dev.engram.optimizers.Optimizers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A functional model with a loss per output keeps them in .h5 and .keras (Keras's list form). */
class PerOutputLossTest {
    @TempDir
    Path tmp;

    private static List<String> lossNames(Network m) {
        return ((Model) m).losses().stream().map(Loss::name).toList();
    }

    @Test
    void differentLossesPerOutputRoundTripInTheListForm() throws Exception {
        Model m = LayerRoundTripTest.twoInTwoOut();
        m.compile(List.of(Losses.meanSquaredError(), Losses.meanAbsoluteError()),
                Optimizers.adam(0.01, 0.9, 0.999, 1e-7).withEpsilonForm(AdamEpsilon.EPSILON_HAT));
        Path h5 = tmp.resolve("m.h5");
        Path zip = tmp.resolve("m.keras");
        KerasH5Writer.write(m, h5);
        KerasV3Archive.write(m, zip);
        assertEquals(List.of("meanSquaredError", "meanAbsoluteError"), lossNames(KerasH5Reader.read(h5)));
        assertEquals(List.of("meanSquaredError", "meanAbsoluteError"), lossNames(KerasV3Archive.read(zip)));
    }

    @Test
    void theKerasRefusalNamesAnOptionTheKerasWriterHas() throws Exception {
        Model m = LayerRoundTripTest.twoInTwoOut();
        m.compile(Losses.meanSquaredError(), Optimizers.adam()); // TF.js epsilon form
        Path zip = tmp.resolve("m.keras");
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> KerasV3Archive.write(m, zip));
        assertTrue(e.getMessage().endsWith("or save with SaveOptions.withoutTrainingConfig()"), e.getMessage());
        KerasModels.save(m, zip, KerasFormat.KERAS, SaveOptions.defaults().withoutTrainingConfig());
        assertTrue(Files.isRegularFile(zip));
        assertEquals(null, ((Model) KerasV3Archive.read(zip)).losses());
    }

    @Test
    void theDictFormIsReadByOutputName() throws Exception {
        Model m = LayerRoundTripTest.twoInTwoOut();
        var training = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        var loss = training.putObject("loss");
        List<String> outs = m.outputNames();
        loss.put(outs.get(1).split(":")[0], "mean_absolute_error");
        loss.put(outs.get(0).split(":")[0], "mean_squared_error");
        training.putObject("optimizer_config").put("class_name", "SGD").putObject("config").put("learning_rate", 0.1);
        var status = dev.engram.io.keras.training.TrainingConfigs.apply(m, training, KerasDialect.KERAS_2);
        assertTrue(status.compiled(), status.toString());
        assertEquals(List.of("meanSquaredError", "meanAbsoluteError"), lossNames(m));
    }
}
