package dev.engram.internal.recurrent;

import dev.engram.activations.Activation;
import dev.engram.activations.Activations;
import dev.engram.activations.HardSigmoid;
import dev.engram.internal.kernels.Kernels;
import dev.engram.internal.kernels.PackedB;
import dev.engram.internal.kernels.SigmoidGate;
import dev.engram.internal.kernels.Workspace;
import dev.engram.layers.recurrent.LstmGate;

/**
 * The fused LSTM of DESIGN.md: one GEMM projects the inputs of all time steps at once
 * ({@code [B*T, F] · W -> [B*T, 4u]}), then each step adds {@code h · U} with one GEMM and applies the
 * gate math row by row. Back-propagation through time accumulates {@code dZ} for every step (one
 * {@code dZ·Uᵀ} GEMM per step) and forms {@code dW}, {@code dU} and {@code dX} with one GEMM each at
 * the end. Inference on batches of 8 or more projects each step just before it instead (see
 * {@code RecurrentKernel.projectStep}): the same numbers, with the step's rows in cache.
 *
 * <p>Gate blocks of the kernel columns follow {@link LstmGate} (the Keras/TF.js order i, f, c, o):
 * {@code i,f,o = σr(z); g = act(z_c); c' = f⊙c + i⊙g; h' = o⊙act(c')} (Hochreiter and Schmidhuber,
 * 1997, with the forget gate of Gers et al., 2000). With a time-step mask, a masked step keeps h and c.
 *
 * <p>With tanh as the cell activation and sigmoid or hard-sigmoid gates (the Keras, TF.js, PyTorch
 * and ONNX defaults), the gate math of a step runs fused ({@link Kernels#lstmCell}: one pass per
 * vector of units); other activations apply block by block. The recurrent kernel (and, when
 * projecting per step, the input kernel) is packed for the GEMM once per run, not at every step.
 */
public final class LstmKernel extends RecurrentKernel {
    // Block indices of LstmGate, as static finals so the loops index with constants.
    private static final int GATE_I = LstmGate.I.ordinal();
    private static final int GATE_F = LstmGate.F.ordinal();
    private static final int GATE_C = LstmGate.C.ordinal();
    private static final int GATE_O = LstmGate.O.ordinal();

    private final Activation activation;
    private final Activation recurrentActivation;
    /** The gate function of {@link Kernels#lstmCell} when the cell runs fused (tanh cell activation), else null. */
    private final SigmoidGate fusedGate;

    /** A kernel with the cell activation (tanh by default in layers) and the gate activation. */
    public LstmKernel(Activation activation, Activation recurrentActivation) {
        this.activation = activation;
        this.recurrentActivation = recurrentActivation;
        this.fusedGate = fusedGate(activation, recurrentActivation);
    }

    /** The fused cell's gate for tanh cells with sigmoid or hard-sigmoid gates (the Keras, TF.js and ONNX defaults). */
    private static SigmoidGate fusedGate(Activation activation, Activation recurrentActivation) {
        if (!Activations.tanh().equals(activation)) {
            return null;
        }
        if (Activations.sigmoid().equals(recurrentActivation)) {
            return SigmoidGate.LOGISTIC;
        }
        if (recurrentActivation instanceof HardSigmoid hs) {
            return SigmoidGate.hard((float) hs.slope(), (float) hs.offset());
        }
        return null;
    }

    /** The gate math of one step for one sample: gate values, the new cell state and h. */
    private void cellStep(int u, float[] z, int r, float[] gates, float[] c, int hb, float[] ac, int acOff, float[] h) {
        cellRange(u, 0, u, z, r, gates, c, hb, ac, acOff, h);
    }

