package dev.engram.io.onnx.runtime;

import dev.engram.io.onnx.codec.OnnxGateOrder;
import dev.engram.layers.recurrent.GruGate;
import dev.engram.layers.recurrent.LstmGate;
import dev.engram.io.onnx.codec.Value;
import dev.engram.tensor.LinearAlgebra;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * ONNX LSTM, GRU and RNN with every attribute (direction, layout, activations with alpha/beta,
 * clip, input_forget, hidden_size, linear_before_reset) and optional input (sequence_lens,
 * initial_h, initial_c, P) and output (Y, Y_h, Y_c). Nodes that map to the engine's layers run on
 * its fused kernels ({@link EngineRecurrent}); the rest (clip, input_forget, peepholes, activations
 * without an engine form) take the reference loop here: one GEMM computes the input projection of
 * all steps; each step adds one {@code h·R^T} GEMM and the gate math in double precision.
 *
 * <p>ONNX gate orders: LSTM i, o, f, c (peepholes i, o, f); GRU z, r, h. B is {@code [Wb | Rb]}.
 */
final class RecurrentOps {
    private RecurrentOps() {
    }

    static void register(Map<String, Op> ops) {
        ops.put("LSTM", (n, in) -> run(n, in, OnnxGateOrder.LSTM));
        ops.put("GRU", (n, in) -> run(n, in, OnnxGateOrder.GRU));
        ops.put("RNN", (n, in) -> run(n, in, OnnxGateOrder.RNN));
    }

    /** The engine's fused kernels when the node maps to them ({@link EngineRecurrent}), else the reference loop. */
    private static List<Value> run(NodeContext n, List<Value> in, OnnxGateOrder cell) {
        List<Value> fast = EngineRecurrent.run(n, in, RecurrentSpec.parse(n, in, cell));
        return fast != null ? fast : new Run(n, in, cell).execute();
    }

    /** One execution of a recurrent node. */
    private static final class Run {
        private final RecurrentSpec spec;
        private final float[] x;
        private final float[] w;
        private final float[] r;
        private final float[] bias;
        private final int[] lens;
        private final float[] h0;
        private final float[] c0;
        private final float[] peep;
        private final float[] y;
        private final float[] yh;
        private final float[] yc;

        Run(NodeContext n, List<Value> in, OnnxGateOrder cell) {
            spec = RecurrentSpec.parse(n, in, cell);
            int t = spec.steps();
            int b = spec.batch();
            int d = spec.directions();
            int h = spec.hidden();
            Value xv = n.input(in, 0);
            x = spec.layout() == 0 ? xv.floats() : ShapeOps.permute(xv, new int[] {1, 0, 2}).floats();
            w = n.input(in, 1).floats();
            r = n.input(in, 2).floats();
            Value bv = NodeContext.optional(in, 3);
            bias = bv == null ? null : bv.floats();
            Value lv = NodeContext.optional(in, 4);
            lens = new int[b];
            for (int i = 0; i < b; i++) {
                long len = lv == null ? t : lv.longs()[i];
                if (len < 0 || len > t) {
                    throw n.fail("sequence_lens[" + i + "] = " + len + " is outside [0, " + t + "]");
                }
                lens[i] = (int) len;
            }
            h0 = state(n, NodeContext.optional(in, 5));
            c0 = cell == OnnxGateOrder.LSTM ? state(n, NodeContext.optional(in, 6)) : null;
            Value pv = cell == OnnxGateOrder.LSTM ? NodeContext.optional(in, 7) : null;
            peep = pv == null ? null : pv.floats();
            y = new float[t * d * b * h];
            yh = new float[d * b * h];
            yc = new float[d * b * h];
        }

        /** A [dirs, batch, hidden] state (layout 0) from an optional input, or zeros. */
        private float[] state(NodeContext n, Value v) {
            if (v == null) {
                return new float[spec.directions() * spec.batch() * spec.hidden()];
            }
            return spec.layout() == 0 ? v.floats() : ShapeOps.permute(v, new int[] {1, 0, 2}).floats();
        }

