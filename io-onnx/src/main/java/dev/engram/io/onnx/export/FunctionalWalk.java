package dev.engram.io.onnx.export;

import dev.engram.io.onnx.UnsupportedOnnxException;
import dev.engram.models.Model;
import dev.engram.models.SymbolicTensor;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Emits the layer calls of a functional {@link Model} in dependency order: every call once (its
 * outputs memoised by the call's first output), each input before its consumers. A shared layer
 * emits nodes at every call site, reading the same weights.
 */
final class FunctionalWalk {
    private final GraphBuilder g;
    private final Map<SymbolicTensor, ExportValue> values = new IdentityHashMap<>();
    private final Map<SymbolicTensor, Boolean> active = new IdentityHashMap<>();
    private final Model model;

    FunctionalWalk(GraphBuilder g, Model model, List<String> inputNames) {
        this.g = g;
        this.model = model;
        for (int i = 0; i < inputNames.size(); i++) {
            SymbolicTensor t = model.inputs().get(i);
            values.put(t, new ExportValue(inputNames.get(i), t.shape().rank() + 1, null));
        }
    }

    /** The exported values of the model's outputs. */
    List<ExportValue> outputs() throws UnsupportedOnnxException {
        List<ExportValue> outs = new ArrayList<>();
        for (SymbolicTensor t : model.outputs()) {
            outs.add(value(t));
        }
        return outs;
    }

    /**
     * The exported value of {@code root}, emitting the calls it depends on first. Iterative (an
     * explicit stack): a chain of layers read from a file may be deeper than the thread's stack.
     */
    private ExportValue value(SymbolicTensor root) throws UnsupportedOnnxException {
        java.util.ArrayDeque<SymbolicTensor> stack = new java.util.ArrayDeque<>();
        stack.push(root);
        while (!stack.isEmpty()) {
            SymbolicTensor t = stack.peek();
            if (values.containsKey(t)) {
                stack.pop();
                continue;
            }
            if (t.producer() == null) {
                throw new UnsupportedOnnxException("model '" + model.name() + "': input '" + t.name()
                        + "' is not among the model's inputs");
            }
            SymbolicTensor key = t.callOutputs().get(0);
            boolean waiting = false;
            for (SymbolicTensor in : t.producerInputs()) {
                if (!values.containsKey(in)) {
                    if (in.producer() != null && active.containsKey(in.callOutputs().get(0))) {
                        throw new UnsupportedOnnxException("model '" + model.name() + "' has a cycle through layer '"
                                + in.producer().name() + "'");
                    }
                    stack.push(in);
                    waiting = true;
                }
            }
            if (waiting) {
                active.put(key, Boolean.TRUE);
                continue;
            }
            stack.pop();
            emit(t);
        }
        return values.get(root);
    }

    private void emit(SymbolicTensor t) throws UnsupportedOnnxException {
        List<SymbolicTensor> siblings = t.callOutputs();
        List<ExportValue> ins = new ArrayList<>();
        for (SymbolicTensor in : t.producerInputs()) {
            ins.add(values.get(in));
        }
        // TF.js parity: a call sees the mask of its first input only (Graph.predict).
        if (ins.size() > 1 && ins.get(0).maskSource() == null) {
            for (int i = 1; i < ins.size(); i++) {
                ExportValue e = ins.get(i);
                ins.set(i, new ExportValue(e.name(), e.rank(), null));
            }
        }
        List<ExportValue> outs = OnnxEmitters.emit(g, t.producer(), ins);
        for (int i = 0; i < siblings.size(); i++) {
            values.put(siblings.get(i), outs.get(i));
        }
        active.remove(siblings.get(0));
    }
}
