package dev.engram.layers;

import dev.engram.activations.Activation;
import dev.engram.internal.conv.ConvGemm;
import dev.engram.internal.conv.Conv2dPlan;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * The time loop of one {@link ConvLstm2D} call on channels-last buffers: the input convolution of
 * every step at once, then per step the recurrent convolution and the gate math (the equations on
 * {@link ConvLstm2D}); in training it keeps each step's gates and states, and {@link #backward}
 * runs back-propagation through time. Dropout masks (per gate, per call) and the time-step mask
 * are applied here. Inference reuses one set of step buffers.
 */
final class ConvLstm2DSteps {
    final int batch;
    final int steps;
    final int pixels;
    private final int filters;
    final Conv2dPlan inPlan;
    private final Conv2dPlan recPlan;
    private final float[] x;
    private final float[] mask;
    private final boolean goBackwards;
    private final boolean returnSequences;
    private final Activation act;
    private final Activation rec;
    private final List<float[][]> trace = new ArrayList<>();
    /** Per gate, the dropout mask of one step's input {@code [batch, rows, cols, channels]}, or null. */
    private float[][] inMasks;
    /** Per gate, the dropout mask of h {@code [batch, outRows, outCols, filters]}, or null. */
    private float[][] recMasks;
    /** The input convolution's input: x, or per gate x ⊙ its dropout mask. */
    private float[][] maskedX;
    /** The state: set to the initial state before {@link #forward}, the final state after. */
    float[] h;
    float[] c;
    /** Every step's h {@code [batch, steps, outRows, outCols, filters]} with returnSequences, else null. */
    float[] out;
    /** After {@link #backward}: the gradients of the initial h and c. */
    float[] dh0;
    float[] dc0;

    ConvLstm2DSteps(ConvLstm2DConfig config, Conv2dPlan inPlan, Conv2dPlan recPlan, int batch, int steps, float[] x,
            float[] mask) {
        this.filters = config.filters();
        this.inPlan = inPlan;
        this.recPlan = recPlan;
        this.batch = batch;
        this.steps = steps;
        this.pixels = inPlan.pixels();
        this.x = x;
        this.mask = mask;
        this.goBackwards = config.goBackwards();
        this.returnSequences = config.returnSequences();
        this.act = config.activation();
        this.rec = config.recurrentActivation();
    }

    /** Floats of one state {@code [batch, outRows, outCols, filters]}. */
    int stateSize() {
        return batch * pixels * filters;
    }

    /** Draws the four input masks, then the four recurrent masks (TF.js's order), for the rates that are set. */
    void drawMasks(RandomGenerator random, double dropout, double recurrentDropout) {
        if (dropout > 0) {
            inMasks = new float[4][];
            for (int k = 0; k < 4; k++) {
                inMasks[k] = RecurrentLayer.dropoutMask(random, batch * inPlan.sampleSize(), dropout);
            }
        }
        if (recurrentDropout > 0) {
            recMasks = new float[4][];
            for (int k = 0; k < 4; k++) {
                recMasks[k] = RecurrentLayer.dropoutMask(random, stateSize(), recurrentDropout);
            }
        }
    }

    /**
     * Runs every step from the state in {@link #h}, {@link #c}; leaves the final state there and the
     * sequence in {@link #out}. With {@code keep} each step's values are kept for {@link #backward}.
     */
    void forward(float[] kernel, float[] recurrentKernel, float[] bias, boolean keep) {
        int f = filters;
        int g = 4 * f;
        int n = batch * pixels;
        float[] zx = new float[Math.multiplyExact(batch * steps * pixels, g)];
        maskedX = new float[][] {x};
        if (inMasks != null) {
            maskedX = new float[4][];
            for (int k = 0; k < 4; k++) {
                maskedX[k] = times(x, inMasks[k], steps, inPlan.sampleSize());
            }
        }
        gateConv(inPlan, maskedX, kernel, bias, f, zx);
        out = returnSequences ? new float[Math.multiplyExact(steps, stateSize())] : null;
        // Inference reuses one set of step buffers (h and c alternate between two); training keeps every step's.
        float[] z = new float[n * g];
        float[][] pre = new float[4][n * f];
        float[][] post = new float[4][n * f];
        float[] tc = new float[n * f];
        float[][] hc = {new float[n * f], new float[n * f], new float[n * f], new float[n * f]};
        for (int s = 0; s < steps; s++) {
            int t = goBackwards ? steps - 1 - s : s;
            if (keep && s > 0) {
                z = new float[n * g];
                pre = new float[4][n * f];
                post = new float[4][n * f];
                tc = new float[n * f];
            }
            float[][] hIn = recurrentInputs();
            gateConv(recPlan, hIn, recurrentKernel, null, f, z);
            for (int b = 0; b < batch; b++) {
                int zxRow = (b * steps + t) * pixels;
                for (int p = 0; p < pixels; p++) {
                    int row = b * pixels + p;
                    for (int k = 0; k < 4; k++) {
                        int src = row * g + k * f;
                        int xs = (zxRow + p) * g + k * f;
                        for (int j = 0; j < f; j++) {
                            pre[k][row * f + j] = z[src + j] + zx[xs + j];
                        }
                    }
                }
            }
            for (int k = 0; k < 4; k++) {
                (k == 2 ? act : rec).forward(pre[k], 0, post[k], 0, 1, n * f);
            }
            float[] cNew = keep ? new float[n * f] : hc[2 * (s % 2) + 1];
            float[] hNew = keep ? new float[n * f] : hc[2 * (s % 2)];
            for (int i = 0; i < cNew.length; i++) {
                cNew[i] = post[1][i] * c[i] + post[0][i] * post[2][i];
            }
            act.forward(cNew, 0, tc, 0, 1, n * f);
            for (int i = 0; i < hNew.length; i++) {
                hNew[i] = post[3][i] * tc[i];
            }
            if (mask != null) {
                int per = pixels * f;
                for (int b = 0; b < batch; b++) {
                    if (mask[b * steps + t] == 0f) {
                        System.arraycopy(h, b * per, hNew, b * per, per);
                        System.arraycopy(c, b * per, cNew, b * per, per);
                    }
                }
            }
            if (keep) {
                float[][] entry = {h, c, pre[0], pre[1], pre[2], pre[3], post[0], post[1], post[2], post[3],
                    cNew, tc, null, null, null, null};
                System.arraycopy(hIn, 0, entry, 12, hIn.length);
                trace.add(entry);
            }
            h = hNew;
            c = cNew;
            if (out != null) {
                int per = pixels * f;
                for (int b = 0; b < batch; b++) {
                    System.arraycopy(hNew, b * per, out, (b * steps + s) * per, per);
                }
            }
        }
    }

