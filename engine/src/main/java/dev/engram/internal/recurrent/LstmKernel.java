package dev.engram.internal.recurrent;

import dev.engram.activations.Activation;
import dev.engram.tensor.Workspace;

/**
 * The fused LSTM of DESIGN.md: one GEMM projects the inputs of all time steps at once
 * ({@code [B*T, F] · W -> [B*T, 4u]}), then each step adds {@code h · U} with one GEMM and applies the
 * gate math row by row. Back-propagation through time accumulates {@code dZ} for every step (one
 * {@code dZ·Uᵀ} GEMM per step) and forms {@code dW}, {@code dU} and {@code dX} with one GEMM each at
 * the end. Inference on batches of 8 or more projects each step just before it instead (see
 * {@code RecurrentKernel.projectStep}): the same numbers, with the step's rows in cache.
 *
 * <p>Gate blocks of the kernel columns follow the Keras/TF.js order i, f, c, o:
 * {@code i,f,o = σr(z); g = act(z_c); c' = f⊙c + i⊙g; h' = o⊙act(c')} (Hochreiter and Schmidhuber,
 * 1997, with the forget gate of Gers et al., 2000). With a time-step mask, a masked step keeps h and c.
 */
public final class LstmKernel extends RecurrentKernel {
    /** Gate block indices in the kernel's column order (Keras and TF.js order). */
    public static final int GATE_I = 0;
    /** Forget gate block. */
    public static final int GATE_F = 1;
    /** Candidate (cell input) block. */
    public static final int GATE_C = 2;
    /** Output gate block. */
    public static final int GATE_O = 3;

    private final Activation activation;
    private final Activation recurrentActivation;

    /** A kernel with the cell activation (tanh by default in layers) and the gate activation. */
    public LstmKernel(Activation activation, Activation recurrentActivation) {
        this.activation = activation;
        this.recurrentActivation = recurrentActivation;
    }

    /** The gate math of one step for one sample: gate values, the new cell state and h. */
    private void cellStep(int u, float[] z, int r, float[] gates, float[] c, int hb, float[] ac, int acOff, float[] h) {
        recurrentActivation.forward(z, r, gates, r, 1, 2 * u);
        activation.forward(z, r + GATE_C * u, gates, r + GATE_C * u, 1, u);
        recurrentActivation.forward(z, r + GATE_O * u, gates, r + GATE_O * u, 1, u);
        for (int j = 0; j < u; j++) {
            c[hb + j] = gates[r + GATE_F * u + j] * c[hb + j] + gates[r + j] * gates[r + GATE_C * u + j];
        }
        activation.forward(c, hb, ac, acOff, 1, u);
        for (int j = 0; j < u; j++) {
            h[hb + j] = gates[r + GATE_O * u + j] * ac[acOff + j];
        }
    }

    @Override
    public int stateCount() {
        return 2;
    }

    @Override
    int gateWidth(int units) {
        return 4 * units;
    }

    @Override
    long projectionFloats(RecurrentPlan p) {
        return projectsPerStep(p) ? (long) p.batch() * 4 * p.units() : super.projectionFloats(p);
    }

    @Override
    public LstmTrace forward(RecurrentPlan p, float[] x, float[][] w, RecurrentInputs in, boolean training) {
        final int u = p.units();
        final int g = 4 * u;
        final int rows = p.batch() * p.steps();
        float[] xd = droppedInput(p, x, in.inputDropout());
        float[] z = projectionBuffer(rows * g, training);
        project(p, xd, 0, w[0], w[2], 0, g, z);
        Record rec = training ? new Record(new float[rows * g], new float[rows * u], new float[rows * u],
                new float[rows * u], new float[rows * u]) : null;
        float[] h = initial(in, 0, p.batch() * u);
        float[] c = initial(in, 1, p.batch() * u);
        float[] hpBuf = in.recurrentDropout() != null ? new float[p.batch() * u] : null;
        float[] out = new float[p.outputSize()];
        boolean zeroState = in.initialState(0) == null;
        overRanges(p, (b0, b1) -> {
            run(p, b0, b1, z, null, 0, w, in.mask(), in.recurrentDropout(), hpBuf, zeroState, h, c, new float[u], out,
                    0, rec);
            return null;
        });
        return new LstmTrace(out, new float[][] {h, c}, training ? in : null, training ? xd : null,
                training ? z : null, training ? rec.gates : null, training ? rec.hiddenPrev : null,
                training ? rec.cell : null, training ? rec.cellPrev : null, training ? rec.actCell : null);
    }

