package dev.engram.io.onnx.internal;

import dev.engram.activations.Activation;
import dev.engram.activations.Activations;
import dev.engram.io.onnx.UnsupportedOnnxException;
import dev.engram.layers.BidirectionalMergeMode;
import dev.engram.layers.DenseConfig;
import dev.engram.layers.Layer;
import dev.engram.layers.LayerConfig;
import dev.engram.layers.Layers;
import dev.engram.layers.LstmConfig;
import dev.engram.layers.RecurrentLayerConfig;
import dev.engram.models.Sequential;
import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Maps a chain of recognised ONNX layer patterns to an engine {@link Sequential}. It follows the
 * data path from the single graph input, tracking the layout of the current value, and accepts:
 * Transpose [1,0,2]; LSTM, GRU (either linear_before_reset) and RNN with a zero (or absent) initial
 * state (see {@link RecurrentPattern}); bidirectional ones as a Bidirectional layer when their Y or
 * Y_h is merged by concatenation (Transpose of the direction axis next to H, then Reshape, as
 * PyTorch and our exporter write it); PyTorch's h_n (Concat of every layer's Y_h, Gather of the
 * last; recurrent layers are {@link LstmConfig}, GRU or SimpleRNN configurations); Squeeze of Y or
 * Y_h; Gather of the last step of a forward recurrent layer's sequence, or Slice [-1:] of it followed
 * by Squeeze of the time axis (tf2onnx's form of Keras's {@code strided_slice}); a time flip of a
 * reverse LSTM's
 * sequence; Gemm or MatMul(+Add) with constant weights; activations right after a dense layer;
 * Identity and Dropout. Shape-only side paths (Shape, ... , ConstantOfShape) are ignored. Anything
 * else is refused, naming the node and the reason.
 */
public final class SequentialConverter {
    /** Layout of the value being followed. */
    private enum Form {
        BATCH_SEQ, TIME_SEQ, LSTM_Y, LSTM_YH, VEC,
        /** A bidirectional node's Y {@code [T, 2, B, H]} and Y_h {@code [2, B, H]}. */
        BI_Y, BI_YH,
        /** After the Transpose that puts the direction axis next to the features: [T, B, 2, H], [B, T, 2, H], [B, 2, H]. */
        BI_TIME, BI_BATCH, BI_VEC,
        /** The last step sliced off a sequence, before the Squeeze of the time axis (tf2onnx). */
        LAST_STEP
    }

    private final GraphExecutor graph;
    private final String file;
    private final Map<String, NodeContext> producer = new HashMap<>();
    private final Map<String, List<NodeContext>> consumers = new HashMap<>();
    private final List<LayerConfig> configs = new ArrayList<>();
    private final List<Map<String, Tensor>> weights = new ArrayList<>();

    private String cur;
    private Form form;
    private int lstmLayout;
    /** Index of the LSTM whose unmodified output {@code cur} is, or -1. */
    private int lstmIndex = -1;
    /** {@code cur} is a reverse LSTM's sequence in ONNX (input) order, not the engine's processing order. */
    private boolean inputOrderReverse;
    /** Axis of the length-1 time dimension while {@code form} is LAST_STEP. */
    private long lastStepAxis;
    /** {@code cur} is the raw output of the last Dense layer, so an activation can fold into it. */
    private boolean denseOpen;

    /** A converter for the given validated graph. */
    public SequentialConverter(GraphExecutor graph, String file) {
        this.graph = graph;
        this.file = file;
        for (NodeContext n : graph.nodes()) {
            for (String o : n.node().getOutputList()) {
                producer.put(o, n);
            }
            for (String i : n.node().getInputList()) {
                consumers.computeIfAbsent(i, k -> new ArrayList<>()).add(n);
            }
        }
    }