    /** The recurrent convolution's input: h, or per gate h ⊙ its recurrent dropout mask. */
    private float[][] recurrentInputs() {
        if (recMasks == null) {
            return new float[][] {h};
        }
        float[][] out = new float[4][];
        for (int k = 0; k < 4; k++) {
            out[k] = times(h, recMasks[k], 1, h.length / batch);
        }
        return out;
    }

    /**
     * Back-propagates through time: accumulates the three weight gradients and returns the input
     * gradient (channels-last, like the input); {@link #dh0} and {@link #dc0} receive the initial
     * states' gradients. Any of the output gradients may be null.
     */
    float[] backward(float[] kernel, float[] recurrentKernel, float[] dOut, float[] dhFinal, float[] dcFinal,
            float[] dKernel, float[] dRecurrentKernel, float[] dBias) {
        int f = filters;
        int g = 4 * f;
        int n = batch * pixels;
        int per = pixels * f;
        float[] dh = new float[n * f];
        float[] dc = new float[n * f];
        if (dhFinal != null) {
            add(dh, dhFinal);
        }
        if (dcFinal != null) {
            add(dc, dcFinal);
        }
        if (dOut != null && !returnSequences) {
            add(dh, dOut);
        }
        float[] dzx = new float[Math.multiplyExact(batch * steps * pixels, g)];
        for (int s = steps - 1; s >= 0; s--) {
            int t = goBackwards ? steps - 1 - s : s;
            if (dOut != null && returnSequences) {
                for (int b = 0; b < batch; b++) {
                    int o = (b * steps + s) * per;
                    for (int i = 0; i < per; i++) {
                        dh[b * per + i] += dOut[o + i];
                    }
                }
            }
            float[][] st = trace.get(s);
            float[] cPrev = st[1];
            float[] ai = st[6];
            float[] af = st[7];
            float[] ag = st[8];
            float[] ao = st[9];
            float[] cNew = st[10];
            float[] tc = st[11];
            float[] dtc = new float[n * f];
            float[] dPost = new float[4 * n * f];
            for (int i = 0; i < n * f; i++) {
                dtc[i] = dh[i] * ao[i];
                dPost[3 * n * f + i] = dh[i] * tc[i];
            }
            float[] dcT = new float[n * f];
            act.backward(cNew, 0, tc, 0, dtc, 0, dcT, 0, 1, n * f);
            float[] dcPrev = new float[n * f];
            for (int i = 0; i < n * f; i++) {
                float d = dcT[i] + dc[i];
                dPost[i] = d * ag[i];
                dPost[n * f + i] = d * cPrev[i];
                dPost[2 * n * f + i] = d * ai[i];
                dcPrev[i] = d * af[i];
            }
            float[] dz = new float[n * g];
            float[] dPre = new float[n * f];
            for (int k = 0; k < 4; k++) {
                (k == 2 ? act : rec).backward(st[2 + k], 0, st[6 + k], 0, dPost, k * n * f, dPre, 0, 1, n * f);
                for (int row = 0; row < n; row++) {
                    System.arraycopy(dPre, row * f, dz, row * g + k * f, f);
                }
            }
            boolean[] masked = new boolean[batch];
            for (int b = 0; b < batch; b++) {
                masked[b] = mask != null && mask[b * steps + t] == 0f;
                if (masked[b]) {
                    // The step kept the state: its gradient passes through unchanged, the gates get none.
                    Arrays.fill(dz, b * pixels * g, (b + 1) * pixels * g, 0f);
                    System.arraycopy(dc, b * per, dcPrev, b * per, per);
                }
                System.arraycopy(dz, b * pixels * g, dzx, (b * steps + t) * pixels * g, pixels * g);
            }
            float[][] hIn = recMasks == null ? new float[][] {st[0]} : Arrays.copyOfRange(st, 12, 16);
            float[][] dhIn = gateConvBackward(recPlan, hIn, recurrentKernel, dz, f, dRecurrentKernel,
                    null);
            float[] dhPrev = dhIn[0];
            if (recMasks != null) {
                dhPrev = new float[n * f];
                for (int k = 0; k < 4; k++) {
                    for (int i = 0; i < dhPrev.length; i++) {
                        dhPrev[i] += dhIn[k][i] * recMasks[k][i];
                    }
                }
            }
            for (int b = 0; b < batch; b++) {
                if (masked[b]) {
                    System.arraycopy(dh, b * per, dhPrev, b * per, per);
                }
            }
            dh = dhPrev;
            dc = dcPrev;
        }
        float[][] dxIn = gateConvBackward(inPlan, maskedX, kernel, dzx, f, dKernel,
                dBias);
        float[] dx = dxIn[0];
        if (inMasks != null) {
            dx = new float[x.length];
            for (int k = 0; k < 4; k++) {
                float[] m = inMasks[k];
                int size = inPlan.sampleSize();
                for (int i = 0; i < dx.length; i++) {
                    dx[i] += dxIn[k][i] * m[maskIndex(i, steps, size)];
                }
            }
        }
        dh0 = dh;
        dc0 = dc;
        return dx;
    }

