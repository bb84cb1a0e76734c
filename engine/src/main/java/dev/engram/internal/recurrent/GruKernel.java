package dev.engram.internal.recurrent;

import dev.engram.activations.Activation;
import dev.engram.internal.kernels.PackedB;
import dev.engram.internal.kernels.Workspace;
import dev.engram.layers.recurrent.GruGate;

/**
 * The fused GRU (Cho et al., 2014) with the Keras/TF.js layout: kernel {@code [F, 3u]}, recurrent
 * kernel {@code [u, 3u]}, column blocks z (update), r (reset), h (candidate) as {@link GruGate}. Two cells:
 *
 * <pre>
 * resetAfter = false (TF.js, Keras 1/2 default), bias [3u]:
 *   z = σr(x·Kz + h·Rz + bz)   r = σr(x·Kr + h·Rr + br)   h̃ = act(x·Kh + (r⊙h)·Rh + bh)
 * resetAfter = true (Keras 2.3+/3 default, PyTorch/ONNX linear_before_reset), bias [2, 3u] = input, recurrent:
 *   a = h·R + b_rec   z = σr(x·Kz + bz_in + a_z)   r = σr(x·Kr + br_in + a_r)   h̃ = act(x·Kh + bh_in + r⊙a_h)
 * both: h' = z⊙h + (1−z)⊙h̃
 * </pre>
 *
 * One GEMM projects all steps' inputs; per step one (resetAfter) or two (z,r then the candidate)
 * recurrent GEMMs; BPTT forms {@code dW}, {@code dU}, {@code dX} with single GEMMs at the end.
 * TF.js parity: with recurrent dropout the dropped h is used everywhere in the step, including the
 * carry {@code z⊙h} (tfjs-layers GRUCell reassigns {@code hTMinus1}; Keras implementation 2 does the same).
 */
public final class GruKernel extends RecurrentKernel {
    private final Activation activation;
    private final Activation recurrentActivation;
    private final boolean resetAfter;

    /** A kernel with the candidate activation, the gate activation and the cell variant. */
    public GruKernel(Activation activation, Activation recurrentActivation, boolean resetAfter) {
        this.activation = activation;
        this.recurrentActivation = recurrentActivation;
        this.resetAfter = resetAfter;
    }

    /** True for the resetAfter cell (bias rows input, recurrent). */
    boolean resetAfter() {
        return resetAfter;
    }

    @Override
    public int stateCount() {
        return 1;
    }

    @Override
    public int gateWidth(int units) {
        return GruGate.width(units);
    }

    @Override
    long projectionFloats(RecurrentPlan p) {
        return projectsPerStep(p) ? (long) p.batch() * gateWidth(p.units()) : super.projectionFloats(p);
    }

    @Override
    public RecurrentTrace forward(RecurrentPlan p, float[] x, RecurrentWeights w, RecurrentInputs in,
            boolean training) {
        final int batch = p.batch();
        final int u = p.units();
        final int g = gateWidth(u);
        final int rows = batch * p.steps();
        float[] xd = droppedInput(p, x, in.inputDropout());
        float[] z = projectionBuffer(rows * g, training);
        project(p, xd, 0, w.kernel(), w.bias(), 0, g, z);
        GruTrace.Record rec = training ? new GruTrace.Record(new float[rows * g], new float[rows * u],
                resetAfter ? null : new float[rows * u], resetAfter ? new float[rows * u] : null) : null;
        StepBuffers buf = StepBuffers.forward(p, z, in, initial(in, 0, batch * u), null, new float[p.outputSize()]);
        float[] rhStep = new float[batch * u];
        float[] aStep = resetAfter ? new float[batch * g] : null;
        // Samples are independent along time: each range runs its own per-step GEMMs and gate math.
        overRanges(p, (b0, b1) -> {
            run(p, b0, b1, w, buf, rhStep, aStep, rec);
            return null;
        });
        return new GruTrace(buf, training ? in : null, training ? xd : null, rec);
    }

