package dev.engram.models;

import dev.engram.layers.ForwardPass;
import dev.engram.layers.IncompatibleShapeException;
import dev.engram.layers.Layer;
import dev.engram.layers.Parameter;
import dev.engram.layers.TrainingContext;
import dev.engram.regularizers.ActivityRegularizer;
import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The execution machinery shared by {@link Sequential} and {@link Model}: layer calls in
 * topological order, masks carried along with tensors, and back-propagation in reverse order with
 * gradients of fanned-out tensors summed.
 */
final class Graph {
    final List<SymbolicTensor> inputs;
    final List<SymbolicTensor> outputs;
    final List<Node> order;
    final List<Layer> layers;

    Graph(List<SymbolicTensor> inputs, List<SymbolicTensor> outputs) {
        this.inputs = List.copyOf(inputs);
        this.outputs = List.copyOf(outputs);
        List<Node> sorted = new ArrayList<>();
        Set<Node> done = Collections.newSetFromMap(new IdentityHashMap<>());
        Set<Node> active = Collections.newSetFromMap(new IdentityHashMap<>());
        for (SymbolicTensor o : outputs) {
            visit(o.node, done, active, sorted);
        }
        Set<Node> given = Collections.newSetFromMap(new IdentityHashMap<>());
        for (SymbolicTensor in : inputs) {
            if (in.node.layer != null) {
                throw new IllegalArgumentException("model inputs must be made by ModelBuilder.input(), got " + in);
            }
            given.add(in.node);
        }
        List<Node> calls = new ArrayList<>();
        for (Node n : sorted) {
            if (n.layer == null) {
                if (!given.contains(n)) {
                    throw new IllegalArgumentException("the outputs depend on input '" + n.inputName
                            + "', which is not among the model's inputs");
                }
            } else {
                calls.add(n);
            }
        }
        this.order = List.copyOf(calls);
        Set<Layer> unique = new LinkedHashSet<>();
        for (Node n : calls) {
            unique.add(n.layer);
        }
        this.layers = List.copyOf(unique);
    }

    /**
     * Depth-first post-order from {@code root}, iterative: graphs read from files may be chains of
     * tens of thousands of calls, deeper than the thread's stack.
     */
    private static void visit(Node root, Set<Node> done, Set<Node> active, List<Node> out) {
        if (done.contains(root)) {
            return;
        }
        java.util.ArrayDeque<Node> stack = new java.util.ArrayDeque<>();
        java.util.ArrayDeque<Integer> next = new java.util.ArrayDeque<>();
        active.add(root);
        stack.push(root);
        next.push(0);
        while (!stack.isEmpty()) {
            Node n = stack.peek();
            int i = next.pop();
            if (i < n.inputs.size()) {
                next.push(i + 1);
                Node in = n.inputs.get(i).node;
                if (done.contains(in)) {
                    continue;
                }
                if (!active.add(in)) {
                    throw new IllegalArgumentException("the graph has a cycle through layer '" + in.layer.name() + "'");
                }
                stack.push(in);
                next.push(0);
            } else {
                stack.pop();
                active.remove(n);
                done.add(n);
                out.add(n);
            }
        }
    }

    /** Every parameter of every distinct layer, in layer order. */
    List<Parameter> parameters() {
        List<Parameter> all = new ArrayList<>();
        Set<Parameter> seen = new HashSet<>();
        for (Layer l : layers) {
            for (Parameter p : l.parameters()) {
                if (seen.add(p)) {
                    all.add(p);
                }
            }
        }
        return all;
    }

    void checkInputs(List<Tensor> xs) {
        if (xs.size() != inputs.size()) {
            throw new IllegalArgumentException("the model takes " + inputs.size() + " input(s) "
                    + inputs.stream().map(SymbolicTensor::name).toList() + ", got " + xs.size());
        }
        for (int i = 0; i < xs.size(); i++) {
            Shape expected = inputs.get(i).shape().prepend(Shape.UNKNOWN);
            if (!expected.accepts(xs.get(i).shape())) {
                SymbolicTensor in = inputs.get(i);
                Node first = firstConsumer(in);
                String who = first != null ? first.layer.name() : in.name();
                String hint = first != null ? first.layer.inputHint() : "";
                throw new IncompatibleShapeException(who, first != null ? first.inputs.indexOf(in) : i, expected,
                        xs.get(i).shape(), hint);
            }
        }
    }

    private Node firstConsumer(SymbolicTensor t) {
        for (Node n : order) {
            if (n.inputs.contains(t)) {
                return n;
            }
        }
        return null;
    }

    List<Tensor> predict(List<Tensor> xs) {
        checkInputs(xs);
        Map<SymbolicTensor, Tensor> values = new IdentityHashMap<>();
        Map<SymbolicTensor, Tensor> masks = new IdentityHashMap<>();
        for (int i = 0; i < xs.size(); i++) {
            values.put(inputs.get(i), xs.get(i));
        }
        for (Node n : order) {
            List<Tensor> ins = gather(n.inputs, values);
            List<Tensor> inMasks = gather(n.inputs, masks);
            List<Tensor> outs = n.layer.callAllMasked(ins, inMasks);
            store(n, outs, n.layer.combineMasks(ins, inMasks), values, masks);
        }
        return gather(outputs, values);
    }

