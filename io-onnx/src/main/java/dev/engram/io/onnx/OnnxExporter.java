package dev.engram.io.onnx;

import dev.engram.io.AtomicFiles;
import dev.engram.models.Network;
import dev.engram.io.onnx.codec.ExternalData;
import dev.engram.io.onnx.export.ModelExport;
import dev.engram.io.onnx.proto.Onnx.ModelProto;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Writes engine models as ONNX files that ONNX Runtime runs with the engine's predictions.
 *
 * <ul>
 *   <li>Dense: {@code Gemm} on 2-D input, {@code MatMul + Add} on 3-D input, then its activation
 *       (Relu, Tanh, Sigmoid, HardSigmoid(alpha = slope, beta = offset), Softmax(axis -1), Elu,
 *       Selu, Softplus, Softsign; relu6 as Clip, swish as x·Sigmoid(x), gelu as Gelu from opset 20
 *       or its Erf/Tanh formula below).</li>
 *   <li>LSTM: ONNX {@code LSTM} with layout 0 between Transposes; W and R transposed per gate and
 *       reordered from the engine's i, f, c, o to ONNX's i, o, f, c; {@code B = [bias | 0]};
 *       activations {@code [recurrentActivation, activation, activation]} with alpha/beta;
 *       goBackwards as direction {@code reverse} followed by a time flip of the sequence output.</li>
 *   <li>Dropout: omitted (the identity at inference).</li>
 *   <li>Activity regularizers ({@code Layer.activityRegularizer()}, the {@code ActivityRegularization}
 *       layer): ignored; they are training loss terms and an ONNX file is for inference.</li>
 * </ul>
 *
 * The batch dimension is symbolic ({@code "batch"}), as is an unknown number of time steps.
 */
public final class OnnxExporter {
    private OnnxExporter() {
    }

    /**
     * Writes a {@link dev.engram.models.Sequential} or functional model to {@code out} (a temporary file in the same
     * folder, then an atomic move). A model with several inputs or outputs keeps its own input names
     * and names its outputs {@code <outputName>_<i>}.
     *
     * @param model   a built model
     * @param out     the {@code .onnx} file
     * @param options opset, names, producer and metadata
     * @throws UnsupportedOnnxException for a layer or activation ONNX cannot express, or an unbuilt model
     * @throws IOException              if the file cannot be written
     */
    public static void export(Network model, Path out, OnnxExportOptions options) throws IOException {
        ModelProto proto = ModelExport.build(model, options);
        if (ExternalData.initializerBytes(proto) > options.externalDataThreshold()) {
            // ONNX external data: the weights go to "<file>.data" beside the model, as PyTorch 2 writes.
            // The data file is written (atomically) first, so a model file never names missing data.
            Path data = out.resolveSibling(out.getFileName() + ".data");
            ModelProto[] split = new ModelProto[1];
            ModelProto whole = proto;
            AtomicFiles.write(data, tmp -> {
                try (OutputStream os = new BufferedOutputStream(
                        Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW), 1 << 20)) {
                    split[0] = ExternalData.split(whole, data.getFileName().toString(), os);
                }
            });
            proto = split[0];
        }
        byte[] bytes = proto.toByteArray();
        AtomicFiles.write(out, tmp -> Files.write(tmp, bytes, StandardOpenOption.CREATE_NEW));
    }

    /**
     * The serialized ONNX model of a {@link dev.engram.models.Sequential} or functional model.
     *
     * @param model   a built model
     * @param options opset, names, producer and metadata
     * @return the {@code ModelProto} bytes
     * @throws UnsupportedOnnxException for a layer or activation ONNX cannot express, or an unbuilt model
     */
    public static byte[] toBytes(Network model, OnnxExportOptions options) throws UnsupportedOnnxException {
        ModelProto proto = ModelExport.build(model, options);
        long bytes = ExternalData.initializerBytes(proto);
        if (bytes > options.externalDataThreshold()) {
            throw new UnsupportedOnnxException("model '" + model.name() + "' has " + bytes + " bytes of weights, more"
                    + " than the external-data threshold " + options.externalDataThreshold() + " that one protobuf"
                    + " message may hold here; export to a file (OnnxExporter.export), which writes external data");
        }
        return proto.toByteArray();
    }
}