    @Override
    void inferSlice(RecurrentPlan p, float[] x, int xOff, RecurrentWeights w, float[] out, int outOff, Workspace ws) {
        int u = p.units();
        int g = gateWidth(u);
        float[] z = inferenceProjection(p, x, xOff, w.kernel(), w.bias(), g, ws);
        run(p, 0, p.batch(), w, StepBuffers.inference(p, z, x, xOff, ws.zeros(1, p.batch() * u), null, out, outOff),
                ws.floats(2, p.batch() * u), resetAfter ? ws.floats(3, p.batch() * g) : null, null);
    }

    /**
     * The recurrence over the projected inputs {@code buf.z} (gate values written over z at
     * inference, to {@code rec.gates} when training): all steps up front, or each step projected
     * from {@code buf.stepX} first (see {@code projectStep}). With resetAfter the bias holds two
     * rows, input then recurrent; {@code rhStep} and {@code aStep} are per-step buffers
     * ({@code [B, u]}, {@code [B, 3u]}). Only samples {@code b0..b1-1} are computed; ranges may run
     * on several threads at once (shared arrays, disjoint rows).
     */
    private void run(RecurrentPlan p, int b0, int b1, RecurrentWeights w, StepBuffers buf, float[] rhStep,
            float[] aStep, GruTrace.Record rec) {
        final int steps = p.steps();
        final int u = p.units();
        final int g = gateWidth(u);
        final int n = b1 - b0;
        final float[] z = buf.z;
        final float[] h = buf.h;
        final float[] out = buf.out;
        final int outOff = buf.outOff;
        final float[] mask = buf.mask;
        final float[] stepX = buf.stepX;
        final int xOff = buf.xOff;
        final float[] rdrop = buf.recurrentDropout;
        final float[] hpBuf = buf.droppedH;
        final float[] recurrent = w.recurrentKernel();
        final boolean perStep = stepX != null;
        final int zStride = rowStride(p, g, perStep);
        final float[] recBias = resetAfter ? w.bias() : null; // second bias row, at offset g
        float[] gates = rec != null ? rec.gates() : z;
        boolean zeroState = buf.zeroState;
        // The recurrent kernel's column blocks packed once for all steps (see packedForSteps): all of
        // it after reset (reset_after), else z and r together and h apart; the input kernel with the
        // slot left over.
        PackedB uFirst = K.packBForSteps(PACK_RECURRENT, n, resetAfter ? g : 2 * u, u, recurrent, 0, g);
        PackedB uCandidate = resetAfter ? null : K.packBForSteps(PACK_INPUT, n, u, u, recurrent, 2 * u, g);
        PackedB wSteps = perStep && resetAfter ? packedForSteps(PACK_INPUT, p.batch(), g, p.inputDim(), w.kernel())
                : null;
        for (int s = 0; s < steps; s++) {
            int t = p.timeAt(s);
            projectStep(p, t, stepX, xOff, w.kernel(), wSteps, w.bias(), g, z);
            int zBase = rowBase(t, g, perStep);
            int zRows = zBase + b0 * zStride;
            float[] hp = recurrentInput(h, rdrop, hpBuf, b0 * u, n * u);
            if (resetAfter) {
                if (recBias != null) {
                    K.broadcastRows(recBias, g, n, g, aStep, b0 * g, g);
                }
                float beta = recBias != null ? 1f : 0f;
                if (!zeroState && uFirst != null) {
                    K.gemm(n, uFirst, hp, b0 * u, u, beta, aStep, b0 * g, g);
                } else if (!zeroState) {
                    K.gemm(false, false, n, g, u, hp, b0 * u, u, recurrent, 0, g, beta, aStep, b0 * g, g);
                } else if (recBias == null) {
                    java.util.Arrays.fill(aStep, b0 * g, b1 * g, 0f);
                }
            } else if (!zeroState) {
                recurrentProduct(n, 2 * u, u, hp, b0 * u, recurrent, uFirst, g, z, zRows, zStride);
            }
            for (int b = b0; b < b1; b++) {
                if (masked(mask, p, b, t)) {
                    continue;
                }
                int r = zBase + b * zStride; // up front: (b*T + t) * G, as the records
                if (resetAfter) {
                    K.axpy(2 * u, 1f, aStep, b * g, z, r);
                }
                recurrentActivation.forward(z, r, gates, r, 1, 2 * u);
                if (resetAfter) {
                    for (int j = 0; j < u; j++) {
                        z[r + 2 * u + j] += gates[r + u + j] * aStep[b * g + 2 * u + j];
                    }
                } else {
                    K.mul(u, gates, r + u, hp, b * u, rhStep, b * u);
                }
            }
            if (!resetAfter && !zeroState) {
                if (uCandidate != null) {
                    K.gemm(n, uCandidate, rhStep, b0 * u, u, 1f, z, zRows + 2 * u, zStride);
                } else {
                    K.gemm(false, false, n, u, u, rhStep, b0 * u, u, recurrent, 2 * u, g, 1f, z, zRows + 2 * u,
                            zStride);
                }
            }
            for (int b = b0; b < b1; b++) {
                int hb = b * u;
                if (masked(mask, p, b, t)) {
                    // TF.js/Keras parity: a masked step repeats the previous output and state
                    emit(p, h, b, s, out, outOff);
                    continue;
                }
                int r = zBase + b * zStride;
                int ru = (b * steps + t) * u;
                activation.forward(z, r + 2 * u, gates, r + 2 * u, 1, u);
                if (rec != null) {
                    System.arraycopy(hp, hb, rec.hiddenPrev(), ru, u);
                    if (resetAfter) {
                        System.arraycopy(aStep, b * g + 2 * u, rec.recurrentCandidate(), ru, u);
                    } else {
                        System.arraycopy(rhStep, hb, rec.resetHidden(), ru, u);
                    }
                }
                for (int j = 0; j < u; j++) {
                    float zj = gates[r + j];
                    h[hb + j] = zj * hp[hb + j] + (1f - zj) * gates[r + 2 * u + j];
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
        GruTrace tr = (GruTrace) trace;
        final int batch = p.batch();
        final int steps = p.steps();
        final int u = p.units();
        final int g = gateWidth(u);
        final int rows = batch * steps;
        BackBuffers buf = BackBuffers.of(p, g, dOut, dFinal, false, dInitial != null);
        float[] dz = buf.dz();                                  // input side: x·K (+ input bias)
        float[] da = resetAfter ? new float[rows * g] : null;   // recurrent side h·R + b_rec (resetAfter)
        float[] dRh = resetAfter ? null : new float[batch * u];
        float[] dzGate = new float[batch * u];
        // The recurrent products of every step read blocks of Rᵀ: transposed into GEMM panels once.
        float[] rec = w.recurrentKernel();
        PackedB whole = resetAfter ? K.packB(true, u, g, rec, 0, g) : null;
        PackedB zr = resetAfter ? null : K.packB(true, u, 2 * u, rec, 0, g);
        PackedB rh = resetAfter ? null : K.packB(true, u, u, rec, 2 * u, g);
        float[] finalDh = overRanges(p, (b0, b1) -> backThroughTime(p, b0, b1, tr, new PackedB[] {whole, zr, rh},
                buf, da, dRh, dzGate));
        float[] dRecurrent = dW.recurrentKernel();
        if (dRecurrent != null) {
            if (resetAfter) {
                K.gemm(true, false, u, g, rows, tr.hiddenPrev, 0, u, da, 0, g, 1f, dRecurrent, 0, g);
            } else {
                K.gemm(true, false, u, 2 * u, rows, tr.hiddenPrev, 0, u, dz, 0, g, 1f, dRecurrent, 0, g);
                K.gemm(true, false, u, u, rows, tr.resetHidden, 0, u, dz, 2 * u, g, 1f, dRecurrent, 2 * u, g);
            }
        }
        float[] dBias = dW.bias();
        if (resetAfter && dBias != null) {
            K.addColumnSums(da, 0, rows, g, g, dBias, g);
        }
        float[] dx = inputGradients(p, tr, w.kernel(), dz, g, dW.kernel(), dBias, 0);
        if (dInitial != null) {
            dInitial[0] = finalDh;
        }
        return dx;
    }

    /**
     * The time loop of back-propagation for samples {@code b0..b1-1}: fills their rows of
     * {@code dz} (and {@code da}) and their part of the carried gradients (dh and dhp swap roles
     * each step; the array holding the gradient of the initial h is returned).
     */
    private float[] backThroughTime(RecurrentPlan p, int b0, int b1, GruTrace tr, PackedB[] rT, BackBuffers buf,
            float[] da, float[] dRh, float[] dzGate) {
        final float[] dOut = buf.dOut();
        final float[] dz = buf.dz();
        final boolean wantInitial = buf.wantInitial();
        float[] dh = buf.dh();
        float[] dhp = buf.dhp();
        final int steps = p.steps();
        final int u = p.units();
        final int g = gateWidth(u);
        final int ld = steps * g;
        final int n = b1 - b0;
        final float[] mask = tr.inputs.mask();
        final float[] rdrop = tr.inputs.recurrentDropout();
        final float[] gates = tr.gates;
        final float[] pre = tr.preGates;
        float[] dhh = new float[u];
        for (int s = steps - 1; s >= 0; s--) {
            int t = p.timeAt(s);
            for (int b = b0; b < b1; b++) {
                int hb = b * u;
                addOutputGradient(p, dOut, s, b, dh);
                if (masked(mask, p, b, t)) {
                    java.util.Arrays.fill(dhp, hb, hb + u, 0f);
                    continue;
                }
                int r = (b * steps + t) * g;
                int ru = (b * steps + t) * u;
                for (int j = 0; j < u; j++) {
                    float zj = gates[r + j];
                    float d = dh[hb + j];
                    dzGate[hb + j] = d * (tr.hiddenPrev[ru + j] - gates[r + 2 * u + j]);
                    dhh[j] = d * (1f - zj);
                    dhp[hb + j] = d * zj;
                }
                activation.backward(pre, r + 2 * u, gates, r + 2 * u, dhh, 0, dz, r + 2 * u, 1, u);
                if (resetAfter) {
                    // h̃ pre = x·Kh + b + r ⊙ a_h
                    float[] dr = dhh; // reuse: dhh is consumed
                    for (int j = 0; j < u; j++) {
                        float dzh = dz[r + 2 * u + j];
                        da[r + 2 * u + j] = dzh * gates[r + u + j];
                        dr[j] = dzh * tr.recurrentCandidate[ru + j];
                    }
                    recurrentActivation.backward(pre, r, gates, r, dzGate, hb, dz, r, 1, u);
                    recurrentActivation.backward(pre, r + u, gates, r + u, dr, 0, dz, r + u, 1, u);
                    System.arraycopy(dz, r, da, r, 2 * u);
                }
            }
            int rows0 = (b0 * steps + t) * g;
            if (!resetAfter) {
                // (r ⊙ hp)·Rh: gradient to r ⊙ hp, then to r and hp.
                K.gemm(n, rT[2], dz, rows0 + 2 * u, ld, 0f, dRh, b0 * u, u);
                for (int b = b0; b < b1; b++) {
                    if (masked(mask, p, b, t)) {
                        continue;
                    }
                    int hb = b * u;
                    int r = (b * steps + t) * g;
                    int ru = (b * steps + t) * u;
                    for (int j = 0; j < u; j++) {
                        dhp[hb + j] += dRh[hb + j] * gates[r + u + j];
                        dRh[hb + j] *= tr.hiddenPrev[ru + j]; // now d r
                    }
                    recurrentActivation.backward(pre, r, gates, r, dzGate, hb, dz, r, 1, u);
                    recurrentActivation.backward(pre, r + u, gates, r + u, dRh, hb, dz, r + u, 1, u);
                }
            }
            if (s > 0 || wantInitial) {
                if (resetAfter) {
                    K.gemm(n, rT[0], da, rows0, ld, 1f, dhp, b0 * u, u);
                } else {
                    K.gemm(n, rT[1], dz, rows0, ld, 1f, dhp, b0 * u, u);
                }
                float[] next = previousHiddenGradient(p, t, mask, rdrop, dh, dhp, b0, b1);
                dhp = dh;
                dh = next;
            }
        }
        return dh;
    }
}