    ForwardPass forward(List<Tensor> xs, TrainingContext context) {
        checkInputs(xs);
        Map<SymbolicTensor, Tensor> values = new IdentityHashMap<>();
        Map<SymbolicTensor, Tensor> masks = new IdentityHashMap<>();
        for (int i = 0; i < xs.size(); i++) {
            values.put(inputs.get(i), xs.get(i));
        }
        List<ForwardPass> passes = new ArrayList<>(order.size());
        double penalty = 0;
        for (Node n : order) {
            List<Tensor> ins = gather(n.inputs, values);
            List<Tensor> inMasks = gather(n.inputs, masks);
            ForwardPass pass = n.layer.forwardMasked(ins, inMasks, context);
            passes.add(pass);
            penalty += activityPenalty(n.layer.activityRegularizer(), pass.outputs());
            store(n, pass.outputs(), n.layer.combineMasks(ins, inMasks), values, masks);
        }
        List<Tensor> outs = gather(outputs, values);
        double activityPenalty = penalty;
        return new ForwardPass() {
            @Override
            public List<Tensor> outputs() {
                return outs;
            }

            @Override
            public double activityPenalty() {
                return activityPenalty;
            }

            @Override
            public Tensor backward(List<Tensor> outputGradients) {
                return backwardAll(outputGradients).get(0);
            }

            @Override
            public List<Tensor> backwardAll(List<Tensor> outputGradients) {
                return backPropagate(passes, outputGradients, true);
            }

            @Override
            public void backwardParameters(List<Tensor> outputGradients) {
                backPropagate(passes, outputGradients, false);
            }
        };
    }

    /**
     * Back-propagates through the calls in reverse order; returns the gradient of each model input,
     * or null without {@code inputGradients}: then a call that reads only model inputs is asked for
     * its parameter gradients only ({@link ForwardPass#backwardParameters}), as nothing would use its
     * input gradient.
     */
    private List<Tensor> backPropagate(List<ForwardPass> passes, List<Tensor> outputGradients, boolean inputGradients) {
        Map<SymbolicTensor, Tensor> grads = new IdentityHashMap<>();
        for (int i = 0; i < outputs.size(); i++) {
            accumulate(grads, outputs.get(i), outputGradients.get(i));
        }
        for (int k = order.size() - 1; k >= 0; k--) {
            Node n = order.get(k);
            List<Tensor> g = new ArrayList<>(n.outputs.size());
            boolean any = false;
            ActivityRegularizer activity = n.layer.activityRegularizer();
            for (int i = 0; i < n.outputs.size(); i++) {
                Tensor t = grads.get(n.outputs.get(i));
                if (activity != null) {
                    // The penalty of every output, also of outputs that reach no loss (Keras regularizes them all).
                    t = activity.addGradient(passes.get(k).outputs().get(i), t);
                }
                g.add(t);
                any |= t != null;
            }
            if (!any) {
                continue; // this call does not reach the loss
            }
            if (!inputGradients && readsOnlyModelInputs(n)) {
                passes.get(k).backwardParameters(Collections.unmodifiableList(g));
                continue;
            }
            List<Tensor> gIn = passes.get(k).backwardAll(Collections.unmodifiableList(g));
            for (int i = 0; i < n.inputs.size(); i++) {
                accumulate(grads, n.inputs.get(i), i < gIn.size() ? gIn.get(i) : null);
            }
        }
        if (!inputGradients) {
            return null;
        }
        List<Tensor> inputGrads = new ArrayList<>();
        for (SymbolicTensor in : inputs) {
            inputGrads.add(grads.get(in));
        }
        return inputGrads;
    }

    /** The activity penalty of one call's outputs (each output counted: LSTM's states too, as Keras). */
    private static double activityPenalty(ActivityRegularizer activity, List<Tensor> outs) {
        double sum = 0;
        if (activity != null) {
            for (Tensor o : outs) {
                sum += activity.penalty(o);
            }
        }
        return sum;
    }

    /** True when every input of the call is a model input (made by no layer). */
    private static boolean readsOnlyModelInputs(Node n) {
        for (SymbolicTensor in : n.inputs) {
            if (in.node.layer != null) {
                return false;
            }
        }
        return true;
    }

    private static List<Tensor> gather(List<SymbolicTensor> ts, Map<SymbolicTensor, Tensor> values) {
        Tensor[] out = new Tensor[ts.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(ts.get(i));
        }
        return Arrays.asList(out);
    }

    private static void store(Node n, List<Tensor> outs, Tensor mask, Map<SymbolicTensor, Tensor> values,
            Map<SymbolicTensor, Tensor> masks) {
        for (int i = 0; i < n.outputs.size(); i++) {
            values.put(n.outputs.get(i), outs.get(i));
        }
        if (mask != null) {
            masks.put(n.outputs.get(0), mask);
        }
    }

    /** Fan-out: a tensor used by several calls receives the sum of their gradients. */
    private static void accumulate(Map<SymbolicTensor, Tensor> grads, SymbolicTensor t, Tensor g) {
        if (g == null) {
            return;
        }
        Tensor old = grads.get(t);
        if (old == null) {
            grads.put(t, g);
            return;
        }
        float[] sum = old.toArray();
        float[] add = g.buffer();
        for (int i = 0; i < sum.length; i++) {
            sum[i] += add[i];
        }
        grads.put(t, Tensor.wrap(old.shape(), sum));
    }
}
