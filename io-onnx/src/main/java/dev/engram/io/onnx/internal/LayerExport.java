package dev.engram.io.onnx.internal;

import dev.engram.io.onnx.UnsupportedOnnxException;
import dev.engram.layers.DenseConfig;
import dev.engram.layers.Layer;
import dev.engram.layers.LstmConfig;
import dev.engram.layers.Parameter;
import dev.engram.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Emits ONNX nodes for one engine layer. Values between layers are batch-major like the engine's
 * ({@code [batch, features]} or {@code [batch, timesteps, features]}).
 */
final class LayerExport {
    /**
     * ONNX LSTM gate block k (order i, o, f, c) is engine block {@code ONNX_TO_ENGINE_GATE[k]}
     * (engine order i, f, c, o, as Keras and TF.js).
     */
    static final int[] ONNX_TO_ENGINE_GATE = {0, 3, 1, 2};

    private LayerExport() {
    }

    static Tensor weight(Layer layer, String role) {
        for (Parameter p : layer.parameters()) {
            if (p.name().equals(role)) {
                return p.value();
            }
        }
        return null;
    }

    /** Dense: Gemm on 2-D input, MatMul + Add on higher ranks, then the activation. */
    static String dense(GraphBuilder g, Layer layer, DenseConfig c, String x, int rank) throws UnsupportedOnnxException {
        Tensor k = weight(layer, "kernel");
        Tensor b = weight(layer, "bias");
        String name = layer.name();
        String w = g.floats(name + "_kernel", k.shape().toArray(), k.toArray());
        String y;
        if (rank == 2) {
            List<String> in = new ArrayList<>(List.of(x, w));
            if (b != null) {
                in.add(g.floats(name + "_bias", b.shape().toArray(), b.toArray()));
            }
            y = g.node("Gemm", name + "_gemm", in);
        } else {
            y = g.node("MatMul", name + "_matmul", List.of(x, w));
            if (b != null) {
                y = g.node("Add", name + "_add", List.of(y, g.floats(name + "_bias", b.shape().toArray(), b.toArray())));
            }
        }
        return ActivationExport.apply(g, c.activation(), y, name);
    }

    /**
     * LSTM: Transpose to time-major, ONNX LSTM (layout 0: ONNX Runtime rejects layout 1), then the
     * sequence back to batch-major or the final state squeezed to {@code [batch, units]}.
     */
    static String lstm(GraphBuilder g, Layer layer, LstmConfig c, String x) throws UnsupportedOnnxException {
        String name = layer.name();
        int u = c.units();
        Tensor kernel = weight(layer, "kernel");
        Tensor recurrent = weight(layer, "recurrentKernel");
        Tensor bias = weight(layer, "bias");
        int in = kernel.shape().dim(0);
        String w = g.floats(name + "_W", new int[] {1, 4 * u, in}, gateRows(kernel.buffer(), in, u));
        String r = g.floats(name + "_R", new int[] {1, 4 * u, u}, gateRows(recurrent.buffer(), u, u));
        List<String> inputs = new ArrayList<>();
        String xt = g.node("Transpose", name + "_time_major", List.of(x), GraphBuilder.ints("perm", 1, 0, 2));
        inputs.add(xt);
        inputs.add(w);
        inputs.add(r);
        if (bias != null) {
            // B = [Wb | Rb]: the engine has a single bias, so Rb is zero.
            float[] b = new float[8 * u];
            float[] eb = bias.buffer();
            for (int k = 0; k < 4; k++) {
                System.arraycopy(eb, ONNX_TO_ENGINE_GATE[k] * u, b, k * u, u);
            }
            inputs.add(g.floats(name + "_B", new int[] {1, 8 * u}, b));
        }
        ActivationExport.Recurrent f = ActivationExport.recurrent(c.recurrentActivation(), name);
        ActivationExport.Recurrent act = ActivationExport.recurrent(c.activation(), name);
        List<ActivationExport.Recurrent> fns = List.of(f, act, act);
        List<Float> alphas = new ArrayList<>();
        List<Float> betas = new ArrayList<>();
        for (ActivationExport.Recurrent a : fns) {
            if (!Float.isNaN(a.alpha())) {
                alphas.add(a.alpha());
            }
            if (!Float.isNaN(a.beta())) {
                betas.add(a.beta());
            }
        }
        List<dev.engram.io.onnx.proto.Onnx.AttributeProto> attrs = new ArrayList<>();
        attrs.add(GraphBuilder.attr("hidden_size", (long) u));
        attrs.add(GraphBuilder.attr("direction", c.goBackwards() ? "reverse" : "forward"));
        attrs.add(GraphBuilder.strings("activations", fns.stream().map(ActivationExport.Recurrent::name).toList()));
        if (!alphas.isEmpty()) {
            attrs.add(GraphBuilder.floatsAttr("activation_alpha", alphas));
        }
        if (!betas.isEmpty()) {
            attrs.add(GraphBuilder.floatsAttr("activation_beta", betas));
        }
        String yName = g.fresh(name + "_Y");
        String yhName = g.fresh(name + "_Y_h");
        g.nodeWithOutputs("LSTM", inputs, List.of(yName, yhName),
                attrs.toArray(new dev.engram.io.onnx.proto.Onnx.AttributeProto[0]));
        if (!c.returnSequences()) {
            return g.squeeze(yhName, 0);
        }
        String seq = g.squeeze(yName, 1);
        if (c.goBackwards()) {
            // Keras/TF.js parity: a goBackwards layer's outputs stay in processing order (last input
            // step first), while a reverse ONNX LSTM writes Y in input order, so flip the time axis.
            seq = g.node("Slice", name + "_processing_order", List.of(seq, g.longs("starts", -1L),
                    g.longs("ends", -Long.MAX_VALUE), g.longs("axes", 0L), g.longs("steps", -1L)));
        }
        return g.node("Transpose", name + "_batch_major", List.of(seq), GraphBuilder.ints("perm", 1, 0, 2));
    }

    /** {@code [rows, 4u]} engine blocks i,f,c,o to ONNX {@code [4u, rows]} blocks i,o,f,c (transposed). */
    private static float[] gateRows(float[] m, int rows, int u) {
        float[] out = new float[4 * u * rows];
        for (int k = 0; k < 4; k++) {
            int src = ONNX_TO_ENGINE_GATE[k] * u;
            for (int j = 0; j < u; j++) {
                for (int i = 0; i < rows; i++) {
                    out[(k * u + j) * rows + i] = m[i * 4 * u + src + j];
                }
            }
        }
        return out;
    }
}