    /** The converted model, or an exception saying why the graph does not map. */
    public Sequential convert() throws UnsupportedOnnxException {
        if (graph.inputNames().size() != 1 || graph.outputNames().size() != 1) {
            throw refuse("the graph has inputs " + graph.inputNames() + " and outputs " + graph.outputNames()
                    + "; a Sequential model has exactly one of each");
        }
        cur = graph.inputNames().get(0);
        int[] perSample = perSampleShape(cur);
        form = perSample.length == 2 ? Form.BATCH_SEQ : perSample.length == 1 ? Form.VEC : null;
        if (form == null) {
            throw refuse("input '" + cur + "' has rank " + (perSample.length + 1)
                    + "; expected [batch, features] or [batch, timesteps, features]");
        }
        List<NodeContext> first = dataConsumers(cur);
        if (form == Form.BATCH_SEQ && first.size() == 1 && List.of("LSTM", "GRU", "RNN").contains(first.get(0).opType())
                && first.get(0).attrInt("layout", 0) == 0 && first.get(0).node().getInput(0).equals(cur)) {
            // A time-major graph input ([seq, batch, features], PyTorch's batch_first=False) fed straight into a
            // layout-0 node: the engine model takes the same data batch-major, [batch, seq, features].
            var dims = graph.inputInfo(cur).getType().getTensorType().getShape().getDimList();
            perSample = new int[] {dims.get(0).hasDimValue() ? (int) dims.get(0).getDimValue() : Shape.UNKNOWN,
                    perSample[1]};
            form = Form.TIME_SEQ;
        }
        String output = graph.outputNames().get(0);
        while (!cur.equals(output) || hasDataConsumer(cur)) {
            step(next());
        }
        if (form != Form.BATCH_SEQ && form != Form.VEC || inputOrderReverse) {
            throw refuse("the output '" + output + "' is " + (inputOrderReverse
                    ? "a reverse LSTM's sequence in input order, which no engine layer produces"
                    : "in layout " + form + ", not batch-major"));
        }
        if (configs.isEmpty()) {
            throw refuse("no layers on the path from input to output");
        }
        Sequential s = new Sequential("onnx", 0);
        for (int i = 0; i < configs.size(); i++) {
            LayerConfig c = configs.get(i);
            if (i == 0) {
                c = RecurrentPattern.withInputShape(c, perSample);
            }
            s.add(c);
            Layer layer = s.layers().get(i);
            int k = 0;
            for (var p : layer.parameters()) {
                Tensor t = weights.get(i).get(p.name());
                p.assign(t != null ? t : weights.get(i).get("#" + k)); // Bidirectional: by position
                k++;
            }
        }
        return s;
    }

    private UnsupportedOnnxException refuse(String why) {
        return new UnsupportedOnnxException(file + ": cannot convert to a Sequential model: " + why);
    }

    private int[] perSampleShape(String input) throws UnsupportedOnnxException {
        var info = graph.inputInfo(input);
        if (!info.getType().hasTensorType() || !info.getType().getTensorType().hasShape()) {
            throw refuse("input '" + input + "' has no declared shape");
        }
        var dims = info.getType().getTensorType().getShape().getDimList();
        int[] r = new int[Math.max(0, dims.size() - 1)];
        for (int i = 1; i < dims.size(); i++) {
            r[i - 1] = dims.get(i).hasDimValue() ? (int) dims.get(i).getDimValue() : Shape.UNKNOWN;
        }
        if (r.length > 0 && r[r.length - 1] == Shape.UNKNOWN) {
            throw refuse("input '" + input + "' has an unknown feature size");
        }
        return r;
    }

    private List<NodeContext> dataConsumers(String value) {
        return consumers.getOrDefault(value, List.of()).stream().filter(n -> !n.opType().equals("Shape")).toList();
    }

    private boolean hasDataConsumer(String value) {
        return !dataConsumers(value).isEmpty();
    }

