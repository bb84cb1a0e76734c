package dev.engram.io.keras.internal;

import dev.engram.layers.Layer;
import dev.engram.models.LayerCall;
import dev.engram.models.Model;
import dev.engram.models.Network;
import dev.engram.models.SymbolicTensor;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The order in which Keras lists a model's layers ({@code model.layers}), which is the order
 * tf-keras and Keras 3 match an {@code .h5} file's weight groups in: they load legacy weights by
 * position, not by name. For a {@link dev.engram.models.Sequential} that is the stacking order; for a
 * functional {@link Model} it is Keras's {@code map_graph} order: layers by decreasing depth (the
 * longest path to an output, a layer taking the largest depth of its calls), ties broken by the order
 * in which a depth-first walk from the outputs (in output order, each call's inputs in order) first
 * reaches them. Writing another order (the engine's execution order, say) makes Keras put weights
 * into the wrong layers whenever two branches hold weights of the same shapes.
 */
public final class KerasLayerOrder {
    private KerasLayerOrder() {
    }

    /**
     * The model's layers in Keras's order.
     *
     * @param model a built model
     * @return its layers, each once
     */
    public static List<Layer> of(Network model) {
        if (!(model instanceof Model m)) {
            return model.layers();
        }
        Map<SymbolicTensor, LayerCall> producer = new IdentityHashMap<>();
        for (LayerCall call : m.calls()) {
            for (SymbolicTensor t : call.outputs()) {
                producer.put(t, call);
            }
        }
        // Depth-first from the outputs, iteratively (a deep graph must not overflow the stack): the
        // post-order is Keras's nodes_in_decreasing_depth, the pre-order first visits its layer indices.
        Map<Layer, Integer> firstReached = new IdentityHashMap<>();
        List<LayerCall> postOrder = new ArrayList<>();
        Set<LayerCall> finished = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        for (SymbolicTensor out : m.outputs()) {
            Deque<Frame> stack = new ArrayDeque<>();
            push(stack, producer.get(out), finished, firstReached);
            while (!stack.isEmpty()) {
                Frame top = stack.peek();
                if (top.next < top.call.inputs().size()) {
                    LayerCall dep = producer.get(top.call.inputs().get(top.next++));
                    if (dep != null && !finished.contains(dep) && !top.inProgress(dep, stack)) {
                        push(stack, dep, finished, firstReached);
                    }
                } else {
                    stack.pop();
                    finished.add(top.call);
                    postOrder.add(top.call);
                }
            }
        }
        Map<LayerCall, Integer> callDepth = new IdentityHashMap<>();
        Map<Layer, Integer> layerDepth = new LinkedHashMap<>();
        for (int i = postOrder.size() - 1; i >= 0; i--) {
            LayerCall call = postOrder.get(i);
            int depth = Math.max(callDepth.getOrDefault(call, 0), layerDepth.getOrDefault(call.layer(), 0));
            layerDepth.put(call.layer(), depth);
            callDepth.put(call, depth);
            for (SymbolicTensor in : call.inputs()) {
                LayerCall dep = producer.get(in);
                if (dep != null) {
                    callDepth.merge(dep, depth + 1, Math::max);
                }
            }
        }
        List<Layer> out = new ArrayList<>(layerDepth.keySet());
        out.sort(Comparator.<Layer>comparingInt(l -> -layerDepth.get(l)).thenComparingInt(firstReached::get));
        if (out.size() != m.layers().size()) {
            // Layers no output depends on: Keras drops them from the model; keep them, after the rest.
            Set<Layer> seen = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
            seen.addAll(out);
            for (Layer l : m.layers()) {
                if (seen.add(l)) {
                    out.add(l);
                }
            }
        }
        return out;
    }

    private static void push(Deque<Frame> stack, LayerCall call, Set<LayerCall> finished, Map<Layer, Integer> first) {
        if (call == null || finished.contains(call)) {
            return;
        }
        first.putIfAbsent(call.layer(), first.size());
        stack.push(new Frame(call));
    }

    /** One call being walked: the index of its next input. */
    private static final class Frame {
        final LayerCall call;
        int next;

        Frame(LayerCall call) {
            this.call = call;
        }

        /** A graph is acyclic; a call already on the stack is not walked again. */
        boolean inProgress(LayerCall c, Deque<Frame> stack) {
            for (Frame f : stack) {
                if (f.call == c) {
                    return true;
                }
            }
            return false;
        }
    }
}
