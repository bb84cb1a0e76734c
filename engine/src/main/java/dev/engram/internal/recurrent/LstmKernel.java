package dev.engram.internal.recurrent;

import dev.engram.activations.Activation;
import dev.engram.internal.kernels.Kernels;

/**
 * The fused LSTM of DESIGN.md: one GEMM projects the inputs of all time steps at once
 * ({@code [B*T, F] · W -> [B*T, 4u]}), then each step adds {@code h · U} with one GEMM and applies the
 * gate math row by row. Back-propagation through time accumulates {@code dZ} for every step and
 * forms {@code dW}, {@code dU} and {@code dX} with one GEMM each at the end.
 *
 * <p>Gate blocks of the kernel columns follow the Keras/TF.js order i, f, c, o:
 * {@code i,f,o = σr(z); g = act(z_c); c' = f⊙c + i⊙g; h' = o⊙act(c')} (Hochreiter and Schmidhuber,
 * 1997, with the forget gate of Gers et al., 2000).
 */
public final class LstmKernel {
    /** Gate block indices in the kernel's column order (Keras and TF.js order). */
    public static final int GATE_I = 0;
    /** Forget gate block. */
    public static final int GATE_F = 1;
    /** Candidate (cell input) block. */
    public static final int GATE_C = 2;
    /** Output gate block. */
    public static final int GATE_O = 3;

    private static final Kernels K = Kernels.get();

    private final Activation activation;
    private final Activation recurrentActivation;

    /** A kernel with the cell activation (tanh by default in layers) and the gate activation. */
    public LstmKernel(Activation activation, Activation recurrentActivation) {
        this.activation = activation;
        this.recurrentActivation = recurrentActivation;
    }

    /**
     * Runs the LSTM over {@code x [B, T, F]}.
     *
     * @param bias      {@code [4u]} or null
     * @param h0        initial hidden state {@code [B, u]}, or null for zeros
     * @param c0        initial cell state {@code [B, u]}, or null for zeros
     * @param training  keep what {@link #backward} needs
     */
    public LstmTrace forward(LstmPlan p, float[] x, float[] kernel, float[] recurrent, float[] bias,
            float[] h0, float[] c0, boolean training) {
        final int batch = p.batch();
        final int steps = p.steps();
        final int u = p.units();
        final int g = 4 * u;
        final int rows = batch * steps;
        float[] z = new float[rows * g];
        if (bias != null) {
            K.broadcastRows(bias, 0, rows, g, z, 0, g);
        }
        K.gemm(false, false, rows, g, p.inputDim(), x, 0, p.inputDim(), kernel, 0, g, bias != null ? 1f : 0f,
                z, 0, g);

        float[] gates = training ? new float[rows * g] : z;
        float[] cell = training ? new float[rows * u] : null;
        float[] cellPrev = training ? new float[rows * u] : null;
        float[] actCell = training ? new float[rows * u] : null;
        float[] hiddenPrev = training ? new float[rows * u] : null;
        float[] h = h0 != null ? h0.clone() : new float[batch * u];
        float[] c = c0 != null ? c0.clone() : new float[batch * u];
        float[] tmp = new float[u];
        float[] out = new float[p.outputSize()];
        boolean stateIsZero = h0 == null;

        for (int s = 0; s < steps; s++) {
            int t = p.timeAt(s);
            if (!stateIsZero) {
                K.gemm(false, false, batch, g, u, h, 0, u, recurrent, 0, g, 1f, z, t * g, steps * g);
            }
            for (int b = 0; b < batch; b++) {
                int r = (b * steps + t) * g;
                int ru = (b * steps + t) * u;
                int hb = b * u;
                recurrentActivation.forward(z, r, gates, r, 1, 2 * u);
                activation.forward(z, r + GATE_C * u, gates, r + GATE_C * u, 1, u);
                recurrentActivation.forward(z, r + GATE_O * u, gates, r + GATE_O * u, 1, u);
                if (training) {
                    System.arraycopy(c, hb, cellPrev, ru, u);
                    System.arraycopy(h, hb, hiddenPrev, ru, u);
                }
                for (int j = 0; j < u; j++) {
                    c[hb + j] = gates[r + GATE_F * u + j] * c[hb + j] + gates[r + j] * gates[r + GATE_C * u + j];
                }
                float[] ac = training ? actCell : tmp;
                int acOff = training ? ru : 0;
                activation.forward(c, hb, ac, acOff, 1, u);
                for (int j = 0; j < u; j++) {
                    h[hb + j] = gates[r + GATE_O * u + j] * ac[acOff + j];
                }
                if (training) {
                    System.arraycopy(c, hb, cell, ru, u);
                }
                if (p.returnSequences()) {
                    System.arraycopy(h, hb, out, (b * steps + s) * u, u);
                }
            }
            stateIsZero = false;
        }
        if (!p.returnSequences()) {
            System.arraycopy(h, 0, out, 0, batch * u);
        }
        return new LstmTrace(out, h, c, training ? x : null, training ? z : null, training ? gates : null,
                cell, cellPrev, actCell, hiddenPrev, h0 != null || c0 != null);
    }