    /**
     * {@link #cellStep} for units {@code j0..j1-1} only (a unit range of a step split over threads):
     * reads and writes only those units' columns of each gate block, of c, h and ac.
     */
    void cellRange(int u, int j0, int j1, float[] z, int r, float[] gates, float[] c, int hb, float[] ac, int acOff,
            float[] h) {
        if (fusedGate != null) {
            K.lstmCell(fusedGate, u, j0, j1, z, r, gates, c, hb, ac, acOff, h, hb);
            return;
        }
        int n = j1 - j0;
        if (n == u) {
            recurrentActivation.forward(z, r, gates, r, 1, 2 * u); // i and f are adjacent: one call
        } else {
            recurrentActivation.forward(z, r + GATE_I * u + j0, gates, r + GATE_I * u + j0, 1, n);
            recurrentActivation.forward(z, r + GATE_F * u + j0, gates, r + GATE_F * u + j0, 1, n);
        }
        activation.forward(z, r + GATE_C * u + j0, gates, r + GATE_C * u + j0, 1, n);
        recurrentActivation.forward(z, r + GATE_O * u + j0, gates, r + GATE_O * u + j0, 1, n);
        for (int j = j0; j < j1; j++) {
            c[hb + j] = gates[r + GATE_F * u + j] * c[hb + j] + gates[r + GATE_I * u + j] * gates[r + GATE_C * u + j];
        }
        activation.forward(c, hb + j0, ac, acOff + j0, 1, n);
        for (int j = j0; j < j1; j++) {
            h[hb + j] = gates[r + GATE_O * u + j] * ac[acOff + j];
        }
    }

    @Override
    public int stateCount() {
        return 2;
    }

    @Override
    public int gateWidth(int units) {
        return LstmGate.width(units);
    }

    @Override
    long projectionFloats(RecurrentPlan p) {
        return projectsPerStep(p) ? (long) p.batch() * gateWidth(p.units()) : super.projectionFloats(p);
    }

    @Override
    public LstmTrace forward(RecurrentPlan p, float[] x, RecurrentWeights w, RecurrentInputs in, boolean training) {
        final int u = p.units();
        final int g = gateWidth(u);
        final int rows = p.batch() * p.steps();
        float[] xd = droppedInput(p, x, in.inputDropout());
        float[] z = projectionBuffer(rows * g, training);
        project(p, xd, 0, w.kernel(), w.bias(), 0, g, z);
        LstmTrace.Record rec = training ? new LstmTrace.Record(new float[rows * g], new float[rows * u],
                new float[rows * u], new float[rows * u], new float[rows * u]) : null;
        StepBuffers buf = StepBuffers.forward(p, z, in, initial(in, 0, p.batch() * u), initial(in, 1, p.batch() * u),
                new float[p.outputSize()]);
        overRanges(p, (b0, b1) -> {
            run(p, b0, b1, w, buf, new float[u], rec);
            return null;
        });
        return new LstmTrace(buf, training ? in : null, training ? xd : null, rec);
    }

    @Override
    void inferSlice(RecurrentPlan p, float[] x, int xOff, RecurrentWeights w, float[] out, int outOff, Workspace ws) {
        int u = p.units();
        float[] z = inferenceProjection(p, x, xOff, w.kernel(), w.bias(), gateWidth(u), ws);
        if (p.batch() == 1 && LstmUnitSplit.applies(u) && activation.isElementwise()
                && recurrentActivation.isElementwise()) {
            LstmUnitSplit.run(this, p, z, w.recurrentKernel(), ws, out, outOff);
            return;
        }
        run(p, 0, p.batch(), w, StepBuffers.inference(p, z, x, xOff, ws.zeros(1, p.batch() * u),
                ws.zeros(2, p.batch() * u), out, outOff), ws.floats(3, u), null);
    }