        List<Value> execute() {
            for (int d = 0; d < spec.directions(); d++) {
                direction(d);
            }
            int t = spec.steps();
            int b = spec.batch();
            int d = spec.directions();
            int h = spec.hidden();
            List<Value> out = new ArrayList<>(3);
            Value yv = Value.ofFloats(new int[] {t, d, b, h}, y);
            Value yhv = Value.ofFloats(new int[] {d, b, h}, yh);
            Value ycv = Value.ofFloats(new int[] {d, b, h}, yc);
            if (spec.layout() == 1) {
                yv = ShapeOps.permute(yv, new int[] {2, 0, 1, 3});
                yhv = ShapeOps.permute(yhv, new int[] {1, 0, 2});
                ycv = ShapeOps.permute(ycv, new int[] {1, 0, 2});
            }
            out.add(yv);
            out.add(yhv);
            if (spec.cell() == OnnxGateOrder.LSTM) {
                out.add(ycv);
            }
            return out;
        }

        private void direction(int d) {
            int t = spec.steps();
            int b = spec.batch();
            int h = spec.hidden();
            int in = spec.inputSize();
            int g = spec.cell().gates();
            int gh = g * h;
            boolean reverse = spec.isReverse(d);
            OnnxGateOrder cell = spec.cell();
            // Input projection of every step at once: [t*b, in] x W^T -> [t*b, g*h], plus biases.
            float[] xw = new float[t * b * gh];
            LinearAlgebra.gemm(false, true, t * b, gh, in, x, 0, in, w, d * gh * in, in, 0f, xw, 0, gh);
            float[] rbh = new float[h];
            if (bias != null) {
                int wb = d * 2 * gh;
                int rb = wb + gh;
                for (int row = 0; row < t * b; row++) {
                    for (int j = 0; j < gh; j++) {
                        boolean gruRecurrentH = cell == OnnxGateOrder.GRU && j >= 2 * h && spec.linearBeforeReset();
                        xw[row * gh + j] += bias[wb + j] + (gruRecurrentH ? 0f : bias[rb + j]);
                    }
                }
                if (cell == OnnxGateOrder.GRU && spec.linearBeforeReset()) {
                    System.arraycopy(bias, rb + 2 * h, rbh, 0, h);
                }
            }
            float[] hs = new float[b * h];
            float[] cs = new float[b * h];
            System.arraycopy(h0, d * b * h, hs, 0, b * h);
            if (c0 != null) {
                System.arraycopy(c0, d * b * h, cs, 0, b * h);
            }
            float[] hr = new float[b * gh];
            float[] rh = cell == OnnxGateOrder.GRU && !spec.linearBeforeReset() ? new float[b * h] : null;
            float[] rhr = rh == null ? null : new float[b * h];
            float[] rGates = new float[h];
            int rOff = d * gh * h;
            int steps = 0;
            for (int len : lens) {
                steps = Math.max(steps, len);
            }
            for (int s = 0; s < steps; s++) {
                int recurrentRows = rh != null ? 2 * h : gh;
                LinearAlgebra.gemm(false, true, b, recurrentRows, h, hs, 0, h, r, rOff, h, 0f, hr, 0, gh);
                if (rh != null) {
                    // GRU, linear_before_reset = 0: the h gate needs (r ⊙ h)·Rh^T, so r first.
                    for (int bi = 0; bi < b; bi++) {
                        if (s >= lens[bi]) {
                            continue;
                        }
                        int tt = reverse ? lens[bi] - 1 - s : s;
                        int xo = (tt * b + bi) * gh;
                        for (int j = 0; j < h; j++) {
                            double rg = spec.f(d).apply(spec.clip(xw[xo + h + j] + hr[bi * gh + h + j]));
                            rh[bi * h + j] = (float) rg * hs[bi * h + j];
                        }
                    }
                    LinearAlgebra.gemm(false, true, b, h, h, rh, 0, h, r, rOff + 2 * h * h, h, 0f, rhr, 0, h);
                }
                for (int bi = 0; bi < b; bi++) {
                    if (s >= lens[bi]) {
                        continue;
                    }
                    int tt = reverse ? lens[bi] - 1 - s : s;
                    int xo = (tt * b + bi) * gh;
                    int ho = bi * gh;
                    int so = bi * h;
                    switch (cell) {
                        case LSTM -> lstmCell(d, xw, xo, hr, ho, hs, cs, so, h);
                        case GRU -> gruCell(d, xw, xo, hr, ho, hs, so, h, rhr, rbh, rGates);
                        case RNN -> {
                            for (int j = 0; j < h; j++) {
                                hs[so + j] = (float) spec.f(d).apply(spec.clip(xw[xo + j] + hr[ho + j]));
                            }
                        }
                    }
                    System.arraycopy(hs, so, y, ((tt * spec.directions() + d) * b + bi) * h, h);
                }
            }
            System.arraycopy(hs, 0, yh, d * b * h, b * h);
            System.arraycopy(cs, 0, yc, d * b * h, b * h);
        }