    /**
     * Back-propagation through time. Adds into {@code dKernel}, {@code dRecurrent}, {@code dBias}
     * (null when there is no bias) and returns {@code dX [B, T, F]}.
     *
     * @param dOut  gradient of the output (shape as {@link LstmTrace#output}), or null
     * @param dLastH gradient of the final hidden state (returnState), or null
     * @param dLastC gradient of the final cell state (returnState), or null
     * @param dInitial if not null, receives {@code dh0} in {@code [0]} and {@code dc0} in {@code [1]}
     */
    public float[] backward(LstmPlan p, LstmTrace trace, float[] kernel, float[] recurrent,
            float[] dOut, float[] dLastH, float[] dLastC,
            float[] dKernel, float[] dRecurrent, float[] dBias, float[][] dInitial) {
        if (!trace.isTraining()) {
            throw new IllegalStateException("this LSTM trace was recorded at inference; it cannot back-propagate");
        }
        final int batch = p.batch();
        final int steps = p.steps();
        final int u = p.units();
        final int g = 4 * u;
        final int rows = batch * steps;
        final int f = p.inputDim();
        float[] dz = new float[rows * g];
        float[] dh = dLastH != null ? dLastH.clone() : new float[batch * u];
        float[] dc = dLastC != null ? dLastC.clone() : new float[batch * u];
        float[] dGate = new float[g];
        float[] tmp = new float[u];
        float[] dcFromH = new float[u];
        float[] gates = trace.gates;
        float[] pre = trace.preGates;

        for (int s = steps - 1; s >= 0; s--) {
            int t = p.timeAt(s);
            for (int b = 0; b < batch; b++) {
                int r = (b * steps + t) * g;
                int ru = (b * steps + t) * u;
                int hb = b * u;
                if (dOut != null) {
                    if (p.returnSequences()) {
                        K.axpy(u, 1f, dOut, (b * steps + s) * u, dh, hb);
                    } else if (s == steps - 1) {
                        K.axpy(u, 1f, dOut, hb, dh, hb);
                    }
                }
                // h = o * act(c)
                for (int j = 0; j < u; j++) {
                    dGate[GATE_O * u + j] = dh[hb + j] * trace.actCell[ru + j];
                    tmp[j] = dh[hb + j] * gates[r + GATE_O * u + j];
                }
                activation.backward(trace.cell, ru, trace.actCell, ru, tmp, 0, dcFromH, 0, 1, u);
                // c = f * cPrev + i * g
                for (int j = 0; j < u; j++) {
                    float dcj = dc[hb + j] + dcFromH[j];
                    dGate[GATE_I * u + j] = dcj * gates[r + GATE_C * u + j];
                    dGate[GATE_F * u + j] = dcj * trace.cellPrev[ru + j];
                    dGate[GATE_C * u + j] = dcj * gates[r + GATE_I * u + j];
                    dc[hb + j] = dcj * gates[r + GATE_F * u + j];
                }
                recurrentActivation.backward(pre, r, gates, r, dGate, 0, dz, r, 1, 2 * u);
                activation.backward(pre, r + GATE_C * u, gates, r + GATE_C * u, dGate, GATE_C * u,
                        dz, r + GATE_C * u, 1, u);
                recurrentActivation.backward(pre, r + GATE_O * u, gates, r + GATE_O * u, dGate, GATE_O * u,
                        dz, r + GATE_O * u, 1, u);
            }
            if (s > 0 || trace.hasInitialState || dInitial != null) {
                K.gemm(false, true, batch, u, g, dz, t * g, steps * g, recurrent, 0, g, 0f, dh, 0, u);
            }
        }
        K.gemm(true, false, u, g, rows, trace.hiddenPrev, 0, u, dz, 0, g, 1f, dRecurrent, 0, g);
        K.gemm(true, false, f, g, rows, trace.x, 0, f, dz, 0, g, 1f, dKernel, 0, g);
        if (dBias != null) {
            K.addColumnSums(dz, 0, rows, g, g, dBias, 0);
        }
        if (dInitial != null) {
            dInitial[0] = dh;
            dInitial[1] = dc;
        }
        float[] dx = new float[rows * f];
        K.gemm(false, true, rows, f, g, dz, 0, g, kernel, 0, g, 0f, dx, 0, f);
        return dx;
    }
}
