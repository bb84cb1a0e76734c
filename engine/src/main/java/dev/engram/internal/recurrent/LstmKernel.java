package dev.engram.internal.recurrent;

import dev.engram.activations.Activation;

/**
 * The fused LSTM of DESIGN.md: one GEMM projects the inputs of all time steps at once
 * ({@code [B*T, F] · W -> [B*T, 4u]}), then each step adds {@code h · U} with one GEMM and applies the
 * gate math row by row. Back-propagation through time accumulates {@code dZ} for every step (one
 * {@code dZ·Uᵀ} GEMM per step) and forms {@code dW}, {@code dU} and {@code dX} with one GEMM each at
 * the end.
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
    public LstmTrace forward(RecurrentPlan p, float[] x, float[][] w, RecurrentInputs in, boolean training) {
        final int batch = p.batch();
        final int steps = p.steps();
        final int u = p.units();
        final int g = 4 * u;
        final int rows = batch * steps;
        final float[] mask = in.mask();
        final float[] rdrop = in.recurrentDropout();
        float[] xd = droppedInput(p, x, in.inputDropout());
        float[] z = project(p, xd, w[0], w[2], g, training);

        float[] gates = training ? new float[rows * g] : z;
        float[] cell = training ? new float[rows * u] : null;
        float[] cellPrev = training ? new float[rows * u] : null;
        float[] actCell = training ? new float[rows * u] : null;
        float[] hiddenPrev = training ? new float[rows * u] : null;
        float[] h = initial(in, 0, batch * u);
        float[] c = initial(in, 1, batch * u);
        float[] hpBuf = rdrop != null ? new float[batch * u] : null;
        float[] tmp = new float[u];
        float[] out = new float[p.outputSize()];
        boolean stateIsZero = in.initialState(0) == null;

        for (int s = 0; s < steps; s++) {
            int t = p.timeAt(s);
            float[] hp = recurrentInput(h, rdrop, hpBuf);
            if (!stateIsZero) {
                K.gemm(false, false, batch, g, u, hp, 0, u, w[1], 0, g, 1f, z, t * g, steps * g);
            }
            for (int b = 0; b < batch; b++) {
                int hb = b * u;
                if (masked(mask, p, b, t)) {
                    emit(p, h, b, s, out); // TF.js/Keras parity: a masked step repeats the previous output and state
                    continue;
                }
                int r = (b * steps + t) * g;
                int ru = (b * steps + t) * u;
                if (training) {
                    System.arraycopy(c, hb, cellPrev, ru, u);
                    System.arraycopy(hp, hb, hiddenPrev, ru, u);
                }
                float[] ac = training ? actCell : tmp;
                int acOff = training ? ru : 0;
                cellStep(u, z, r, gates, c, hb, ac, acOff, h);
                if (training) {
                    System.arraycopy(c, hb, cell, ru, u);
                }
                emit(p, h, b, s, out);
            }
            stateIsZero = false;
        }
        finishOutput(p, h, out);
        return new LstmTrace(out, new float[][] {h, c}, training ? in : null, training ? xd : null,
                training ? z : null, training ? gates : null, hiddenPrev, cell, cellPrev, actCell);
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
        final float[] mask = tr.inputs.mask();
        final float[] rdrop = tr.inputs.recurrentDropout();
        float[] dz = new float[rows * g];
        float[] dh = seed(dFinal, 0, batch * u);
        float[] dc = seed(dFinal, 1, batch * u);
        float[] dhp = new float[batch * u];
        float[] dGate = new float[g];
        float[] tmp = new float[u];
        float[] dcFromH = new float[u];
        float[] gates = tr.gates;
        float[] pre = tr.preGates;

        for (int s = steps - 1; s >= 0; s--) {
            int t = p.timeAt(s);
            for (int b = 0; b < batch; b++) {
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
            if (s > 0 || dInitial != null) {
                K.gemm(false, true, batch, u, g, dz, t * g, steps * g, w[1], 0, g, 0f, dhp, 0, u);
                float[] next = previousHiddenGradient(p, t, mask, rdrop, dh, dhp);
                dhp = dh;
                dh = next;
            }
        }
        if (dW[1] != null) {
            K.gemm(true, false, u, g, rows, tr.hiddenPrev, 0, u, dz, 0, g, 1f, dW[1], 0, g);
        }
        float[] dx = inputGradients(p, tr, w[0], dz, g, dW[0], dW.length > 2 ? dW[2] : null, 0);
        if (dInitial != null) {
            dInitial[0] = dh;
            dInitial[1] = dc;
        }
        return dx;
    }
}