    @Override
    void inferSlice(RecurrentPlan p, float[] x, int xOff, float[][] w, float[] out, int outOff, Workspace ws) {
        int u = p.units();
        float[] z = inferenceProjection(p, x, xOff, w[0], w[2], 4 * u, ws);
        run(p, 0, p.batch(), z, projectsPerStep(p) ? x : null, xOff, w, null, null, null, true,
                ws.zeros(1, p.batch() * u), ws.zeros(2, p.batch() * u),
                ws.floats(3, u), out, outOff, null);
    }

    /** What a training run keeps per row ({@code b*T + t}) for back-propagation. */
    private record Record(float[] gates, float[] cell, float[] cellPrev, float[] actCell, float[] hiddenPrev) {
    }

    /**
     * The recurrence over the projected inputs {@code z}: all steps up front, or, when {@code stepX}
     * is given, each step projected from it first (see {@code projectStep}). Per step: one
     * recurrent GEMM, then the gate math per sample; gate values are written over z at inference,
     * to {@code rec.gates} when training. {@code h} and {@code c} hold the initial states and end
     * as the final ones. Only samples {@code b0..b1-1} are computed (a range of the batch; ranges
     * may run on several threads at once: they share the arrays but touch disjoint rows).
     */
    private void run(RecurrentPlan p, int b0, int b1, float[] z, float[] stepX, int xOff, float[][] w, float[] mask,
            float[] rdrop, float[] hpBuf, boolean stateIsZero, float[] h, float[] c, float[] tmp, float[] out, int outOff,
            Record rec) {
        final int steps = p.steps();
        final int u = p.units();
        final int g = 4 * u;
        final boolean perStep = stepX != null;
        final int zStride = rowStride(p, g, perStep);
        float[] gates = rec != null ? rec.gates : z;
        boolean zeroState = stateIsZero;
        for (int s = 0; s < steps; s++) {
            int t = p.timeAt(s);
            projectStep(p, t, stepX, xOff, w[0], w[2], g, z);
            int zBase = rowBase(t, g, perStep);
            float[] hp = recurrentInput(h, rdrop, hpBuf, b0 * u, (b1 - b0) * u);
            if (!zeroState) {
                K.gemm(false, false, b1 - b0, g, u, hp, b0 * u, u, w[1], 0, g, 1f, z, zBase + b0 * zStride, zStride);
            }
            for (int b = b0; b < b1; b++) {
                int hb = b * u;
                if (masked(mask, p, b, t)) {
                    // TF.js/Keras parity: a masked step repeats the previous output and state
                    emit(p, h, b, s, out, outOff);
                    continue;
                }
                int r = zBase + b * zStride; // training projects up front: r = (b*T + t) * G, as the records
                int ru = (b * steps + t) * u;
                if (rec != null) {
                    System.arraycopy(c, hb, rec.cellPrev, ru, u);
                    System.arraycopy(hp, hb, rec.hiddenPrev, ru, u);
                    cellStep(u, z, r, gates, c, hb, rec.actCell, ru, h);
                    System.arraycopy(c, hb, rec.cell, ru, u);
                } else {
                    cellStep(u, z, r, gates, c, hb, tmp, 0, h);
                }
                emit(p, h, b, s, out, outOff);
            }
            zeroState = false;
        }
        finishOutput(p, h, out, outOff, b0, b1);
    }