    private NodeContext next() throws UnsupportedOnnxException {
        List<NodeContext> cs = dataConsumers(cur);
        if (cs.size() != 1) {
            throw refuse(cs.isEmpty() ? "value '" + cur + "' is not the graph output but feeds no layer"
                    : "value '" + cur + "' feeds " + cs.size() + " nodes " + cs.stream().map(NodeContext::describe)
                            .toList() + "; only chains map to a Sequential model");
        }
        NodeContext n = cs.get(0);
        if (!n.node().getInput(0).equals(cur) && !(n.opType().equals("Concat") && form == Form.LSTM_YH)) {
            throw refuse(n.describe() + " takes '" + cur + "' as a non-data input");
        }
        return n;
    }

    private void step(NodeContext n) throws UnsupportedOnnxException {
        boolean wasDense = denseOpen;
        denseOpen = false;
        switch (n.opType()) {
            case "Identity", "Dropout" -> {
                denseOpen = wasDense;
                moveTo(n, form);
            }
            case "Transpose" -> {
                long[] perm = n.attrInts("perm");
                boolean swap = perm != null && perm.length == 3 && perm[0] == 1 && perm[1] == 0 && perm[2] == 2;
                Form bi = biTranspose(perm);
                if (bi != null) {
                    moveTo(n, bi);
                    break;
                }
                if (!swap || form != Form.BATCH_SEQ && form != Form.TIME_SEQ) {
                    throw refuse(n.describe() + ": only Transpose perm [1, 0, 2] of a sequence (or of a bidirectional "
                            + "node's Y / Y_h that moves the direction axis next to the features) maps to layers");
                }
                moveTo(n, form == Form.BATCH_SEQ ? Form.TIME_SEQ : Form.BATCH_SEQ);
            }
            case "LSTM", "GRU", "RNN" -> lstm(n);
            case "Reshape" -> biConcat(n);
            case "Concat" -> hiddenStates(n);
            case "Squeeze" -> squeeze(n);
            case "Gather" -> gather(n);
            case "Slice" -> slice(n);
            case "Gemm" -> gemm(n);
            case "MatMul" -> matmul(n);
            default -> {
                if (!LayerImport.ACTIVATION_OPS.contains(n.opType())) {
                    throw refuse(n.describe() + " has no engine layer equivalent; the converter maps LSTM, GRU, RNN "
                            + "(bidirectional with the concat merge), Gemm, "
                            + "MatMul(+Add), " + LayerImport.ACTIVATION_OPS + " after a dense layer, Transpose, "
                            + "Squeeze, Gather (last step), Slice (time flip), Identity and Dropout");
                }
                Activation a = LayerImport.nodeActivation(n, form == Form.VEC ? 2 : 3);
                int last = configs.size() - 1;
                if (!wasDense || a == null || !((DenseConfig) configs.get(last)).activation().equals(Activations.linear())) {
                    throw refuse(n.describe() + ": an activation maps only right after a dense layer (Gemm or "
                            + "MatMul+Add) with a supported form");
                }
                configs.set(last, ((DenseConfig) configs.get(last)).withActivation(a));
                moveTo(n, form);
                lstmIndex = -1;
            }
        }
    }

    private void moveTo(NodeContext n, Form f) {
        cur = n.node().getOutput(0);
        form = f;
    }

