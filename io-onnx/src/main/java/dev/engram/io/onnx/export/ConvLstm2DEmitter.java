package dev.engram.io.onnx.export;

import dev.engram.io.onnx.UnsupportedOnnxException;
import dev.engram.activations.Activation;
import dev.engram.io.onnx.proto.Onnx.AttributeProto;
import dev.engram.io.onnx.proto.Onnx.TensorProto;
import dev.engram.io.onnx.proto.Onnx.TypeProto;
import dev.engram.io.onnx.proto.Onnx.ValueInfoProto;
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
 * ConvLSTM2D, which ONNX has no op for: unrolled over a known number of time steps (a chain of {@code Conv}
 * nodes that every ONNX runtime runs), or, for a sequence of unknown length, one {@code Scan} over the time axis
 * whose body is one step. A step (processing order, last input step first with goBackwards): the frame
 * {@code [batch, C, rows, cols]} of the channels-first sequence, the input {@code Conv} (the layer's strides,
 * dilation and padding, bias), plus the recurrent {@code Conv} of h (stride 1, same padding, no bias; left out
 * of the unrolled first step when the states start at zero, which adds exactly nothing), four channel
 * {@code Slice}s in the gate order i, f, c, o, the gate and cell activations, {@code c' = f·c + i·g},
 * {@code h' = o·act(c')}. Each kernel {@code [kh, kw, in, 4F]} is ONNX's {@code [4F, in, kh, kw]}.
 * Channels-last layers transpose the sequence once before the steps and each output once after. Initial
 * states (extra inputs) enter in the layer's data format; a stateful layer and a time-step mask are refused.
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
        if (steps > MAX_STEPS) {
            throw new UnsupportedOnnxException("layer '" + name + "' (ConvLSTM2D) has " + steps + " time steps in its "
                    + "input " + in.prepend(Shape.UNKNOWN) + "; its unrolled ONNX form takes at most " + MAX_STEPS
                    + ": give the model input an unknown length for the Scan form");
        }
        if (steps == Shape.UNKNOWN && g.opset() < 9) {
            throw new UnsupportedOnnxException("layer '" + name + "' (ConvLSTM2D) reads a sequence of unknown length, "
                    + "whose ONNX form is a Scan over the time axis (opset 9 or later); the export targets opset "
                    + g.opset());
        }
        boolean last = c.dataFormat() == DataFormat.CHANNELS_LAST;
        String seq = last ? g.transpose(ins.get(0).name(), name + "_nchw", 0, 1, 4, 2, 3) : ins.get(0).name();
        Cell cell = Cell.of(g, layer, c, in, last);
        String h = ins.size() > 1 ? channelsFirst(g, ins.get(1).name(), last, name + "_h0") : null;
        String state = ins.size() > 2 ? channelsFirst(g, ins.get(2).name(), last, name + "_c0") : null;
        String[] outs = steps == Shape.UNKNOWN ? scan(g, cell, seq, h, state, name)
                : unrolled(g, cell, seq, h, state, steps, name);
        List<ExportValue> result = new ArrayList<>();
        if (c.returnSequences()) {
            result.add(new ExportValue(last ? g.transpose(outs[2], name + "_sequence_nhwc", 0, 1, 3, 4, 2) : outs[2], 5,
                    null));
        } else {
            result.add(new ExportValue(channelsLast(g, outs[0], last, name + "_last"), 4, null));
        }
        if (c.returnState()) {
            result.add(new ExportValue(channelsLast(g, outs[0], last, name + "_state_h"), 4, null));
            result.add(new ExportValue(channelsLast(g, outs[1], last, name + "_state_c"), 4, null));
        }
        return result;
    }

    /**
     * The cell's weights (initializers of the outer graph, which a Scan body reads by name) and convolution
     * attributes.
     */
    private record Cell(ConvLstm2DConfig config, List<String> inputConv, String recurrent, AttributeProto[] inputAttrs,
            AttributeProto[] recurrentAttrs) {
        static Cell of(GraphBuilder g, Layer layer, ConvLstm2DConfig c, Shape in, boolean last) {
            String name = layer.name();
            Conv2DWindow win = c.window();
            List<String> inputConv = new ArrayList<>();
            inputConv.add(kernel(g, layer, WeightRole.KERNEL, name + "_W"));
            Tensor bias = ExportWeights.find(layer, WeightRole.BIAS);
            if (bias != null) {
                inputConv.add(g.floats(name + "_B", new int[] {4 * c.filters()}, bias.toArray()));
            }
            // A single step from zero states never reads the recurrent kernel: no unused initializer.
            String recurrent = in.dim(0) == 1 && layer.inputShapes().size() == 1 ? null
                    : kernel(g, layer, WeightRole.RECURRENT_KERNEL, name + "_R");
            AttributeProto[] inputAttrs = {GraphBuilder.ints("kernel_shape", win.kernelHeight(), win.kernelWidth()),
                GraphBuilder.ints("strides", win.strideHeight(), win.strideWidth()),
                GraphBuilder.ints("dilations", win.dilationHeight(), win.dilationWidth()),
                Conv2DEmitter.pads(win, in.dim(last ? 1 : 2), in.dim(last ? 2 : 3))};
            Conv2DWindow rw = Conv2DWindow.of(win.kernelHeight(), win.kernelWidth()).withPadding(Padding.SAME);
            // Stride 1: the same pads do not depend on the map's size.
            AttributeProto[] recurrentAttrs = {GraphBuilder.ints("kernel_shape", rw.kernelHeight(), rw.kernelWidth()),
                Conv2DEmitter.pads(rw, Shape.UNKNOWN, Shape.UNKNOWN)};
            return new Cell(c, List.copyOf(inputConv), recurrent, inputAttrs, recurrentAttrs);
        }

        /** {@code x [batch, C, rows, cols]} through the input convolution: {@code [batch, 4F, outRows, outCols]}. */
        String inputConv(GraphBuilder g, String x, String out) {
            List<String> inputs = new ArrayList<>(inputConv);
            inputs.add(0, x);
            return g.node("Conv", out, inputs, inputAttrs);
        }

        /**
         * One step's nodes; {@code h} and {@code c} null for zero states (the recurrent product is then nothing).
         *
         * @return the new h and c
         */
        String[] step(GraphBuilder g, String x, String h, String state, String step) throws UnsupportedOnnxException {
            int f = config.filters();
            Activation gate = config.recurrentActivation();
            String z = inputConv(g, x, step + "_zx");
            if (h != null) {
                String zh = g.node("Conv", step + "_zh", List.of(h, recurrent), recurrentAttrs);
                z = g.node("Add", step + "_z", List.of(z, zh));
            }
            String i = ActivationExport.apply(g, gate, gate(g, z, 0, f, step + "_zi"), step + "_i");
            String fg = ActivationExport.apply(g, gate, gate(g, z, 1, f, step + "_zf"), step + "_f");
            String cand = ActivationExport.apply(g, config.activation(), gate(g, z, 2, f, step + "_zc"), step + "_g");
            String o = ActivationExport.apply(g, gate, gate(g, z, 3, f, step + "_zo"), step + "_o");
            String fresh = g.node("Mul", step + "_ig", List.of(i, cand));
            String c = state == null ? fresh : g.node("Add", step + "_c", List.of(g.node("Mul", step + "_fc",
                    List.of(fg, state)), fresh));
            String hNew = g.node("Mul", step + "_h", List.of(o, ActivationExport.apply(g, config.activation(), c,
                    step + "_cell")));
            return new String[] {hNew, c};
        }
    }

    /** The steps one after another: returns the final h, c and the sequence of h (when returned). */
    private static String[] unrolled(GraphBuilder g, Cell cell, String seq, String h, String state, int steps,
            String name) throws UnsupportedOnnxException {
        boolean back = cell.config().goBackwards();
        List<String> outputs = new ArrayList<>();
        for (int s = 0; s < steps; s++) {
            int t = back ? steps - 1 - s : s;
            String step = name + "_t" + t;
            String[] hc = cell.step(g, g.pick(seq, step + "_x", t, 1), h, state, step);
            h = hc[0];
            state = hc[1];
            if (cell.config().returnSequences()) {
                outputs.add(g.unsqueeze(h, 1));
            }
        }
        String all = outputs.isEmpty() ? null : outputs.size() == 1 ? outputs.get(0)
                : g.node("Concat", name + "_sequence", outputs, GraphBuilder.attr("axis", 1L));
        return new String[] {h, state, all};
    }

    /**
     * A sequence of unknown length as one {@code Scan} over axis 1 (last to first with goBackwards, the outputs in
     * processing order), its body one step; zero initial states are {@code ConstantOfShape} of the input
     * convolution's output shape with a quarter of its channels.
     */
    private static String[] scan(GraphBuilder g, Cell cell, String seq, String h, String state, String name)
            throws UnsupportedOnnxException {
        if (h == null) {
            String z0 = cell.inputConv(g, g.pick(seq, name + "_x0", 0, 1), name + "_z0");
            String shape = g.node("Div", name + "_state_shape", List.of(g.node("Shape", name + "_z0_shape",
                    List.of(z0)), g.longs("gate_blocks", 1L, 4L, 1L, 1L)));
            h = g.node("ConstantOfShape", name + "_zeros", List.of(shape), AttributeProto.newBuilder()
                    .setName("value").setType(AttributeProto.AttributeType.TENSOR)
                    .setT(GraphBuilder.tensor("zero", new int[] {1}, new float[] {0f})).build());
            state = h;
        }
        GraphBuilder body = new GraphBuilder(name + "_step", g.opset(), name + "_step_");
        String hIn = body.fresh("h_in");
        String cIn = body.fresh("c_in");
        String xIn = body.fresh("x_in");
        for (String v : List.of(hIn, cIn, xIn)) {
            body.graph().addInput(floatValue(v));
        }
        String[] hc = cell.step(body, xIn, hIn, cIn, "t");
        List<String> bodyOuts = List.of(body.node("Identity", "h_out", List.of(hc[0])),
                body.node("Identity", "c_out", List.of(hc[1])), body.node("Identity", "y_out", List.of(hc[0])));
        for (String v : bodyOuts) {
            body.graph().addOutput(floatValue(v));
        }
        List<String> outs = List.of(g.fresh(name + "_h_last"), g.fresh(name + "_c_last"), g.fresh(name + "_sequence"));
        g.nodeWithOutputs("Scan", List.of(h, state, seq), outs, AttributeProto.newBuilder().setName("body")
                        .setType(AttributeProto.AttributeType.GRAPH).setG(body.graph().build()).build(),
                GraphBuilder.attr("num_scan_inputs", 1L), GraphBuilder.ints("scan_input_axes", 1L),
                GraphBuilder.ints("scan_input_directions", cell.config().goBackwards() ? 1L : 0L),
                GraphBuilder.ints("scan_output_axes", 1L));
        return outs.toArray(new String[0]);
    }

    private static ValueInfoProto floatValue(String name) {
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(
                TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT_VALUE))).build();
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
