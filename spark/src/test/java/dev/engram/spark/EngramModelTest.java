package dev.engram.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.engram.io.keras.KerasFormat;
import dev.engram.io.keras.KerasModels;
import dev.engram.layers.Layers;
import dev.engram.models.Sequential;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.feature.SQLTransformer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Transformer in an ML Pipeline, saved and loaded (self-contained: the model file is copied). */
class EngramModelTest {
    @TempDir
    Path dir;

    @Test
    void worksInAPipelineAndSurvivesSaveAndLoadWithoutTheOriginalFile() throws Exception {
        EngramSparkTest.setUp();
        Path original = dir.resolve("scorer.h5");
        Files.copy(EngramSparkTest.h5, original);
        Dataset<Row> data = EngramSparkTest.windows(40).withColumnRenamed("window", "raw");
        EngramModel scorer = new EngramModel().setModelPath(original.toString()).setInputCols("window")
                .setOutputCols("y").setBatchSize(16).setErrorCol("error");
        SQLTransformer rename = new SQLTransformer().setStatement("SELECT id, raw AS window FROM __THIS__");
        PipelineModel fitted = new Pipeline().setStages(new PipelineStage[] {rename, scorer}).fit(data);
        List<Row> first = fitted.transform(data).orderBy("id").collectAsList();
        EngramSparkTest.assertScored(first, "y");
        assertEquals(List.of("id", "window", "y", "error"), List.of(fitted.transform(data).columns()));

        String saved = dir.resolve("pipeline").toString();
        fitted.write().overwrite().save(saved);
        Files.delete(original);
        PipelineModel loaded = PipelineModel.load(saved);
        EngramModel reloaded = (EngramModel) loaded.stages()[1];
        assertEquals(scorer.uid(), reloaded.uid());
        assertEquals(16, (int) reloaded.getOrDefault(reloaded.batchSize()));
        assertTrue(reloaded.getOrDefault(reloaded.modelPath()).startsWith(saved), reloaded.getOrDefault(reloaded.modelPath()));
        EngramSparkTest.assertScored(loaded.transform(data).collectAsList(), "y");

        EngramModel broadcast = reloaded.copy(new org.apache.spark.ml.param.ParamMap()).setBroadcastModel(true);
        EngramSparkTest.assertScored(broadcast.transform(data.withColumnRenamed("raw", "window")).collectAsList(), "y");
    }
}
