package dev.engram.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.engram.activations.Activations;
import dev.engram.io.keras.KerasFormat;
import dev.engram.io.keras.KerasModels;
import dev.engram.io.onnx.OnnxExportOptions;
import dev.engram.io.onnx.OnnxExporter;
import dev.engram.layers.Layers;
import dev.engram.models.Model;
import dev.engram.models.ModelBuilder;
import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Scoring from ONNX bytes, and a functional model with two inputs and two outputs from a TF.js directory. */
class OtherFormatsTest {
    @TempDir
    Path dir;

    @Test
    void scoresAnOnnxExportFromBroadcastBytes() throws Exception {
        EngramSparkTest.setUp();
        byte[] onnx = OnnxExporter.toBytes(EngramSparkTest.model, OnnxExportOptions.defaults());
        Dataset<Row> data = EngramSparkTest.windows(20);
        ModelSource source = ModelSource.broadcast(EngramSparkTest.spark, onnx, "m.onnx");
        EngramSparkTest.assertScored(EngramSpark.predict(data, source, "window", "y").collectAsList(), "y");
    }

    @Test
    void scoresAFunctionalModelWithTwoInputsAndTwoOutputs() throws Exception {
        EngramSparkTest.setUp();
        var b = new ModelBuilder("two", 9);
        var series = b.input("series", 3, 2);
        var features = b.input("features", 4);
        var joined = b.apply(Layers.concatenate(), b.apply(Layers.gru(5), series), features);
        var level = b.apply(Layers.dense(1), joined);
        var mix = b.apply(Layers.dense(3).withActivation(Activations.softmax()), joined);
        Model model = b.build(List.of(series, features), List.of(level, mix));
        Path saved = dir.resolve("two-tfjs");
        KerasModels.save(model, saved, KerasFormat.TFJS);

        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            float[] s = new float[6];
            float[] f = new float[4];
            for (int j = 0; j < 6; j++) {
                s[j] = (float) Math.cos(i + 0.3 * j);
            }
            for (int j = 0; j < 4; j++) {
                f[j] = (float) Math.sin(0.5 * i - j);
            }
            rows.add(RowFactory.create(i, s, f));
        }
        StructType schema = new StructType().add("id", DataTypes.IntegerType)
                .add("series", DataTypes.createArrayType(DataTypes.FloatType))
                .add("features", DataTypes.createArrayType(DataTypes.FloatType));
        Dataset<Row> data = EngramSparkTest.spark.createDataFrame(rows, schema).repartition(2);
        List<Row> out = EngramSpark.predict(data, ModelSource.path(saved.toString()),
                ScoringOptions.multi(List.of("series", "features"), List.of("level", "mix")).withBatchSize(5))
                .collectAsList();
        assertEquals(12, out.size());
        for (Row r : out) {
            List<Float> s = r.getList(1);
            List<Float> f = r.getList(2);
            float[] sa = new float[6];
            float[] fa = new float[4];
            for (int j = 0; j < 6; j++) {
                sa[j] = s.get(j);
            }
            for (int j = 0; j < 4; j++) {
                fa[j] = f.get(j);
            }
            List<Tensor> want = model.predict(List.of(Tensor.of(Shape.of(1, 3, 2), sa), Tensor.of(Shape.of(1, 4), fa)));
            for (int o = 0; o < 2; o++) {
                List<Float> got = r.getList(3 + o);
                float[] w = want.get(o).buffer();
                assertEquals(w.length, got.size());
                for (int k = 0; k < w.length; k++) {
                    assertEquals(w[k], got.get(k), 1e-6, "row " + r.getInt(0) + " output " + o + "[" + k + "]");
                }
            }
        }
        assertEquals(true, Files.isDirectory(saved));
    }
}
