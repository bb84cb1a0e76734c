package dev.engram.io.onnx.export;

import dev.engram.io.onnx.codec.OnnxGateOrder;
import dev.engram.activations.Activation;
import dev.engram.io.onnx.UnsupportedOnnxException;
import dev.engram.io.onnx.proto.Onnx.AttributeProto;
import dev.engram.layers.Bidirectional;
import dev.engram.layers.BidirectionalConfig;
import dev.engram.layers.GruConfig;
import dev.engram.layers.Layer;
import dev.engram.layers.LstmConfig;
import dev.engram.layers.RecurrentLayerConfig;
import dev.engram.layers.SimpleRnnConfig;
import dev.engram.layers.WeightRole;
import dev.engram.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * The node building shared by {@link RecurrentEmitter} and {@link BidirectionalEmitter}: LSTM, GRU
 * and SimpleRNN layers, alone or in a {@link Bidirectional} wrapper, as one ONNX
 * {@code LSTM} / {@code GRU} / {@code RNN} node (layout 0, between Transposes: ONNX Runtime rejects
 * layout 1).
 *
 * <ul>
 *   <li>W and R are the engine's kernels transposed per gate; LSTM gates i,f,c,o become ONNX's
 *       i,o,f,c, GRU gates z,r,h and the single RNN gate keep their order.</li>
 *   <li>{@code B = [Wb | Rb]}: the engine's single bias then zeros; a GRU with resetAfter has bias
 *       rows {@code [input; recurrent]} that map to Wb and Rb, with {@code linear_before_reset = 1}
 *       (Keras parity: {@code r ⊙ (h·Rh + bRh)}); without it {@code linear_before_reset = 0}
 *       ({@code (r ⊙ h)·Rh}).</li>
 *   <li>goBackwards is direction {@code reverse}; ONNX writes a reverse Y in input order, so a
 *       returned sequence is flipped back into the engine's processing order.</li>
 *   <li>Bidirectional is direction {@code bidirectional} with W, R, B stacked forward then backward.
 *       ONNX's backward Y is already in input order, which is what Keras's merge uses after its
 *       re-reversal; concat is Transpose + Reshape, sum/mul/ave are Gather + Add/Mul.</li>
 *   <li>returnState: Y_h (and Y_c) squeezed, forward states then backward ones.</li>
 * </ul>
 */
final class RecurrentExport {
    private RecurrentExport() {
    }

    /** Refuses a layer that would consume a time-step mask: masked steps have no ONNX recurrent form. */
    static void refuseMasked(Layer layer, ExportValue x) throws UnsupportedOnnxException {
        if (x.maskSource() != null) {
            throw new UnsupportedOnnxException("layer '" + layer.name() + "' (" + layer.typeName() + ") consumes the "
                    + "time-step mask made by '" + x.maskSource() + "'; masked steps (state kept, output repeated) "
                    + "have no ONNX recurrent form, so the export is refused. Remove the Masking layer / maskZero, "
                    + "or export a model without padding");
        }
    }

    /** One LSTM, GRU or SimpleRNN layer (initial states as extra inputs); its outputs as the engine orders them. */
    static List<ExportValue> single(GraphBuilder g, Layer layer, List<ExportValue> ins)
            throws UnsupportedOnnxException {
        RecurrentLayerConfig c = (RecurrentLayerConfig) layer.config();
        check(layer, c);
        String name = layer.name();
        OnnxGateOrder cell = cell(c);
        List<String> initial = new ArrayList<>();
        for (int i = 1; i < ins.size(); i++) {
            initial.add(g.unsqueeze(ins.get(i).name(), 0));
        }
        String[] outs = node(g, name, cell, List.of(layer), c.goBackwards() ? "reverse" : "forward",
                g.transpose(ins.get(0).name(), name + "_time_major", 1, 0, 2), initial);
        List<ExportValue> result = new ArrayList<>();
        if (c.returnSequences()) {
            String seq = g.squeeze(outs[0], 1);
            if (c.goBackwards()) {
                seq = flipTime(g, seq, name);
            }
            result.add(new ExportValue(g.transpose(seq, name + "_batch_major", 1, 0, 2), 3, null));
        } else {
            result.add(new ExportValue(g.squeeze(outs[1], 0), 2, null));
        }
        if (c.returnState()) {
            for (int s = 1; s < outs.length; s++) {
                result.add(new ExportValue(g.squeeze(outs[s], 0), 2, null));
            }
        }
        return result;
    }

