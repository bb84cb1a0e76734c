package dev.engram.io.onnx.internal;

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

    private ExportValue value(SymbolicTensor t) throws UnsupportedOnnxException {
        ExportValue v = values.get(t);
        if (v != null) {
            return v;
        }
        if (t.producer() == null) {
            throw new UnsupportedOnnxException("model '" + model.name() + "': input '" + t.name()
                    + "' is not among the model's inputs");
        }
        List<SymbolicTensor> siblings = t.callOutputs();
        SymbolicTensor key = siblings.get(0);
        if (active.put(key, Boolean.TRUE) != null) {
            throw new UnsupportedOnnxException("model '" + model.name() + "' has a cycle through layer '"
                    + t.producer().name() + "'");
        }
        List<ExportValue> ins = new ArrayList<>();
        for (SymbolicTensor in : t.producerInputs()) {
            ins.add(value(in));
        }
        // TF.js parity: a call sees the mask of its first input only (Graph.predict).
        if (ins.size() > 1 && ins.get(0).maskSource() == null) {
            for (int i = 1; i < ins.size(); i++) {
                ExportValue e = ins.get(i);
                ins.set(i, new ExportValue(e.name(), e.rank(), null));
            }
        }
        List<ExportValue> outs = LayerExport.emit(g, t.producer(), ins);
        for (int i = 0; i < siblings.size(); i++) {
            values.put(siblings.get(i), outs.get(i));
        }
        return values.get(t);
    }
}
