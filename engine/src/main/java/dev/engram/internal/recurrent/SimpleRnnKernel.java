package dev.engram.internal.recurrent;

import dev.engram.activations.Activation;
import dev.engram.tensor.Workspace;

/**
 * The fused fully-connected recurrent layer (Elman, 1990): {@code h' = act(x·K + h·R + b)}, kernel
 * {@code [F, u]}, recurrent kernel {@code [u, u]}, bias {@code [u]}. One GEMM projects all steps'
 * inputs, one recurrent GEMM per step; BPTT forms {@code dW}, {@code dU}, {@code dX} with single GEMMs.
 */
public final class SimpleRnnKernel extends RecurrentKernel {
    private final Activation activation;

    /** A kernel with the given activation (tanh by default in layers). */
    public SimpleRnnKernel(Activation activation) {
        this.activation = activation;
    }

    @Override
    public int stateCount() {
        return 1;
    }

    @Override
    int gateWidth(int units) {
        return units;
    }

    @Override
    public RecurrentTrace forward(RecurrentPlan p, float[] x, float[][] w, RecurrentInputs in, boolean training) {
        final int u = p.units();
        final int rows = p.batch() * p.steps();
        float[] xd = droppedInput(p, x, in.inputDropout());
        float[] z = projectionBuffer(rows * u, training);
        project(p, xd, 0, w[0], w[2], 0, u, z);
        float[] post = training ? new float[rows * u] : z;
        float[] hiddenPrev = training ? new float[rows * u] : null;
        float[] h = initial(in, 0, p.batch() * u);
        float[] hpBuf = in.recurrentDropout() != null ? new float[p.batch() * u] : null;
        float[] out = new float[p.outputSize()];
        run(p, z, w[1], in.mask(), in.recurrentDropout(), hpBuf, in.initialState(0) == null, h, post, hiddenPrev,
                out, 0);
        return new RecurrentTrace(out, new float[][] {h}, training ? in : null, training ? xd : null,
                training ? z : null, training ? post : null, hiddenPrev);
    }

    @Override
    void inferSlice(RecurrentPlan p, float[] x, int xOff, float[][] w, float[] out, int outOff, Workspace ws) {
        float[] z = ws.floats(SLOT_PROJECTION, p.batch() * p.steps() * p.units());
        project(p, x, xOff, w[0], w[2], 0, p.units(), z);
        run(p, z, w[1], null, null, null, true, ws.zeros(1, p.batch() * p.units()), z, null, out, outOff);
    }

    /**
     * The recurrence over the projected inputs {@code z}; activations go to {@code post} (z itself at
     * inference), and {@code hiddenPrev}, when not null, records each step's recurrent input.
     */
    private void run(RecurrentPlan p, float[] z, float[] recurrentKernel, float[] mask, float[] rdrop, float[] hpBuf,
            boolean stateIsZero, float[] h, float[] post, float[] hiddenPrev, float[] out, int outOff) {
        final int batch = p.batch();
        final int steps = p.steps();
        final int u = p.units();
        boolean zeroState = stateIsZero;
        for (int s = 0; s < steps; s++) {
            int t = p.timeAt(s);
            float[] hp = recurrentInput(h, rdrop, hpBuf);
            if (!zeroState) {
                K.gemm(false, false, batch, u, u, hp, 0, u, recurrentKernel, 0, u, 1f, z, t * u, steps * u);
            }
            for (int b = 0; b < batch; b++) {
                int hb = b * u;
                if (!masked(mask, p, b, t)) {
                    int ru = (b * steps + t) * u;
                    if (hiddenPrev != null) {
                        System.arraycopy(hp, hb, hiddenPrev, ru, u);
                    }
                    activation.forward(z, ru, post, ru, 1, u);
                    System.arraycopy(post, ru, h, hb, u);
                }
                emit(p, h, b, s, out, outOff); // masked: TF.js/Keras parity, the previous output and state repeat
            }
            zeroState = false;
        }
        finishOutput(p, h, out, outOff);
    }

    @Override
    public float[] backward(RecurrentPlan p, RecurrentTrace tr, float[][] w, float[] dOut, float[][] dFinal,
            float[][] dW, float[][] dInitial) {
        requireTraining(tr);
        final int batch = p.batch();
        final int steps = p.steps();
        final int u = p.units();
        final int rows = batch * steps;
        final float[] mask = tr.inputs.mask();
        float[] dz = new float[rows * u];
        float[] dh = seed(dFinal, 0, batch * u);
        float[] dhp = new float[batch * u];
        for (int s = steps - 1; s >= 0; s--) {
            int t = p.timeAt(s);
            for (int b = 0; b < batch; b++) {
                addOutputGradient(p, dOut, s, b, dh);
                if (!masked(mask, p, b, t)) {
                    int ru = (b * steps + t) * u;
                    activation.backward(tr.preGates, ru, tr.gates, ru, dh, b * u, dz, ru, 1, u);
                }
            }
            if (s > 0 || dInitial != null) {
                K.gemm(false, true, batch, u, u, dz, t * u, steps * u, w[1], 0, u, 0f, dhp, 0, u);
                float[] next = previousHiddenGradient(p, t, mask, tr.inputs.recurrentDropout(), dh, dhp);
                dhp = dh;
                dh = next;
            }
        }
        if (dW[1] != null) {
            K.gemm(true, false, u, u, rows, tr.hiddenPrev, 0, u, dz, 0, u, 1f, dW[1], 0, u);
        }
        float[] dx = inputGradients(p, tr, w[0], dz, u, dW[0], dW.length > 2 ? dW[2] : null, 0);
        if (dInitial != null) {
            dInitial[0] = dh;
        }
        return dx;
    }
}
