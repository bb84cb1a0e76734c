package dev.engram.io.onnx.runtime;

import dev.engram.initializers.DeferredInitialization;
import dev.engram.internal.layers.DirectInference;
import dev.engram.io.onnx.codec.OnnxGateOrder;
import dev.engram.io.onnx.codec.Value;
import dev.engram.io.onnx.UnsupportedOnnxException;
import dev.engram.layers.Layer;
import dev.engram.layers.RecurrentLayerConfig;
import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Runs an ONNX LSTM, GRU or RNN node on the engine's fused recurrent kernels, through the public
 * layer API: the node's weights are read once ({@link RecurrentPattern}: gate order, transposition,
 * bias folding) into one engine layer per direction, kept on the node ({@link NodeContext#prepared})
 * for as long as the same W, R and B values come in, and every run calls the layer.
 *
 * <ul>
 * <li>Layout 0 and 1, forward, reverse and bidirectional (one layer per direction; the engine's
 * goBackwards output is put back in time order).
 * <li>No {@code sequence_lens}, zero or absent initial states and an unread {@code Y_c}: the
 * allocation-free {@link DirectInference#inferInto} path (batch-parallel recurrence, per-step projection,
 * two-core GEMV at batch 1). With only {@code Y_h} read, a last-step layer that writes no sequence.
 * <li>{@code sequence_lens}, non-zero initial states or {@code Y_c}: {@link Layer#callAll} with the
 * states as extra inputs and {@code sequence_lens} as a time-step mask (a masked step keeps the
 * state, which matches ONNX for trailing padding in both directions); outputs past a sample's
 * length are zero, as ONNX Runtime writes them.
 * </ul>
 *
 * <p>Everything else falls back to {@link RecurrentOps}' reference loop: clip, input_forget,
 * peepholes, activations without an engine form (LeakyRelu, ThresholdedRelu, ScaledTanh, Affine
 * other than the identity), an LSTM whose cell and output activations differ, directions with
 * different activations.
 */
final class EngineRecurrent {
    private EngineRecurrent() {
    }

    /** A node whose weights do not map: remembered per weight values so the check runs once. */
    private record Refused(Value w, Value r, Value b) {
    }

    /**
     * The layers of a node for one set of weight values, per direction: [0] the whole sequence,
     * [1] the last step only, [2] sequence and final states (general path), [3] the same taking the
     * initial states as inputs. Built on first use.
     */
    private static final class Prepared {
        /** Layer variants per direction (see the class comment). */
        static final int KINDS = 4;
        final Value w;
        final Value r;
        final Value b;
        final RecurrentPattern pattern;
        final AtomicReferenceArray<Layer> layers;
        final int features;
        final int stateCount;

        Prepared(Value w, Value r, Value b, RecurrentPattern pattern, int directions, int features) {
            this.w = w;
            this.r = r;
            this.b = b;
            this.pattern = pattern;
            this.layers = new AtomicReferenceArray<>(directions * KINDS);
            this.features = features;
            this.stateCount = pattern.op().equals("LSTM") ? 2 : 1;
        }

        boolean matches(Value w2, Value r2, Value b2) {
            return w == w2 && r == r2 && b == b2;
        }

        Layer layer(int d, int kind, boolean reverse, String name) {
            Layer l = layers.get(d * KINDS + kind);
            return l != null ? l : build(d, kind, reverse, name);
        }

        /** Builds a layer once; concurrent first runs wait here, later runs read the array without a lock. */
        private synchronized Layer build(int d, int kind, boolean reverse, String name) {
            Layer l = layers.get(d * KINDS + kind);
            if (l == null) {
                RecurrentLayerConfig c = (RecurrentLayerConfig) pattern.config().withGoBackwards(reverse)
                        .withReturnSequences(kind != 1).withReturnState(kind >= 2);
                l = c.create(name + "_" + d + "_" + kind);
                List<Shape> shapes = new ArrayList<>();
                shapes.add(Shape.of(Shape.UNKNOWN, features));
                for (int i = 0; kind == 3 && i < stateCount; i++) {
                    shapes.add(Shape.of(pattern.weights().get(d).get(1).shape().dim(0)));
                }
                l.buildAll(shapes, new DeferredInitialization(0)); // the weights are assigned just below
                List<Tensor> ws = pattern.weights().get(d);
                for (int i = 0; i < ws.size(); i++) {
                    l.parameters().get(i).assign(ws.get(i));
                }
                layers.set(d * KINDS + kind, l);
            }
            return l;
        }
    }

    /** The node's engine layers for these weight values, or null when the node does not map. */
    private static Prepared prepare(NodeContext n, List<Value> in, RecurrentSpec spec) {
        Value w = in.get(1);
        Value r = in.get(2);
        Value b = NodeContext.optional(in, 3);
        Object cur = n.prepared().get();
        if (cur instanceof Prepared p && p.matches(w, r, b)) {
            return p;
        }
        if (cur instanceof Refused f && f.w() == w && f.r() == r && f.b() == b) {
            return null;
        }
        Map<String, Value> byName = new HashMap<>();
        List<String> names = n.node().getInputList();
        for (int i = 0; i < names.size() && i < in.size(); i++) {
            if (!names.get(i).isEmpty()) {
                byName.put(names.get(i), in.get(i));
            }
        }
        Prepared p;
        try {
            // sequence_lens and the initial states are handled per run here, so the pattern reads
            // the node without sequence_lens and takes every initial state as acceptable.
            RecurrentPattern pattern = RecurrentPattern.read(n.withoutInput(4), byName::get, s -> true,
                    UnsupportedOnnxException::new);
            p = new Prepared(w, r, b, pattern, spec.directions(), spec.inputSize());
        } catch (UnsupportedOnnxException e) {
            n.prepared().set(new Refused(w, r, b));
            return null;
        }
        n.prepared().set(p);
        return p;
    }

    /** Runs the node on the engine, or returns null when it must take the reference loop. */
    static List<Value> run(NodeContext n, List<Value> in, RecurrentSpec spec) {
        Prepared p = prepare(n, in, spec);
        if (p == null) {
            return null;
        }
        int t = spec.steps();
        int b = spec.batch();
        int dirs = spec.directions();
        int h = spec.hidden();
        int f = spec.inputSize();
        boolean lstm = spec.cell() == OnnxGateOrder.LSTM;
        Value xv = n.input(in, 0);
        float[] x = spec.layout() == 1 ? xv.floats() : timeMajorToBatchMajor(n, xv.floats(), t, b, f);
        int[] lens = lengths(n, NodeContext.optional(in, 4), b, t);
        float[] h0 = nonZero(NodeContext.optional(in, 5));
        float[] c0 = lstm ? nonZero(NodeContext.optional(in, 6)) : null;
        boolean yUsed = n.outputUsed(0);
        boolean ycUsed = lstm && n.outputUsed(2);
        boolean general = lens != null || h0 != null || c0 != null || ycUsed;
        Layout out = new Layout(spec.layout(), t, dirs, b, h);
        // Every direction writes its part of Y and Y_h, so they may come from the run's buffers;
        // steps past a sample's sequence_lens are not written and must read zero.
        float[] y = yUsed ? n.floats(t * dirs * b * h) : null;
        if (y != null && lens != null) {
            Arrays.fill(y, 0f);
        }
        float[] yh = n.floats(dirs * b * h);
        float[] yc = lstm ? new float[dirs * b * h] : null;
        for (int d = 0; d < dirs; d++) {
            boolean reverse = spec.isReverse(d);
            String name = n.node().getName();
            if (!general && !yUsed) {
                float[] last = n.floats(b * h);
                DirectInference.inferInto(p.layer(d, 1, reverse, name), x, 0, b, Shape.of(t, f), last, 0);
                out.putState(yh, d, last);
            } else if (!general) {
                float[] seq = n.floats(b * t * h);
                DirectInference.inferInto(p.layer(d, 0, reverse, name), x, 0, b, Shape.of(t, f), seq, 0);
                out.putSequence(y, d, seq, reverse, null);
                out.putState(yh, d, lastSteps(seq, b, t, h));
            } else {
                List<Tensor> inputs = new ArrayList<>();
                inputs.add(Tensor.wrap(Shape.of(b, t, f), x));
                if (h0 != null || c0 != null) {
                    inputs.add(Tensor.wrap(Shape.of(b, h), out.stateOf(h0, d)));
                    if (lstm) {
                        inputs.add(Tensor.wrap(Shape.of(b, h), out.stateOf(c0, d)));
                    }
                }
                Tensor mask = lens == null ? null : Tensor.wrap(Shape.of(b, t), mask(lens, t));
                List<Tensor> res = p.layer(d, inputs.size() > 1 ? 3 : 2, reverse, name).callAll(inputs, mask);
                if (y != null) {
                    out.putSequence(y, d, res.get(0).buffer(), reverse, lens);
                }
                out.putState(yh, d, res.get(1).buffer());
                if (lstm) {
                    out.putState(yc, d, res.get(2).buffer());
                }
            }
        }
        // An unread Y is not materialised (null: nothing reads it).
        List<Value> res = new ArrayList<>(3);
        res.add(y == null ? null : Value.ofFloats(out.sequenceShape(), y));
        res.add(Value.ofFloats(out.stateShape(), yh));
        if (lstm) {
            res.add(Value.ofFloats(out.stateShape(), yc));
        }
        return res;
    }

    /** The per-sample lengths, or null when every sample runs all steps. */
    private static int[] lengths(NodeContext n, Value lv, int b, int t) {
        if (lv == null) {
            return null;
        }
        long[] l = lv.longs();
        boolean all = true;
        int[] lens = new int[b];
        for (int i = 0; i < b; i++) {
            if (l[i] < 0 || l[i] > t) {
                throw n.fail("sequence_lens[" + i + "] = " + l[i] + " is outside [0, " + t + "]");
            }
            lens[i] = (int) l[i];
            all &= lens[i] == t;
        }
        return all ? null : lens;
    }

    private static float[] mask(int[] lens, int t) {
        float[] m = new float[lens.length * t];
        for (int i = 0; i < lens.length; i++) {
            Arrays.fill(m, i * t, i * t + lens[i], 1f);
        }
        return m;
    }

    /** The state's data, or null when it is absent or all zeros (the engine's default start). */
    private static float[] nonZero(Value v) {
        if (v == null) {
            return null;
        }
        float[] s = v.floats();
        for (float e : s) {
            if (e != 0f) {
                return s;
            }
        }
        return null;
    }

    /** {@code [T, B, F]} to the engine's {@code [B, T, F]}. */
    private static float[] timeMajorToBatchMajor(NodeContext n, float[] x, int t, int b, int f) {
        float[] o = n.floats(x.length);
        for (int s = 0; s < t; s++) {
            for (int i = 0; i < b; i++) {
                System.arraycopy(x, (s * b + i) * f, o, (i * t + s) * f, f);
            }
        }
        return o;
    }

    /** The last processing step of each sample of a {@code [B, T, H]} sequence: {@code [B, H]}. */
    private static float[] lastSteps(float[] seq, int b, int t, int h) {
        float[] o = new float[b * h];
        for (int i = 0; i < b; i++) {
            System.arraycopy(seq, (i * t + t - 1) * h, o, i * h, h);
        }
        return o;
    }

    /**
     * Where the ONNX outputs put direction {@code d}, sample {@code i}, time {@code s}: layout 0
     * {@code Y [T, D, B, H]}, states {@code [D, B, H]}; layout 1 {@code Y [B, T, D, H]}, states
     * {@code [B, D, H]}.
     */
    private record Layout(int layout, int t, int dirs, int b, int h) {
        int[] sequenceShape() {
            return layout == 0 ? new int[] {t, dirs, b, h} : new int[] {b, t, dirs, h};
        }

        int[] stateShape() {
            return layout == 0 ? new int[] {dirs, b, h} : new int[] {b, dirs, h};
        }

        int sequenceOffset(int d, int i, int s) {
            return (layout == 0 ? (s * dirs + d) * b + i : (i * t + s) * dirs + d) * h;
        }

        int stateOffset(int d, int i) {
            return (layout == 0 ? d * b + i : i * dirs + d) * h;
        }

        /**
         * Copies an engine sequence {@code [B, T, H]} in processing order into Y in time order;
         * steps at or past a sample's length stay zero.
         */
        void putSequence(float[] y, int d, float[] seq, boolean reverse, int[] lens) {
            for (int i = 0; i < b; i++) {
                int len = lens == null ? t : lens[i];
                for (int p = 0; p < t; p++) {
                    int s = reverse ? t - 1 - p : p;
                    if (s < len) {
                        System.arraycopy(seq, (i * t + p) * h, y, sequenceOffset(d, i, s), h);
                    }
                }
            }
        }

        /** Copies an engine state {@code [B, H]} into a state output. */
        void putState(float[] out, int d, float[] state) {
            for (int i = 0; i < b; i++) {
                System.arraycopy(state, i * h, out, stateOffset(d, i), h);
            }
        }

        /** Direction d's {@code [B, H]} of an ONNX state input, or zeros when it is null. */
        float[] stateOf(float[] s, int d) {
            float[] o = new float[b * h];
            if (s != null) {
                for (int i = 0; i < b; i++) {
                    System.arraycopy(s, stateOffset(d, i), o, i * h, h);
                }
            }
            return o;
        }
    }
}
