package dev.engram.io.onnx.export;

import dev.engram.io.onnx.UnsupportedOnnxException;
import dev.engram.io.onnx.proto.Onnx.AttributeProto;
import dev.engram.layers.Conv2DWindow;
import dev.engram.layers.ConvLstm2DConfig;
import dev.engram.layers.DataFormat;
import dev.engram.layers.Layer;
import dev.engram.layers.Padding;
import dev.engram.layers.WeightRole;
import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * ConvLSTM2D, unrolled over its static number of time steps: ONNX has no convolutional recurrent op, and an
 * unrolled chain of {@code Conv} nodes runs in every ONNX runtime without a subgraph. Per step (processing
 * order, last input step first with goBackwards): {@code Gather} of the frame from the channels-first
 * sequence, the input {@code Conv} (the layer's strides, dilation and padding, bias), plus the recurrent
 * {@code Conv} of h (stride 1, same padding, no bias; skipped at the first step when the states start at zero,
 * which adds exactly nothing), four channel {@code Slice}s in the gate order i, f, c, o, the gate and cell
 * activations, {@code c' = f·c + i·g}, {@code h' = o·act(c')}. Each kernel {@code [kh, kw, in, 4F]} is ONNX's
 * {@code [4F, in, kh, kw]}. Channels-last layers transpose the sequence once before the steps and each
 * output once after. Initial states (extra inputs) enter in the layer's data format; a stateful layer, a
 * time-step mask and an unknown number of steps are refused.
 */
final class ConvLstm2DEmitter extends KeyedEmitter<ConvLstm2DConfig> {
    /** The largest number of steps unrolled: beyond it the graph grows past what a model file should hold. */
    static final int MAX_STEPS = 4096;

    ConvLstm2DEmitter() {
        super(ConvLstm2DConfig.class, "ConvLSTM2D");
    }

    @Override
    public List<ExportValue> emit(GraphBuilder g, Layer layer, ConvLstm2DConfig c, List<ExportValue> ins)
            throws UnsupportedOnnxException {
        String name = layer.name();
        RecurrentExport.refuseMasked(layer, ins.get(0));
        if (c.stateful()) {
            throw new UnsupportedOnnxException("layer '" + name + "' (ConvLSTM2D) is stateful: the state it carries "
                    + "between calls has no ONNX form; export a stateless copy (same weights, stateful = false)");
        }
        Shape in = layer.inputShape();
        int steps = in.dim(0);
        if (steps == Shape.UNKNOWN || steps > MAX_STEPS) {
            throw new UnsupportedOnnxException("layer '" + name + "' (ConvLSTM2D) has " + (steps == Shape.UNKNOWN
                    ? "an unknown number of time steps" : steps + " time steps") + " in its input " + in.prepend(
                    Shape.UNKNOWN) + "; its ONNX form is unrolled over a fixed number of steps (1.." + MAX_STEPS
                    + "): give the model input a fixed length");
        }
        boolean last = c.dataFormat() == DataFormat.CHANNELS_LAST;
        int f = c.filters();
        Conv2DWindow win = c.window();
        String seq = last ? g.transpose(ins.get(0).name(), name + "_nchw", 0, 1, 4, 2, 3) : ins.get(0).name();
        List<String> inputConv = new ArrayList<>();
        inputConv.add("");
        inputConv.add(kernel(g, layer, WeightRole.KERNEL, name + "_W"));
        Tensor bias = ExportWeights.find(layer, WeightRole.BIAS);
        if (bias != null) {
            inputConv.add(g.floats(name + "_B", new int[] {4 * f}, bias.toArray()));
        }
        String h = ins.size() > 1 ? channelsFirst(g, ins.get(1).name(), last, name + "_h0") : null;
        String cell = ins.size() > 2 ? channelsFirst(g, ins.get(2).name(), last, name + "_c0") : null;
        // A single step from zero states never reads the recurrent kernel: no unused initializer.
        String recurrent = h != null || steps > 1 ? kernel(g, layer, WeightRole.RECURRENT_KERNEL, name + "_R") : null;
        AttributeProto[] inputAttrs = {GraphBuilder.ints("kernel_shape", win.kernelHeight(), win.kernelWidth()),
            GraphBuilder.ints("strides", win.strideHeight(), win.strideWidth()),
            GraphBuilder.ints("dilations", win.dilationHeight(), win.dilationWidth()),
            Conv2DEmitter.pads(win, in.dim(last ? 1 : 2), in.dim(last ? 2 : 3))};
        Conv2DWindow rw = Conv2DWindow.of(win.kernelHeight(), win.kernelWidth()).withPadding(Padding.SAME);
        // Stride 1: the same pads do not depend on the map's size.
        AttributeProto[] recurrentAttrs = {GraphBuilder.ints("kernel_shape", rw.kernelHeight(), rw.kernelWidth()),
            Conv2DEmitter.pads(rw, Shape.UNKNOWN, Shape.UNKNOWN)};
        List<String> outputs = new ArrayList<>();
        for (int s = 0; s < steps; s++) {
            int t = c.goBackwards() ? steps - 1 - s : s;
            String step = name + "_t" + t;
            inputConv.set(0, g.pick(seq, step + "_x", t, 1));
            String z = g.node("Conv", step + "_zx", inputConv, inputAttrs);
            if (h != null) {
                String zh = g.node("Conv", step + "_zh", List.of(h, recurrent), recurrentAttrs);
                z = g.node("Add", step + "_z", List.of(z, zh));
            }
            String i = ActivationExport.apply(g, c.recurrentActivation(), gate(g, z, 0, f, step + "_zi"), step + "_i");
            String fg = ActivationExport.apply(g, c.recurrentActivation(), gate(g, z, 1, f, step + "_zf"), step + "_f");
            String cand = ActivationExport.apply(g, c.activation(), gate(g, z, 2, f, step + "_zc"), step + "_g");
            String o = ActivationExport.apply(g, c.recurrentActivation(), gate(g, z, 3, f, step + "_zo"), step + "_o");
            String fresh = g.node("Mul", step + "_ig", List.of(i, cand));
            cell = cell == null ? fresh : g.node("Add", step + "_c", List.of(g.node("Mul", step + "_fc",
                    List.of(fg, cell)), fresh));
            h = g.node("Mul", step + "_h", List.of(o, ActivationExport.apply(g, c.activation(), cell, step + "_cell")));
            if (c.returnSequences()) {
                outputs.add(g.unsqueeze(h, 1));
            }
        }
        List<ExportValue> result = new ArrayList<>();
        if (c.returnSequences()) {
            String all = outputs.size() == 1 ? outputs.get(0)
                    : g.node("Concat", name + "_sequence", outputs, GraphBuilder.attr("axis", 1L));
            result.add(new ExportValue(last ? g.transpose(all, name + "_sequence_nhwc", 0, 1, 3, 4, 2) : all, 5, null));
        } else {
            result.add(new ExportValue(channelsLast(g, h, last, name + "_last"), 4, null));
        }
        if (c.returnState()) {
            result.add(new ExportValue(channelsLast(g, h, last, name + "_state_h"), 4, null));
            result.add(new ExportValue(channelsLast(g, cell, last, name + "_state_c"), 4, null));
        }
        return result;
    }

    /** The layer's kernel with {@code role} as an ONNX {@code [4F, in, kh, kw]} initializer. */
    private static String kernel(GraphBuilder g, Layer layer, WeightRole role, String base) {
        Tensor k = ExportWeights.find(layer, role);
        return g.floats(base, Conv2DEmitter.onnxKernelShape(k.shape()), Conv2DEmitter.toOnnxKernel(k));
    }

    /** Channels {@code [k·F, (k+1)·F)} of {@code z [batch, 4F, rows, cols]}: gate {@code k} in the order i, f, c, o. */
    private static String gate(GraphBuilder g, String z, int k, int f, String out) {
        return g.node("Slice", out, List.of(z, g.longs("starts", (long) k * f), g.longs("ends", (long) (k + 1) * f),
                g.longs("axes", 1L)));
    }

    private static String channelsFirst(GraphBuilder g, String map, boolean last, String out) {
        return last ? g.transpose(map, out + "_nchw", 0, 3, 1, 2) : map;
    }

    private static String channelsLast(GraphBuilder g, String map, boolean last, String out) {
        return last ? g.transpose(map, out + "_nhwc", 0, 2, 3, 1) : g.node("Identity", out, List.of(map));
    }
}
