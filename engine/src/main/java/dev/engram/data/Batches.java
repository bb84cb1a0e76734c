package dev.engram.data;

import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/** Stacking examples into batches and cutting batches into examples. */
final class Batches {
    private Batches() {
    }

    /** Stacks equal-shaped samples along a new leading axis. */
    static Sample stack(List<Sample> group) {
        Sample first = group.get(0);
        List<Tensor> x = new ArrayList<>(first.x().size());
        for (int i = 0; i < first.x().size(); i++) {
            x.add(stackAt(group, true, i));
        }
        List<Tensor> y = new ArrayList<>(first.y().size());
        for (int i = 0; i < first.y().size(); i++) {
            y.add(stackAt(group, false, i));
        }
        Tensor w = null;
        if (first.sampleWeight() != null) {
            float[] ws = new float[group.size()];
            for (int s = 0; s < ws.length; s++) {
                Tensor t = group.get(s).sampleWeight();
                if (t == null || t.size() != 1) {
                    throw new IllegalArgumentException("batch: sample " + s + " has "
                            + (t == null ? "no" : "a non-scalar") + " sample weight; the first has a scalar one");
                }
                ws[s] = t.buffer()[0];
            }
            w = Tensor.wrap(Shape.of(ws.length), ws);
        }
        return new Sample(x, y, w);
    }

    private static Tensor stackAt(List<Sample> group, boolean inputs, int index) {
        Tensor first = (inputs ? group.get(0).x() : group.get(0).y()).get(index);
        int each = first.size();
        float[] data = new float[each * group.size()];
        for (int s = 0; s < group.size(); s++) {
            List<Tensor> ts = inputs ? group.get(s).x() : group.get(s).y();
            if (ts.size() <= index) {
                throw new IllegalArgumentException("batch: sample " + s + " has " + ts.size() + " "
                        + (inputs ? "inputs" : "targets") + ", the first has more");
            }
            Tensor t = ts.get(index);
            if (!t.shape().equals(first.shape())) {
                throw new IllegalArgumentException("batch: " + (inputs ? "input " : "target ") + index + " of sample "
                        + s + " has shape " + t.shape() + ", the first sample's has " + first.shape());
            }
            System.arraycopy(t.buffer(), 0, data, s * each, each);
        }
        return Tensor.wrap(first.shape().prepend(group.size()), data);
    }

    /** Row {@code row} of a batched tensor, without the batch axis. */
    static Tensor row(Tensor t, int row) {
        Shape rest = t.shape().dropFirst();
        int each = rest.size();
        float[] data = new float[each];
        System.arraycopy(t.buffer(), row * each, data, 0, each);
        return Tensor.wrap(rest, data);
    }
}