    private void lstm(NodeContext n) throws UnsupportedOnnxException {
        var p = RecurrentPattern.read(n, this::constValue, this::isZero, this::refuse);
        if (p.layout() == 0 && form != Form.TIME_SEQ || p.layout() == 1 && form != Form.BATCH_SEQ) {
            throw refuse(n.describe() + ": its input X is " + form + " but layout " + p.layout() + " expects "
                    + (p.layout() == 0 ? "time-major" : "batch-major") + " data; the engine takes [batch, time, features]");
        }
        if (p.bidirectional() && p.layout() != 0) {
            throw refuse(n.describe() + ": a bidirectional node maps only with layout 0");
        }
        List<String> outs = n.node().getOutputList();
        boolean useY = used(outs, 0);
        // PyTorch's h_n of a stack is Concat(Y_h of every layer) then Gather: a side path while Y goes on.
        boolean useYh = used(outs, 1) && !(useY && feedsHiddenConcat(outs.get(1)));
        if (used(outs, 2) || useY == useYh) {
            throw refuse(n.describe() + ": exactly one of Y and Y_h must be used (found Y " + useY + ", Y_h " + useYh
                    + ", Y_c " + used(outs, 2) + ")");
        }
        Map<String, Tensor> w = new HashMap<>();
        RecurrentLayerConfig inner = RecurrentPattern.withReturnSequences(p.config(), useY);
        if (p.bidirectional()) {
            configs.add(Layers.bidirectional(inner, BidirectionalMergeMode.CONCAT));
            int k = 0;
            for (List<Tensor> dir : p.weights()) {
                for (Tensor t : dir) {
                    w.put("#" + k++, t);
                }
            }
            lstmIndex = -1;
            inputOrderReverse = false;
        } else {
            configs.add(inner);
            List<Tensor> dir = p.weights().get(0);
            w.put("kernel", dir.get(0));
            w.put("recurrentKernel", dir.get(1));
            if (dir.size() > 2) {
                w.put("bias", dir.get(2));
            }
            lstmIndex = configs.size() - 1;
            inputOrderReverse = useY && p.config().goBackwards();
        }
        weights.add(w);
        lstmLayout = p.layout();
        cur = outs.get(useY ? 0 : 1);
        form = p.bidirectional() ? (useY ? Form.BI_Y : Form.BI_YH) : useY ? Form.LSTM_Y : Form.LSTM_YH;
    }

    /** The form after a Transpose of a bidirectional output that puts the direction axis next to H, or null. */
    private Form biTranspose(long[] perm) {
        if (perm == null) {
            return null;
        }
        if (form == Form.BI_Y && java.util.Arrays.equals(perm, new long[] {0, 2, 1, 3})) {
            return Form.BI_TIME;
        }
        if (form == Form.BI_Y && java.util.Arrays.equals(perm, new long[] {2, 0, 1, 3})) {
            return Form.BI_BATCH;
        }
        return form == Form.BI_YH && java.util.Arrays.equals(perm, new long[] {1, 0, 2}) ? Form.BI_VEC : null;
    }

    /** Reshape merging [.., 2, H] into [.., 2H]: the concat merge of a Bidirectional layer (PyTorch's and ours). */
    private void biConcat(NodeContext n) throws UnsupportedOnnxException {
        Value shape = constValue(n.node().getInput(1));
        boolean bi = form == Form.BI_TIME || form == Form.BI_BATCH || form == Form.BI_VEC;
        int rank = form == Form.BI_VEC ? 2 : 3;
        if (!bi || shape == null || shape.size() != rank || n.attrInt("allowzero", 0) != 0) {
            throw refuse(n.describe() + ": Reshape maps only as the concat merge [.., 2, H] -> [.., 2H] of a "
                    + "bidirectional node's output");
        }
        var last = (dev.engram.layers.BidirectionalConfig) configs.get(configs.size() - 1);
        int units = RecurrentPattern.units(last.layer());
        long lastDim = shape.longs()[rank - 1];
        if (lastDim != -1 && lastDim != 2L * units) {
            throw refuse(n.describe() + ": Reshape to " + java.util.Arrays.toString(shape.longs()) + " is not the "
                    + "concat merge of the two directions (last axis -1 or " + 2 * units + ")");
        }
        moveTo(n, form == Form.BI_TIME ? Form.TIME_SEQ : form == Form.BI_BATCH ? Form.BATCH_SEQ : Form.VEC);
    }