    /** A Bidirectional wrapper as one {@code bidirectional} node; its outputs as the engine orders them. */
    static List<ExportValue> bidirectional(GraphBuilder g, Bidirectional layer, ExportValue x)
            throws UnsupportedOnnxException {
        BidirectionalConfig bc = layer.config();
        RecurrentLayerConfig c = (RecurrentLayerConfig) layer.forwardLayer().config();
        check(layer, c);
        if (c.goBackwards()) {
            throw new UnsupportedOnnxException("layer '" + layer.name() + "': a Bidirectional wrapper of a goBackwards "
                    + "layer is not exported (its 'forward' half reads backwards)");
        }
        String name = layer.name();
        OnnxGateOrder cell = cell(c);
        String[] outs = node(g, name, cell, List.of(layer.forwardLayer(), layer.backwardLayer()), "bidirectional",
                g.transpose(x.name(), name + "_time_major", 1, 0, 2), List.of());
        List<ExportValue> result = new ArrayList<>();
        boolean seq = c.returnSequences();
        int rank = seq ? 3 : 2;
        // Y is [T, 2, B, H] and Y_h [2, B, H]: the direction axis is 1 for sequences, 0 for the last step.
        String both = seq ? outs[0] : outs[1];
        long dirAxis = seq ? 1 : 0;
        switch (bc.mergeMode()) {
            case CONCAT -> {
                String moved = seq ? g.transpose(both, name + "_dirs_inner", 2, 0, 1, 3)
                        : g.transpose(both, name + "_dirs_inner", 1, 0, 2);
                String shape = seq ? g.longs("concat_shape", 0L, 0L, -1L) : g.longs("concat_shape", 0L, -1L);
                result.add(new ExportValue(g.node("Reshape", name + "_concat", List.of(moved, shape)), rank, null));
            }
            case NONE -> {
                result.add(new ExportValue(batchMajor(g, g.pick(both, name + "_fw", 0, dirAxis), seq, name), rank, null));
                result.add(new ExportValue(batchMajor(g, g.pick(both, name + "_bw", 1, dirAxis), seq, name), rank, null));
            }
            default -> {
                String f = g.pick(both, name + "_fw", 0, dirAxis);
                String b = g.pick(both, name + "_bw", 1, dirAxis);
                String m = switch (bc.mergeMode()) {
                    case SUM -> g.node("Add", name + "_sum", List.of(f, b));
                    case MUL -> g.node("Mul", name + "_mul", List.of(f, b));
                    // TF.js parity: mul(.5, add(y, yRev))
                    default -> g.node("Mul", name + "_ave", List.of(g.node("Add", name + "_sum", List.of(f, b)),
                            g.scalar("half", 0.5f)));
                };
                result.add(new ExportValue(batchMajor(g, m, seq, name), rank, null));
            }
        }
        if (c.returnState()) {
            for (int d = 0; d < 2; d++) {
                for (int s = 1; s < outs.length; s++) {
                    result.add(new ExportValue(g.pick(outs[s], name + (d == 0 ? "_fw_state" : "_bw_state"), d, 0),
                            2, null));
                }
            }
        }
        return result;
    }

    private static String batchMajor(GraphBuilder g, String v, boolean seq, String name) {
        return seq ? g.transpose(v, name + "_batch_major", 1, 0, 2) : v;
    }

    private static void check(Layer layer, RecurrentLayerConfig c) throws UnsupportedOnnxException {
        if (c.stateful()) {
            throw new UnsupportedOnnxException("layer '" + layer.name() + "' is stateful: the state it carries "
                    + "between calls has no ONNX form; export a stateless copy (same weights, stateful = false)");
        }
    }

    private static OnnxGateOrder cell(RecurrentLayerConfig c) {
        return c instanceof LstmConfig ? OnnxGateOrder.LSTM : c instanceof GruConfig ? OnnxGateOrder.GRU
                : OnnxGateOrder.RNN;
    }