    /** Gate k's columns {@code [rows, f]} of a {@code [rows, 4f]} matrix. */
    private static float[] gateColumns(float[] m, int rows, int f, int k) {
        float[] out = new float[rows * f];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(m, r * 4 * f + k * f, out, r * f, f);
        }
        return out;
    }

    /** Adds {@code [rows, f]} into gate k's columns of a {@code [rows, 4f]} matrix. */
    private static void addGateColumns(float[] part, float[] m, int rows, int f, int k) {
        for (int r = 0; r < rows; r++) {
            int o = r * 4 * f + k * f;
            for (int j = 0; j < f; j++) {
                m[o + j] += part[r * f + j];
            }
        }
    }

    /**
     * {@code v ⊙ mask} for {@code v} of {@code [batch, steps, size]} and a per-sample {@code mask
     * [batch, size]} that every step of the sample shares.
     */
    private static float[] times(float[] v, float[] mask, int steps, int size) {
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i] * mask[maskIndex(i, steps, size)];
        }
        return out;
    }

    /** The mask element of value {@code i} of a {@code [batch, steps, size]} buffer. */
    private static int maskIndex(int i, int steps, int size) {
        return i / (steps * size) * size + i % size;
    }

    /**
     * A convolution with per-gate inputs: {@code z[:, gate k] = conv(inputs[k], kernel[:, gate k]) (+ bias_k)}.
     * With a single input for all gates this is one fused convolution.
     */
    private static void gateConv(Conv2dPlan p, float[][] inputs, float[] kernel, float[] bias, int f, float[] z) {
        if (inputs.length == 1) {
            ConvGemm.forward(p, inputs[0], kernel, bias, 4 * f, z);
            return;
        }
        for (int k = 0; k < 4; k++) {
            float[] zk = new float[p.rows() * f];
            float[] bk = bias == null ? null : Arrays.copyOfRange(bias, k * f, (k + 1) * f);
            ConvGemm.forward(p, inputs[k], gateColumns(kernel, p.cols(), f, k), bk, f, zk);
            addGateColumns(zk, z, p.rows(), f, k);
        }
    }

    /**
     * Back-propagates {@link #gateConv}: accumulates the kernel (and bias) gradients and returns the
     * gradient of each gate's input (one array for the fused form).
     */
    private static float[][] gateConvBackward(Conv2dPlan p, float[][] inputs, float[] kernel, float[] dz, int f,
            float[] dKernel, float[] dBias) {
        if (inputs.length == 1) {
            return new float[][] {ConvGemm.backward(p, inputs[0], kernel, dz, 4 * f, dKernel, dBias)};
        }
        float[][] dIn = new float[4][];
        for (int k = 0; k < 4; k++) {
            float[] dk = new float[p.cols() * f];
            float[] db = dBias == null ? null : new float[f];
            dIn[k] = ConvGemm.backward(p, inputs[k], gateColumns(kernel, p.cols(), f, k),
                    gateColumns(dz, p.rows(), f, k), f, dk, db);
            addGateColumns(dk, dKernel, p.cols(), f, k);
            if (db != null) {
                for (int j = 0; j < f; j++) {
                    dBias[k * f + j] += db[j];
                }
            }
        }
        return dIn;
    }

    private static void add(float[] into, float[] v) {
        for (int i = 0; i < into.length; i++) {
            into[i] += v[i];
        }
    }
}