        private void lstmCell(int d, float[] xw, int xo, float[] hr, int ho, float[] hs, float[] cs, int so, int h) {
            RecurrentActivation f = spec.f(d);
            RecurrentActivation gAct = spec.g(d);
            RecurrentActivation hAct = spec.h(d);
            int p = d * 3 * h;
            int iBlock = OnnxGateOrder.LSTM.onnxOffset(LstmGate.I, h);
            int oBlock = OnnxGateOrder.LSTM.onnxOffset(LstmGate.O, h);
            int fBlock = OnnxGateOrder.LSTM.onnxOffset(LstmGate.F, h);
            int cBlock = OnnxGateOrder.LSTM.onnxOffset(LstmGate.C, h);
            for (int j = 0; j < h; j++) {
                float cPrev = cs[so + j];
                // ONNX parity: gate blocks in ONNX order (OnnxGateOrder: i, o, f, c).
                float zi = xw[xo + iBlock + j] + hr[ho + iBlock + j];
                float zo = xw[xo + oBlock + j] + hr[ho + oBlock + j];
                float zf = xw[xo + fBlock + j] + hr[ho + fBlock + j];
                float zc = xw[xo + cBlock + j] + hr[ho + cBlock + j];
                if (peep != null) {
                    zi += peep[p + j] * cPrev;
                    zf += peep[p + 2 * h + j] * cPrev;
                }
                float ig = (float) f.apply(spec.clip(zi));
                float fg = spec.inputForget() ? 1f - ig : (float) f.apply(spec.clip(zf));
                float cg = (float) gAct.apply(spec.clip(zc));
                float c = fg * cPrev + ig * cg;
                if (peep != null) {
                    zo += peep[p + h + j] * c;
                }
                float og = (float) f.apply(spec.clip(zo));
                cs[so + j] = c;
                hs[so + j] = og * (float) hAct.apply(c);
            }
        }

        private void gruCell(int d, float[] xw, int xo, float[] hr, int ho, float[] hs, int so, int h,
                float[] rhr, float[] rbh, float[] rGates) {
            RecurrentActivation f = spec.f(d);
            RecurrentActivation gAct = spec.g(d);
            // ONNX parity: gate blocks z, r, h (OnnxGateOrder), the engine's order too.
            int zBlock = OnnxGateOrder.GRU.onnxOffset(GruGate.Z, h);
            int rBlock = OnnxGateOrder.GRU.onnxOffset(GruGate.R, h);
            int hBlock = OnnxGateOrder.GRU.onnxOffset(GruGate.H, h);
            for (int j = 0; j < h; j++) {
                rGates[j] = (float) f.apply(spec.clip(xw[xo + rBlock + j] + hr[ho + rBlock + j]));
            }
            for (int j = 0; j < h; j++) {
                float z = (float) f.apply(spec.clip(xw[xo + zBlock + j] + hr[ho + zBlock + j]));
                float pre;
                if (rhr == null) {
                    // linear_before_reset = 1: r ⊙ (h·Rh^T + Rbh).
                    pre = xw[xo + hBlock + j] + rGates[j] * (hr[ho + hBlock + j] + rbh[j]);
                } else {
                    pre = xw[xo + hBlock + j] + rhr[so + j];
                }
                float cand = (float) gAct.apply(spec.clip(pre));
                hs[so + j] = (1f - z) * cand + z * hs[so + j];
            }
        }
    }
}