    /**
     * The recurrence over the projected inputs {@code buf.z} (all steps up front, or each step
     * projected from {@code buf.stepX} first, see {@code projectStep}). Per step: one recurrent GEMM,
     * then the gate math per sample; gate values are written over z at inference, to
     * {@code rec.gates} when training. {@code buf.h} and {@code buf.c} hold the initial states and
     * end as the final ones; {@code tmp} is {@code [u]} scratch. Only samples {@code b0..b1-1} are
     * computed (a range of the batch; ranges may run on several threads at once: they share the
     * arrays but touch disjoint rows).
     */
    private void run(RecurrentPlan p, int b0, int b1, RecurrentWeights w, StepBuffers buf, float[] tmp,
            LstmTrace.Record rec) {
        final int steps = p.steps();
        final int u = p.units();
        final int g = gateWidth(u);
        final float[] z = buf.z;
        final float[] h = buf.h;
        final float[] c = buf.c;
        final float[] out = buf.out;
        final int outOff = buf.outOff;
        final float[] mask = buf.mask;
        final float[] stepX = buf.stepX;
        final int xOff = buf.xOff;
        final float[] rdrop = buf.recurrentDropout;
        final float[] hpBuf = buf.droppedH;
        final boolean perStep = stepX != null;
        final int zStride = rowStride(p, g, perStep);
        float[] gates = rec != null ? rec.gates() : z;
        boolean zeroState = buf.zeroState;
        PackedB uSteps = packedForSteps(PACK_RECURRENT, b1 - b0, g, u, w.recurrentKernel());
        PackedB wSteps = perStep ? packedForSteps(PACK_INPUT, p.batch(), g, p.inputDim(), w.kernel()) : null;
        for (int s = 0; s < steps; s++) {
            int t = p.timeAt(s);
            projectStep(p, t, stepX, xOff, w.kernel(), wSteps, w.bias(), g, z);
            int zBase = rowBase(t, g, perStep);
            float[] hp = recurrentInput(h, rdrop, hpBuf, b0 * u, (b1 - b0) * u);
            if (!zeroState) {
                recurrentProduct(b1 - b0, g, u, hp, b0 * u, w.recurrentKernel(), uSteps, z, zBase + b0 * zStride,
                        zStride);
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
                    System.arraycopy(c, hb, rec.cellPrev(), ru, u);
                    System.arraycopy(hp, hb, rec.hiddenPrev(), ru, u);
                    cellStep(u, z, r, gates, c, hb, rec.actCell(), ru, h);
                    System.arraycopy(c, hb, rec.cell(), ru, u);
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
    public float[] backward(RecurrentPlan p, RecurrentTrace trace, RecurrentWeights w, float[] dOut,
            float[][] dFinal, RecurrentWeights dW, float[][] dInitial) {
        requireTraining(trace);
        LstmTrace tr = (LstmTrace) trace;
        final int batch = p.batch();
        final int steps = p.steps();
        final int u = p.units();
        final int g = gateWidth(u);
        final int rows = batch * steps;
        BackBuffers buf = BackBuffers.of(p, g, dOut, dFinal, true, dInitial != null);
        float[] dz = buf.dz();
        // Every step multiplies dZ by Uᵀ: U is transposed into GEMM panels once, not at every step.
        PackedB uT = K.packB(true, u, g, w.recurrentKernel(), 0, g);
        float[] finalDh = overRanges(p, (b0, b1) -> backThroughTime(p, b0, b1, tr, uT, buf));
        if (dW.recurrentKernel() != null) {
            K.gemm(true, false, u, g, rows, tr.hiddenPrev, 0, u, dz, 0, g, 1f, dW.recurrentKernel(), 0, g);
        }
        float[] dx = inputGradients(p, tr, w.kernel(), dz, g, dW.kernel(), dW.bias(), 0);
        if (dInitial != null) {
            dInitial[0] = finalDh;
            dInitial[1] = buf.dc();
        }
        return dx;
    }

    /**
     * The time loop of back-propagation for samples {@code b0..b1-1}: fills their rows of
     * {@code dz} and their part of the carried gradients (dh and dhp swap roles each step; the
     * array holding the gradient of the initial h is returned).
     */
    private float[] backThroughTime(RecurrentPlan p, int b0, int b1, LstmTrace tr, PackedB uT, BackBuffers buf) {
        final float[] dOut = buf.dOut();
        final float[] dz = buf.dz();
        final float[] dc = buf.dc();
        final boolean wantInitial = buf.wantInitial();
        float[] dh = buf.dh();
        float[] dhp = buf.dhp();
        final int steps = p.steps();
        final int u = p.units();
        final int g = gateWidth(u);
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
                K.gemm(b1 - b0, uT, dz, (b0 * steps + t) * g, steps * g, 0f, dhp, b0 * u, u);
                float[] next = previousHiddenGradient(p, t, mask, rdrop, dh, dhp, b0, b1);
                dhp = dh;
                dh = next;
            }
        }
        return dh;
    }
}
