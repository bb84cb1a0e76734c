package dev.engram.io.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.engram.io.onnx.proto.Onnx.ModelProto;
import dev.engram.io.onnx.proto.Onnx.StringStringEntryProto;
import dev.engram.io.onnx.proto.Onnx.TensorProto;
import dev.engram.layers.Layers;
import dev.engram.models.Sequential;
import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import dev.engram.testing.hostile.OpenFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Writing external data above a threshold, reading it back, and refusing hostile references. */
class ExternalDataTest {
    @TempDir
    Path tmp;

    /** Every data file read here was closed again, however its read ended. */
    @AfterEach
    void noDataFileLeftOpen() throws IOException {
        assertEquals(List.of(), OpenFiles.under(tmp), "files left open by a failed read");
    }

    private static Sequential model() {
        return Sequential.seeded(3, Layers.lstm(16).inputShape(4, 3), Layers.dense(2));
    }

    private static Tensor input() {
        float[] v = new float[2 * 4 * 3];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) Math.sin(0.7 * i);
        }
        return Tensor.of(Shape.of(2, 4, 3), v);
    }

    @Test
    void aModelAboveTheThresholdIsWrittenWithExternalDataAndReadBack() throws Exception {
        Sequential m = model();
        Path dir = Files.createDirectories(tmp.resolve("big"));
        Path onnx = dir.resolve("m.onnx");
        OnnxExporter.export(m, onnx, OnnxExportOptions.defaults().withExternalDataThreshold(0));
        assertTrue(Files.size(dir.resolve("m.onnx.data")) > 1024, "weights beside the model");
        ModelProto p = ModelProto.parseFrom(Files.readAllBytes(onnx));
        assertTrue(p.getGraph().getInitializerList().stream()
                .anyMatch(t -> t.getDataLocation() == TensorProto.DataLocation.EXTERNAL));
        // Below the threshold (the default) everything stays in one file; both files compute the same bits.
        Path small = tmp.resolve("small.onnx");
        OnnxExporter.export(m, small, OnnxExportOptions.defaults());
        assertFalse(Files.exists(tmp.resolve("small.onnx.data")));
        assertEquals(OnnxModel.load(small).predict(input()), OnnxModel.load(onnx).predict(input()));
        UnsupportedOnnxException e = assertThrows(UnsupportedOnnxException.class,
                () -> OnnxExporter.toBytes(m, OnnxExportOptions.defaults().withExternalDataThreshold(10)));
        assertTrue(e.getMessage().contains("export to a file (OnnxExporter.export), which writes external data"));
    }

    /** Writes the external-data model with the first external tensor's entries rewritten by {@code edit}. */
    private Path hostile(String name, UnaryOperator<TensorProto.Builder> edit) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve(name));
        Path onnx = dir.resolve("m.onnx");
        OnnxExporter.export(model(), onnx, OnnxExportOptions.defaults().withExternalDataThreshold(0));
        ModelProto.Builder p = ModelProto.parseFrom(Files.readAllBytes(onnx)).toBuilder();
        var g = p.getGraphBuilder();
        for (int i = 0; i < g.getInitializerCount(); i++) {
            if (g.getInitializer(i).getDataLocation() == TensorProto.DataLocation.EXTERNAL) {
                g.setInitializer(i, edit.apply(g.getInitializer(i).toBuilder()).build());
                break;
            }
        }
        Files.write(onnx, p.build().toByteArray());
        return onnx;
    }

    private static UnaryOperator<TensorProto.Builder> set(String key, String value) {
        return t -> {
            var entries = new java.util.ArrayList<>(t.getExternalDataList());
            entries.removeIf(e -> e.getKey().equals(key));
            entries.add(StringStringEntryProto.newBuilder().setKey(key).setValue(value).build());
            return t.clearExternalData().addAllExternalData(entries);
        };
    }

    private String refusal(Path onnx) {
        return assertThrows(OnnxFormatException.class, () -> OnnxModel.load(onnx)).getMessage();
    }

    @Test
    void hostileReferencesAreRefusedWithoutRevealingOutsideFiles() throws Exception {
        Path secret = Files.writeString(tmp.resolve("secret.bin"), "x".repeat(5000));
        assertTrue(refusal(hostile("up", set("location", "../secret.bin"))).endsWith(
                "external data referenced file \"../secret.bin\" must be a relative path inside the model's folder"));
        assertTrue(refusal(hostile("abs", set("location", secret.toString()))).contains("must be a relative path inside the model's folder"));
        Path link = hostile("link", set("location", "link.bin"));
        Files.createSymbolicLink(link.resolveSibling("link.bin"), secret);
        assertTrue(refusal(link).endsWith(
                "external data referenced file \"link.bin\" is a link that leads outside the model's folder; refused"));
        Path dirRef = hostile("dir", set("location", "sub"));
        Files.createDirectories(dirRef.resolveSibling("sub"));
        assertTrue(refusal(dirRef).endsWith("external data referenced file \"sub\" is not a regular file"));
        assertTrue(refusal(hostile("missing", set("location", "nope.bin")))
                .endsWith("external data referenced file \"nope.bin\" does not exist next to the model file"));
        String past = refusal(hostile("past", set("offset", "999999")));
        assertTrue(past.contains("offset 999999") && past.endsWith("runs past the end of the file"), past);
        assertTrue(refusal(hostile("len", set("length", "4"))).contains("external data length 4 but dims"));
        assertTrue(refusal(hostile("neg", set("offset", "-1"))).contains("'offset' is '-1'"));
        assertTrue(refusal(hostile("sum", set("checksum", "00"))).endsWith("fails its SHA-1 checksum"));
        String msg = refusal(hostile("up2", set("location", "../secret.bin")));
        assertFalse(msg.contains("5000"), "no outside size in " + msg);
    }
}