    /** True when {@code yh} feeds only a Concat on axis 0 of recurrent Y_h outputs (PyTorch's h_n). */
    private boolean feedsHiddenConcat(String yh) {
        List<NodeContext> cs = consumers.getOrDefault(yh, List.of());
        if (cs.size() != 1 || !cs.get(0).opType().equals("Concat") || cs.get(0).attrInt("axis", 0) != 0) {
            return false;
        }
        for (String in : cs.get(0).node().getInputList()) {
            NodeContext p = producer.get(in);
            if (p == null || !List.of("LSTM", "GRU", "RNN").contains(p.opType()) || !in.equals(p.node().getOutput(1))) {
                return false;
            }
        }
        return true;
    }

    /** PyTorch's h_n: Concat of the layers' Y_h, then Gather of this (the last) layer's slot. */
    private void hiddenStates(NodeContext n) throws UnsupportedOnnxException {
        if (form != Form.LSTM_YH || !feedsHiddenConcat(cur)) {
            throw refuse(n.describe() + ": Concat maps only as PyTorch's h_n (the Y_h of every layer on axis 0, then "
                    + "a Gather of the last one)");
        }
        int offset = 0;
        int total = 0;
        for (String in : n.node().getInputList()) {
            int dirs = constValue(producer.get(in).node().getInput(1)).dim(0);
            if (in.equals(cur)) {
                offset = total;
            }
            total += dirs;
        }
        List<NodeContext> next = dataConsumers(n.node().getOutput(0));
        NodeContext g = next.size() == 1 ? next.get(0) : null;
        Value idx = g != null && g.opType().equals("Gather") ? constValue(g.node().getInput(1)) : null;
        long i = idx != null && idx.rank() == 0 ? idx.longs()[0] : Long.MIN_VALUE;
        if (g == null || g.attrInt("axis", 0) != 0 || i < 0 && i + total != offset || i >= 0 && i != offset) {
            throw refuse(n.describe() + ": h_n maps to layers only when a scalar Gather on axis 0 picks the last "
                    + "layer's state");
        }
        moveTo(g, Form.VEC);
        lstmIndex = -1;
    }

    private boolean used(List<String> outs, int i) {
        return i < outs.size() && !outs.get(i).isEmpty()
                && (consumers.containsKey(outs.get(i)) || graph.outputNames().contains(outs.get(i)));
    }

    private void squeeze(NodeContext n) throws UnsupportedOnnxException {
        if (form == Form.LAST_STEP) {
            long[] ax = n.opset() >= 13 ? (n.node().getInputCount() > 1 ? longs(n.node().getInput(1), n) : null)
                    : n.attrInts("axes");
            if (ax == null || ax.length != 1 || (ax[0] < 0 ? ax[0] + 3 : ax[0]) != lastStepAxis) {
                throw refuse(n.describe() + ": after the last-step Slice only a Squeeze of the time axis "
                        + lastStepAxis + " maps to layers");
            }
            // Y[-1:] squeezed is the final output of a forward LSTM: returnSequences = false.
            configs.set(lstmIndex, RecurrentPattern.withReturnSequences(
                    (RecurrentLayerConfig) configs.get(lstmIndex), false));
            lstmIndex = -1;
            moveTo(n, Form.VEC);
            return;
        }
        long[] axes = n.opset() >= 13 ? (n.node().getInputCount() > 1 ? longs(n.node().getInput(1), n) : null)
                : n.attrInts("axes");
        long axis = axes != null && axes.length == 1 ? (axes[0] < 0 ? axes[0] + (form == Form.LSTM_Y ? 4 : 3) : axes[0])
                : -1;
        if (form == Form.LSTM_Y && axis == (lstmLayout == 0 ? 1 : 2)) {
            moveTo(n, lstmLayout == 0 ? Form.TIME_SEQ : Form.BATCH_SEQ);
        } else if (form == Form.LSTM_YH && axis == lstmLayout) {
            moveTo(n, Form.VEC);
            lstmIndex = -1;
        } else {
            throw refuse(n.describe() + ": Squeeze maps only on an LSTM's Y (direction axis) or Y_h (direction axis)");
        }
    }