    /** Adds the recurrent node; returns the names of Y, Y_h (and Y_c for an LSTM). */
    private static String[] node(GraphBuilder g, String name, OnnxGateOrder cell, List<Layer> dirs, String direction,
            String xt, List<String> initial) throws UnsupportedOnnxException {
        RecurrentLayerConfig c = (RecurrentLayerConfig) dirs.get(0).config();
        Tensor k0 = ExportWeights.find(dirs.get(0), WeightRole.KERNEL);
        int u = ExportWeights.find(dirs.get(0), WeightRole.RECURRENT_KERNEL).shape().dim(0);
        int in = k0.shape().dim(0);
        int gu = cell.gates() * u;
        int n = dirs.size();
        float[] w = new float[n * gu * in];
        float[] r = new float[n * gu * u];
        float[] b = null;
        for (int d = 0; d < n; d++) {
            Layer l = dirs.get(d);
            // ONNX parity: gate rows in ONNX order (LSTM i, o, f, c).
            System.arraycopy(cell.toOnnxRows(ExportWeights.find(l, WeightRole.KERNEL).buffer(), in, u), 0, w, d * gu * in,
                    gu * in);
            System.arraycopy(cell.toOnnxRows(ExportWeights.find(l, WeightRole.RECURRENT_KERNEL).buffer(), u, u), 0, r,
                    d * gu * u, gu * u);
            Tensor bias = ExportWeights.find(l, WeightRole.BIAS);
            if (bias != null) {
                b = b == null ? new float[n * 2 * gu] : b;
                float[] eb = bias.buffer();
                boolean twoRows = eb.length == 2 * gu; // GRU resetAfter: [input bias; recurrent bias]
                for (int k = 0; k < cell.gates(); k++) { // ONNX parity: bias blocks in ONNX gate order
                    System.arraycopy(eb, cell.engineBlock(k) * u, b, d * 2 * gu + k * u, u);
                    if (twoRows) {
                        System.arraycopy(eb, gu + cell.engineBlock(k) * u, b, d * 2 * gu + gu + k * u, u);
                    }
                }
            }
        }
        List<String> inputs = new ArrayList<>(List.of(xt, g.floats(name + "_W", new int[] {n, gu, in}, w),
                g.floats(name + "_R", new int[] {n, gu, u}, r)));
        inputs.add(b == null ? "" : g.floats(name + "_B", new int[] {n, 2 * gu}, b));
        if (!initial.isEmpty()) {
            inputs.add(""); // sequence_lens
            inputs.addAll(initial);
        }
        while (inputs.get(inputs.size() - 1).isEmpty()) {
            inputs.remove(inputs.size() - 1);
        }
        List<ActivationExport.Recurrent> fns = new ArrayList<>();
        for (int d = 0; d < n; d++) {
            for (Activation a : activations(c)) {
                fns.add(ActivationExport.recurrent(a, name));
            }
        }
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
        List<AttributeProto> attrs = new ArrayList<>();
        attrs.add(GraphBuilder.attr("hidden_size", (long) u));
        attrs.add(GraphBuilder.attr("direction", direction));
        attrs.add(GraphBuilder.strings("activations", fns.stream().map(ActivationExport.Recurrent::name).toList()));
        if (!alphas.isEmpty()) {
            attrs.add(GraphBuilder.floatsAttr("activation_alpha", alphas));
        }
        if (!betas.isEmpty()) {
            attrs.add(GraphBuilder.floatsAttr("activation_beta", betas));
        }
        if (c instanceof GruConfig gc) {
            attrs.add(GraphBuilder.attr("linear_before_reset", gc.resetAfter() ? 1L : 0L));
        }
        String[] outs = new String[cell == OnnxGateOrder.LSTM ? 3 : 2];
        outs[0] = g.fresh(name + "_Y");
        outs[1] = g.fresh(name + "_Y_h");
        if (cell == OnnxGateOrder.LSTM) {
            outs[2] = g.fresh(name + "_Y_c");
        }
        g.nodeWithOutputs(cell.name(), inputs, List.of(outs), attrs.toArray(new AttributeProto[0]));
        return outs;
    }

    /** The ONNX activations list of one direction: LSTM [f, g, h], GRU [f, g], RNN [f]. */
    private static List<Activation> activations(RecurrentLayerConfig c) {
        if (c instanceof LstmConfig l) {
            return List.of(l.recurrentActivation(), l.activation(), l.activation());
        }
        if (c instanceof GruConfig gr) {
            return List.of(gr.recurrentActivation(), gr.activation());
        }
        return List.of(((SimpleRnnConfig) c).activation());
    }

    /**
     * Keras/TF.js parity: a goBackwards layer's sequence is in processing order (last input step
     * first), while a reverse ONNX node writes Y in input order, so flip the time axis (axis 0).
     */
    static String flipTime(GraphBuilder g, String seq, String name) {
        return g.node("Slice", name + "_processing_order", List.of(seq, g.longs("starts", -1L),
                g.longs("ends", -Long.MAX_VALUE), g.longs("axes", 0L), g.longs("steps", -1L)));
    }
}
