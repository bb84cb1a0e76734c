package dev.engram.models;

import dev.engram.internal.kernels.Workspace;
import dev.engram.internal.layers.DirectInference;
import dev.engram.layers.Layer;
import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.util.Arrays;
import java.util.List;

/**
 * {@link Predictor}'s plan for a Sequential model served at one per-sample input shape: each
 * layer's input shape, whether a time-step mask flows (then the model's own {@code predict} runs),
 * and whether every layer writes straight into a buffer. Activations ping-pong between two
 * per-thread buffers sized for the widest layer. The counterpart of {@link GraphPlan} for chains.
 */
final class ChainPlan {
    private final Sequential model;
    private final Shape inputShape;
    private final List<Layer> layers;
    private final Shape[] layerInputs;
    private final Shape outputShape;
    private final boolean usesMask;
    private final boolean allocationFree;
    private final int widest;
    private final ThreadLocal<Workspace> buffers = ThreadLocal.withInitial(Workspace::new);

    ChainPlan(Sequential model, Shape inputShape) {
        this.model = model;
        this.inputShape = inputShape;
        this.layers = model.layers();
        this.layerInputs = new Shape[layers.size()];
        // Plan with one sample of zeros: every layer's per-sample shapes, whether a mask flows, and
        // whether each layer has an allocation-free path. Layers are only called when their built
        // shapes leave a dimension open (a stateful layer's carried state is never touched).
        Shape in = inputShape;
        Tensor mask = null;
        boolean sawMask = false;
        boolean free = true;
        int wide = 0;
        for (int i = 0; i < layers.size(); i++) {
            Layer layer = layers.get(i);
            layerInputs[i] = in;
            Tensor x = Tensor.zeros(in.prepend(1));
            Shape out = layer.inputShape().equals(in) && layer.outputShape().isFullyKnown()
                    ? layer.outputShape() : layer.callAll(List.of(x), mask).get(0).shape().dropFirst();
            free &= mask == null && layer.outputCount() == 1
                    && DirectInference.inferInto(layer, x.buffer(), 0, 1, in, new float[out.size()], 0);
            mask = layer.computeMask(List.of(x), mask);
            sawMask |= mask != null;
            wide = Math.max(wide, out.size());
            in = out;
        }
        this.outputShape = in;
        this.usesMask = sawMask;
        this.allocationFree = free && !usesMask;
        this.widest = wide;
    }

    List<Layer> layers() {
        return layers;
    }

    Shape outputShape() {
        return outputShape;
    }

    boolean allocationFree() {
        return allocationFree;
    }

    /** {@code batch} samples of {@code input} into {@code output}; both arrays long enough (checked by the caller). */
    void predict(float[] input, int batch, float[] output) {
        if (usesMask) {
            Tensor x = Tensor.of(inputShape.prepend(batch), prefix(input, batch * inputShape.size()));
            float[] y = model.predict(x).buffer();
            System.arraycopy(y, 0, output, 0, y.length);
            return;
        }
        // Activations between layers ping-pong between two buffers of this plan; the layers' own
        // temporaries come from the thread's shared workspace. The input array is never written.
        Workspace mine = buffers.get();
        int capacity = Math.multiplyExact(batch, widest);
        float[] a = mine.floats(0, capacity);
        float[] b = mine.floats(1, capacity);
        float[] cur = input;
        for (int i = 0; i < layers.size(); i++) {
            Layer layer = layers.get(i);
            float[] dst = i == layers.size() - 1 ? output : cur == a ? b : a;
            if (!DirectInference.inferInto(layer, cur, 0, batch, layerInputs[i], dst, 0)) {
                Shape in = layerInputs[i].prepend(batch);
                float[] y = layer.call(Tensor.of(in, prefix(cur, in.size()))).buffer();
                System.arraycopy(y, 0, dst, 0, y.length);
            }
            cur = dst;
        }
    }

    private static float[] prefix(float[] a, int n) {
        return a.length == n ? a : Arrays.copyOf(a, n);
    }
}
