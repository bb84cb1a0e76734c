package dev.engram.models;

import dev.engram.internal.layers.DirectInference;
import dev.engram.layers.Layer;
import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * A functional model planned for {@link Predictor}: every layer call in topological order with the
 * per-sample shapes of its inputs and outputs, each intermediate tensor given a per-thread buffer.
 * A call whose layer takes one input, gives one output and has a {@link DirectInference#inferInto} path
 * writes straight into its buffer; any other call (merges, multi-output layers) goes through
 * {@link Layer#callAll} and allocates. Models in which a time-step mask flows are served by
 * {@code predict} itself.
 */
final class GraphPlan {
    private final Model model;
    private final Graph graph;
    private final List<Shape> inputShapes;
    private final List<Shape> outputShapes;
    /** Buffer index of each tensor: model inputs are -1 - inputIndex (the caller's arrays). */
    private final Map<SymbolicTensor, Integer> slot = new IdentityHashMap<>();
    private final int[] slotSizes;
    private final List<Shape[]> callInputs = new ArrayList<>();
    private final boolean[] direct;
    private final boolean usesMask;
    private final boolean allocationFree;
    private final ThreadLocal<float[][]> buffers;

    GraphPlan(Model model, List<Shape> inputShapes) {
        this.model = model;
        this.graph = model.graph();
        this.inputShapes = List.copyOf(inputShapes);
        // Plan with one sample of zeros: the shapes of every tensor, whether a mask flows, and
        // which calls have the direct path.
        Map<SymbolicTensor, Tensor> values = new IdentityHashMap<>();
        Map<SymbolicTensor, Tensor> masks = new IdentityHashMap<>();
        for (int i = 0; i < graph.inputs.size(); i++) {
            values.put(graph.inputs.get(i), Tensor.zeros(inputShapes.get(i).prepend(1)));
            slot.put(graph.inputs.get(i), -1 - i);
        }
        List<Integer> sizes = new ArrayList<>();
        direct = new boolean[graph.order.size()];
        boolean sawMask = false;
        boolean free = true;
        for (int k = 0; k < graph.order.size(); k++) {
            Node n = graph.order.get(k);
            List<Tensor> ins = new ArrayList<>();
            Shape[] shapes = new Shape[n.inputs.size()];
            for (int i = 0; i < n.inputs.size(); i++) {
                Tensor v = values.get(n.inputs.get(i));
                ins.add(v);
                shapes[i] = v.shape().dropFirst();
            }
            callInputs.add(shapes);
            List<Tensor> inMasks = new ArrayList<>();
            for (SymbolicTensor t : n.inputs) {
                inMasks.add(masks.get(t));
            }
            Tensor mask = inMasks.get(0);
            List<Tensor> outs = n.layer.callAllMasked(ins, inMasks);
            Tensor outMask = n.layer.combineMasks(ins, inMasks);
            sawMask |= inMasks.stream().anyMatch(java.util.Objects::nonNull) || outMask != null;
            for (int o = 0; o < n.outputs.size(); o++) {
                values.put(n.outputs.get(o), outs.get(o));
                if (o == 0 && outMask != null) {
                    masks.put(n.outputs.get(o), outMask);
                }
                slot.put(n.outputs.get(o), sizes.size());
                sizes.add(outs.get(o).shape().size());
            }
            direct[k] = mask == null && n.inputs.size() == 1 && n.outputs.size() == 1
                    && DirectInference.inferInto(n.layer, ins.get(0).buffer(), 0, 1, shapes[0],
                            new float[outs.get(0).shape().size()], 0);
            free &= direct[k];
        }
        List<Shape> outShapes = new ArrayList<>();
        for (SymbolicTensor o : graph.outputs) {
            outShapes.add(values.get(o).shape().dropFirst());
        }
        this.outputShapes = List.copyOf(outShapes);
        this.slotSizes = sizes.stream().mapToInt(Integer::intValue).toArray();
        this.usesMask = sawMask;
        this.allocationFree = free && !sawMask;
        this.buffers = ThreadLocal.withInitial(() -> new float[slotSizes.length][]);
    }

    List<Shape> inputShapes() {
        return inputShapes;
    }

    List<Shape> outputShapes() {
        return outputShapes;
    }

    boolean allocationFree() {
        return allocationFree;
    }

    /** Runs {@code batch} samples from the caller's input arrays into the caller's output arrays. */
    void predict(float[][] inputs, int batch, float[][] outputs) {
        if (usesMask) {
            List<Tensor> xs = new ArrayList<>();
            for (int i = 0; i < inputs.length; i++) {
                Shape s = inputShapes.get(i).prepend(batch);
                xs.add(Tensor.of(s, prefix(inputs[i], s.size())));
            }
            List<Tensor> ys = model.predict(xs);
            for (int i = 0; i < outputs.length; i++) {
                float[] y = ys.get(i).buffer();
                System.arraycopy(y, 0, outputs[i], 0, y.length);
            }
            return;
        }
        float[][] bufs = buffers.get();
        for (int k = 0; k < graph.order.size(); k++) {
            Node n = graph.order.get(k);
            Shape[] shapes = callInputs.get(k);
            if (direct[k]) {
                float[] dst = buffer(bufs, slot.get(n.outputs.get(0)), batch);
                DirectInference.inferInto(n.layer, array(inputs, bufs, n.inputs.get(0)), 0, batch, shapes[0], dst, 0);
                continue;
            }
            List<Tensor> ins = new ArrayList<>(shapes.length);
            for (int i = 0; i < shapes.length; i++) {
                Shape s = shapes[i].prepend(batch);
                ins.add(Tensor.of(s, prefix(array(inputs, bufs, n.inputs.get(i)), s.size())));
            }
            List<Tensor> outs = n.layer.callAll(ins, null);
            for (int o = 0; o < n.outputs.size(); o++) {
                float[] y = outs.get(o).buffer();
                System.arraycopy(y, 0, buffer(bufs, slot.get(n.outputs.get(o)), batch), 0, y.length);
            }
        }
        for (int i = 0; i < outputs.length; i++) {
            float[] src = array(inputs, bufs, graph.outputs.get(i));
            System.arraycopy(src, 0, outputs[i], 0, batch * outputShapes.get(i).size());
        }
    }

    /** The array holding tensor t: the caller's input array, or this thread's buffer. */
    private static float[] array(float[][] inputs, float[][] bufs, SymbolicTensor t, Map<SymbolicTensor, Integer> m) {
        int s = m.get(t);
        return s < 0 ? inputs[-1 - s] : bufs[s];
    }

    private float[] array(float[][] inputs, float[][] bufs, SymbolicTensor t) {
        return array(inputs, bufs, t, slot);
    }

    /** This thread's buffer of slot s, grown (once per larger batch) to hold {@code batch} samples. */
    private float[] buffer(float[][] bufs, int s, int batch) {
        int need = Math.multiplyExact(batch, slotSizes[s]);
        if (bufs[s] == null || bufs[s].length < need) {
            bufs[s] = new float[need];
        }
        return bufs[s];
    }

    private static float[] prefix(float[] a, int n) {
        return a.length == n ? a : Arrays.copyOf(a, n);
    }

    List<Layer> layers() {
        return graph.layers;
    }
}
