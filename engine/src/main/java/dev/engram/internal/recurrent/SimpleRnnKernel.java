package dev.engram.internal.recurrent;

import dev.engram.activations.Activation;
import dev.engram.internal.kernels.PackedB;
import dev.engram.internal.kernels.Workspace;

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
    public int gateWidth(int units) {
        return units;
    }

    @Override
    long projectionFloats(RecurrentPlan p) {
        return projectsPerStep(p) ? (long) p.batch() * p.units() : super.projectionFloats(p);
    }

    @Override
    public RecurrentTrace forward(RecurrentPlan p, float[] x, RecurrentWeights w, RecurrentInputs in,
            boolean training) {
        final int u = p.units();
        final int rows = p.batch() * p.steps();
        float[] xd = droppedInput(p, x, in.inputDropout());
        float[] z = projectionBuffer(rows * u, training);
        project(p, xd, 0, w.kernel(), w.bias(), 0, u, z);
        float[] post = training ? new float[rows * u] : z;
        float[] hiddenPrev = training ? new float[rows * u] : null;
        StepBuffers buf = StepBuffers.forward(p, z, in, initial(in, 0, p.batch() * u), null, new float[p.outputSize()]);
        // Samples are independent along time: each range runs its own per-step GEMMs and activations.
        overRanges(p, (b0, b1) -> {
            run(p, b0, b1, w, buf, post, hiddenPrev);
            return null;
        });
        return new RecurrentTrace(buf.out, new float[][] {buf.h}, training ? in : null, training ? xd : null,
                training ? z : null, training ? post : null, hiddenPrev);
    }

    @Override
    void inferSlice(RecurrentPlan p, float[] x, int xOff, RecurrentWeights w, float[] out, int outOff, Workspace ws) {
        float[] z = inferenceProjection(p, x, xOff, w.kernel(), w.bias(), p.units(), ws);
        run(p, 0, p.batch(), w, StepBuffers.inference(p, z, x, xOff, ws.zeros(1, p.batch() * p.units()), null, out,
                outOff), z, null);
    }

    /**
     * The recurrence over the projected inputs {@code buf.z} (all steps up front, or each step
     * projected from {@code buf.stepX} first, see {@code projectStep}); activations go to
     * {@code post} (z itself at inference), and {@code hiddenPrev}, when not null, records each
     * step's recurrent input. Only samples {@code b0..b1-1} are computed; ranges may run on several
     * threads at once.
     */
    private void run(RecurrentPlan p, int b0, int b1, RecurrentWeights w, StepBuffers buf, float[] post,
            float[] hiddenPrev) {
        final int steps = p.steps();
        final int u = p.units();
        final float[] z = buf.z;
        final float[] h = buf.h;
        final float[] out = buf.out;
        final int outOff = buf.outOff;
        final float[] mask = buf.mask;
        final float[] stepX = buf.stepX;
        final int xOff = buf.xOff;
        final float[] rdrop = buf.recurrentDropout;
        final float[] hpBuf = buf.droppedH;
        final boolean perStep = stepX != null;
        final int zStride = rowStride(p, u, perStep);
        boolean zeroState = buf.zeroState;
        PackedB uSteps = packedForSteps(PACK_RECURRENT, b1 - b0, u, u, w.recurrentKernel());
        PackedB wSteps = perStep ? packedForSteps(PACK_INPUT, p.batch(), u, p.inputDim(), w.kernel()) : null;
        for (int s = 0; s < steps; s++) {
            int t = p.timeAt(s);
            projectStep(p, t, stepX, xOff, w.kernel(), wSteps, w.bias(), u, z);
            int zBase = rowBase(t, u, perStep);
            float[] hp = recurrentInput(h, rdrop, hpBuf, b0 * u, (b1 - b0) * u);
            if (!zeroState) {
                recurrentProduct(b1 - b0, u, u, hp, b0 * u, w.recurrentKernel(), uSteps, z, zBase + b0 * zStride,
                        zStride);
            }
            for (int b = b0; b < b1; b++) {
                int hb = b * u;
                if (!masked(mask, p, b, t)) {
                    int r = zBase + b * zStride; // up front: (b*T + t) * u, as hiddenPrev
                    if (hiddenPrev != null) {
                        System.arraycopy(hp, hb, hiddenPrev, r, u);
                    }
                    activation.forward(z, r, post, r, 1, u);
                    System.arraycopy(post, r, h, hb, u);
                }
                emit(p, h, b, s, out, outOff); // masked: TF.js/Keras parity, the previous output and state repeat
            }
            zeroState = false;
        }
        finishOutput(p, h, out, outOff, b0, b1);
    }

    @Override
    public float[] backward(RecurrentPlan p, RecurrentTrace tr, RecurrentWeights w, float[] dOut, float[][] dFinal,
            RecurrentWeights dW, float[][] dInitial) {
        requireTraining(tr);
        final int batch = p.batch();
        final int u = p.units();
        final int rows = batch * p.steps();
        BackBuffers buf = BackBuffers.of(p, u, dOut, dFinal, false, dInitial != null);
        float[] dz = buf.dz();
        PackedB uT = K.packB(true, u, u, w.recurrentKernel(), 0, u); // once, not at every step
        float[] finalDh = overRanges(p, (b0, b1) -> backThroughTime(p, b0, b1, tr, uT, buf));
        if (dW.recurrentKernel() != null) {
            K.gemm(true, false, u, u, rows, tr.hiddenPrev, 0, u, dz, 0, u, 1f, dW.recurrentKernel(), 0, u);
        }
        float[] dx = inputGradients(p, tr, w.kernel(), dz, u, dW.kernel(), dW.bias(), 0);
        if (dInitial != null) {
            dInitial[0] = finalDh;
        }
        return dx;
    }

    /** The time loop of back-propagation for samples {@code b0..b1-1} (see LstmKernel's). */
    private float[] backThroughTime(RecurrentPlan p, int b0, int b1, RecurrentTrace tr, PackedB uT, BackBuffers buf) {
        final float[] dOut = buf.dOut();
        final float[] dz = buf.dz();
        final boolean wantInitial = buf.wantInitial();
        float[] dh = buf.dh();
        float[] dhp = buf.dhp();
        final int steps = p.steps();
        final int u = p.units();
        final float[] mask = tr.inputs.mask();
        for (int s = steps - 1; s >= 0; s--) {
            int t = p.timeAt(s);
            for (int b = b0; b < b1; b++) {
                addOutputGradient(p, dOut, s, b, dh);
                if (!masked(mask, p, b, t)) {
                    int ru = (b * steps + t) * u;
                    activation.backward(tr.preGates, ru, tr.gates, ru, dh, b * u, dz, ru, 1, u);
                }
            }
            if (s > 0 || wantInitial) {
                K.gemm(b1 - b0, uT, dz, (b0 * steps + t) * u, steps * u, 0f, dhp, b0 * u, u);
                float[] next = previousHiddenGradient(p, t, mask, tr.inputs.recurrentDropout(), dh, dhp, b0, b1);
                dhp = dh;
                dh = next;
            }
        }
        return dh;
    }
}