    private void gather(NodeContext n) throws UnsupportedOnnxException {
        long[] idx = longs(n.node().getInput(1), n);
        long axis = n.attrInt("axis", 0);
        boolean timeAxis = form == Form.BATCH_SEQ && axis == 1 || form == Form.TIME_SEQ && axis == 0;
        if (idx.length == 1 && idx[0] == -1 && timeAxis && lstmIndex >= 0 && !inputOrderReverse
                && !((RecurrentLayerConfig) configs.get(lstmIndex)).goBackwards()
                && constValue(n.node().getInput(1)).rank() == 0) {
            // The last step of a forward layer's sequence is its final output: returnSequences = false.
            configs.set(lstmIndex, RecurrentPattern.withReturnSequences(
                    (RecurrentLayerConfig) configs.get(lstmIndex), false));
            lstmIndex = -1;
            moveTo(n, Form.VEC);
            return;
        }
        throw refuse(n.describe() + ": Gather maps only as the last time step (index -1, scalar) of a forward "
                + "LSTM's output sequence");
    }

    private void slice(NodeContext n) throws UnsupportedOnnxException {
        var in = n.node().getInputList();
        long[] starts = in.size() > 1 ? longs(in.get(1), n) : new long[0];
        long[] ends = in.size() > 2 ? longs(in.get(2), n) : new long[0];
        long[] axes = in.size() > 3 && !in.get(3).isEmpty() ? longs(in.get(3), n) : new long[] {0};
        long[] steps = in.size() > 4 && !in.get(4).isEmpty() ? longs(in.get(4), n) : new long[] {1};
        long timeAxis = form == Form.TIME_SEQ ? 0 : 1;
        boolean flip = starts.length == 1 && starts[0] == -1 && ends.length == 1 && ends[0] <= -Integer.MAX_VALUE
                && axes.length == 1 && axes[0] == timeAxis && steps.length == 1 && steps[0] == -1;
        // ONNX Slice clamps ends to the dimension, so any end >= INT_MAX means "to the end" for every length.
        boolean lastStep = starts.length == 1 && starts[0] == -1 && ends.length == 1 && ends[0] >= Integer.MAX_VALUE
                && axes.length == 1 && (axes[0] < 0 ? axes[0] + 3 : axes[0]) == timeAxis && steps.length == 1
                && steps[0] == 1;
        if (lastStep && lstmIndex >= 0 && !inputOrderReverse && (form == Form.TIME_SEQ || form == Form.BATCH_SEQ)
                && configs.get(lstmIndex) instanceof RecurrentLayerConfig r && !r.goBackwards()) {
            lastStepAxis = timeAxis;
            moveTo(n, Form.LAST_STEP);
            return;
        }
        if (!flip || !inputOrderReverse || form != Form.TIME_SEQ && form != Form.BATCH_SEQ) {
            throw refuse(n.describe() + ": Slice maps only as a full time flip of a reverse LSTM's sequence, or as "
                    + "the last step [-1:] of a forward LSTM's sequence followed by a Squeeze of the time axis");
        }
        inputOrderReverse = false;
        moveTo(n, form);
    }

    private void gemm(NodeContext n) throws UnsupportedOnnxException {
        if (form != Form.VEC || n.attrInt("transA", 0) != 0) {
            throw refuse(n.describe() + ": Gemm maps to Dense only on [batch, features] data without transA");
        }
        Value b = constValue(n.node().getInput(1));
        if (b == null || b.rank() != 2) {
            throw refuse(n.describe() + ": B must be a constant matrix");
        }
        Value kernel = n.attrInt("transB", 0) != 0 ? ShapeOps.permute(b, new int[] {1, 0}) : b;
        float alpha = n.attrFloat("alpha", 1f);
        float beta = n.attrFloat("beta", 1f);
        Value c = n.node().getInputCount() > 2 && !n.node().getInput(2).isEmpty() ? constValue(n.node().getInput(2)) : null;
        if (n.node().getInputCount() > 2 && !n.node().getInput(2).isEmpty() && c == null) {
            throw refuse(n.describe() + ": C must be a constant");
        }
        addDense(n, scaled(kernel, alpha), c == null || beta == 0f ? null : biasOf(n, c, kernel.dim(1), beta));
        moveTo(n, Form.VEC);
    }