    @Override
    public float[] backward(RecurrentPlan p, RecurrentTrace trace, float[][] w, float[] dOut, float[][] dFinal,
            float[][] dW, float[][] dInitial) {
        requireTraining(trace);
        LstmTrace tr = (LstmTrace) trace;
        final int batch = p.batch();
        final int steps = p.steps();
        final int u = p.units();
        final int g = 4 * u;
        final int rows = batch * steps;
        float[] dz = new float[rows * g];
        float[] dh = seed(dFinal, 0, batch * u);
        float[] dc = seed(dFinal, 1, batch * u);
        float[] dhp = new float[batch * u];
        boolean wantInitial = dInitial != null;
        float[] finalDh = overRanges(p, (b0, b1) -> backThroughTime(p, b0, b1, tr, w, dOut, dz, dh, dc, dhp,
                wantInitial));
        if (dW[1] != null) {
            K.gemm(true, false, u, g, rows, tr.hiddenPrev, 0, u, dz, 0, g, 1f, dW[1], 0, g);
        }
        float[] dx = inputGradients(p, tr, w[0], dz, g, dW[0], dW.length > 2 ? dW[2] : null, 0);
        if (dInitial != null) {
            dInitial[0] = finalDh;
            dInitial[1] = dc;
        }
        return dx;
    }

    /**
     * The time loop of back-propagation for samples {@code b0..b1-1}: fills their rows of
     * {@code dz} and their part of the carried gradients (dh and dhp swap roles each step; the
     * array holding the gradient of the initial h is returned).
     */
    private float[] backThroughTime(RecurrentPlan p, int b0, int b1, LstmTrace tr, float[][] w, float[] dOut,
            float[] dz, float[] dh, float[] dc, float[] dhp, boolean wantInitial) {
        final int steps = p.steps();
        final int u = p.units();
        final int g = 4 * u;
        final float[] mask = tr.inputs.mask();
        final float[] rdrop = tr.inputs.recurrentDropout();
        float[] dGate = new float[g];
        float[] tmp = new float[u];
        float[] dcFromH = new float[u];
        float[] gates = tr.gates;
        float[] pre = tr.preGates;
        for (int s = steps - 1; s >= 0; s--) {
            int t = p.timeAt(s);
            for (int b = b0; b < b1; b++) {
                addOutputGradient(p, dOut, s, b, dh);
                if (masked(mask, p, b, t)) {
                    continue; // h and c passed through: their gradients carry over unchanged
                }
                int r = (b * steps + t) * g;
                int ru = (b * steps + t) * u;
                int hb = b * u;
                // h = o * act(c)
                for (int j = 0; j < u; j++) {
                    dGate[GATE_O * u + j] = dh[hb + j] * tr.actCell[ru + j];
                    tmp[j] = dh[hb + j] * gates[r + GATE_O * u + j];
                }
                activation.backward(tr.cell, ru, tr.actCell, ru, tmp, 0, dcFromH, 0, 1, u);
                // c = f * cPrev + i * g
                for (int j = 0; j < u; j++) {
                    float dcj = dc[hb + j] + dcFromH[j];
                    dGate[GATE_I * u + j] = dcj * gates[r + GATE_C * u + j];
                    dGate[GATE_F * u + j] = dcj * tr.cellPrev[ru + j];
                    dGate[GATE_C * u + j] = dcj * gates[r + GATE_I * u + j];
                    dc[hb + j] = dcj * gates[r + GATE_F * u + j];
                }
                recurrentActivation.backward(pre, r, gates, r, dGate, 0, dz, r, 1, 2 * u);
                activation.backward(pre, r + GATE_C * u, gates, r + GATE_C * u, dGate, GATE_C * u,
                        dz, r + GATE_C * u, 1, u);
                recurrentActivation.backward(pre, r + GATE_O * u, gates, r + GATE_O * u, dGate, GATE_O * u,
                        dz, r + GATE_O * u, 1, u);
            }
            if (s > 0 || wantInitial) {
                K.gemm(false, true, b1 - b0, u, g, dz, (b0 * steps + t) * g, steps * g, w[1], 0, g, 0f,
                        dhp, b0 * u, u);
                float[] next = previousHiddenGradient(p, t, mask, rdrop, dh, dhp, b0, b1);
                dhp = dh;
                dh = next;
            }
        }
        return dh;
    }
}