    private void matmul(NodeContext n) throws UnsupportedOnnxException {
        Value w = constValue(n.node().getInput(1));
        if (w == null || w.rank() != 2 || form == Form.LSTM_Y || form == Form.LSTM_YH
                || form == Form.LAST_STEP) {
            throw refuse(n.describe() + ": MatMul maps to Dense only with a constant 2-D right operand on "
                    + "[batch, ..., features] data");
        }
        moveTo(n, form);
        Value bias = null;
        List<NodeContext> next = dataConsumers(cur);
        if (next.size() == 1 && next.get(0).opType().equals("Add") && !graph.outputNames().contains(cur)) {
            NodeContext add = next.get(0);
            String other = add.node().getInput(0).equals(cur) ? add.node().getInput(1) : add.node().getInput(0);
            Value c = constValue(other);
            if (c != null) {
                bias = biasOf(add, c, w.dim(1), 1f);
                moveTo(add, form);
            }
        }
        addDense(n, w, bias);
    }

    private void addDense(NodeContext n, Value kernel, Value bias) {
        configs.add(Layers.dense(kernel.dim(1)).withUseBias(bias != null));
        Map<String, Tensor> w = new HashMap<>();
        w.put("kernel", kernel.tensor());
        if (bias != null) {
            w.put("bias", bias.tensor());
        }
        weights.add(w);
        lstmIndex = -1;
        denseOpen = true;
    }

    private Value biasOf(NodeContext n, Value c, int units, float beta) throws UnsupportedOnnxException {
        if (c.size() != units && c.size() != 1) {
            throw refuse(n.describe() + ": the bias " + c + " is not a per-unit vector of " + units);
        }
        float[] d = new float[units];
        for (int i = 0; i < units; i++) {
            d[i] = beta * c.floats()[c.size() == 1 ? 0 : i];
        }
        return Value.ofFloats(new int[] {units}, d);
    }

    private static Value scaled(Value v, float alpha) {
        if (alpha == 1f) {
            return v;
        }
        float[] d = v.floats().clone();
        for (int i = 0; i < d.length; i++) {
            d[i] *= alpha;
        }
        return Value.ofFloats(v.shape(), d);
    }

    private long[] longs(String name, NodeContext n) throws UnsupportedOnnxException {
        Value v = constValue(name);
        if (v == null) {
            throw refuse(n.describe() + ": '" + name + "' must be a constant");
        }
        return v.longs();
    }

    /** The value of an initializer or Constant node output, or null. */
    Value constValue(String name) {
        Value v = graph.initializers().get(name);
        if (v != null) {
            return v;
        }
        NodeContext p = producer.get(name);
        if (p != null && p.opType().equals("Constant")) {
            return OpRegistry.get("Constant").apply(p, List.of()).get(0);
        }
        return null;
    }

    /** True when {@code name} is all zeros whatever the input (zero constants through shape-only ops). */
    boolean isZero(String name) {
        Value c = constValue(name);
        if (c != null) {
            for (float f : c.floats()) {
                if (f != 0f) {
                    return false;
                }
            }
            return true;
        }
        NodeContext p = producer.get(name);
        if (p == null) {
            return false;
        }
        return switch (p.opType()) {
            case "ConstantOfShape" -> p.attrTensor("value") == null || p.attrTensor("value").floats()[0] == 0f;
            case "Expand", "Slice", "Squeeze", "Unsqueeze", "Reshape", "Identity", "Gather", "Transpose", "Cast",
                    "Flatten" -> isZero(p.node().getInput(0));
            case "Concat" -> p.node().getInputList().stream().allMatch(this::isZero);
            default -> false;
        };
    }
}
