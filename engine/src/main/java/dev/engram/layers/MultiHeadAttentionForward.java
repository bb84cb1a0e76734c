package dev.engram.layers;

import dev.engram.internal.attention.AttentionKernels;
import dev.engram.internal.kernels.Kernels;
import dev.engram.internal.kernels.Workspace;

/**
 * The forward computation of one {@link MultiHeadAttention} call, one sample at a time: the sample's
 * three input projections, then per head the scores, masked softmax and weighted sum, then the sample's
 * output projection, back to back while the sample's rows (32 KiB per projected tensor in the benchmark
 * model) are in the core's cache.
 *
 * <p>Why per sample: the first version ran each projection as one GEMM over the whole batch and then one
 * task per (sample, head), five parallel sections per call, each streaming megabyte arrays through the
 * cache and ending with a wait for the slower thread; it scaled 1.15x from one thread to two. Here a
 * batch is one parallel section with one task per sample, so the two cores meet once per call. A single
 * sample (no batch to split) projects on the calling thread and splits its heads instead. Either way
 * each sample's products are the same attention-kernel calls with the same operands, so the numbers do
 * not depend on the thread count or on which path ran.
 *
 * <p>Buffers: with {@code keep} (training, or scores returned) the projections, planes and heads are
 * whole-batch arrays kept for the backward pass, in the layouts of {@link MultiHeadAttention}'s pass;
 * without it each task takes one sample's worth from its own thread's {@link Workspace}, so inference
 * allocates only the output.
 */
final class MultiHeadAttentionForward {
    private static final Kernels K = Kernels.get();
    private static final AttentionKernels AK = AttentionKernels.get();
    /** Workspace slots of the inference path (slot 0 is the recurrent kernels'). */
    private static final int SLOT_Q = 1;
    private static final int SLOT_K = 2;
    private static final int SLOT_V = 3;
    private static final int SLOT_HEADS = 4;
    private static final int SLOT_PLANE = 5;
    private static final int SLOT_K_ROWS = 6;
    private static final int SLOT_QKV_WEIGHTS = 7;
    /** Rows of K transposed per block: their 16 x N * keyDim floats stay in L1 while each column is written. */
    private static final int TRANSPOSE_ROWS = 16;
    // Keras parity: the padding adder of Softmax(mask) for float32.
    private static final float MASK_ADDER = -1e9f;

    /** Inputs, weights (biases may be null) and sizes of the call. */
    record Operands(float[] query, float[] key, float[] value, int dq, int dk, int dv,
            float[] wq, float[] bq, float[] wk, float[] bk, float[] wv, float[] bv, float[] wo, float[] bo,
            int heads, int keyDim, int valueDim, int dOut) {
    }

    private final Operands o;
    private final int batch;
    private final int tq;
    private final int tv;
    private final int plane;
    private final float scale;
    private final float[] allowed;
    private final boolean postMask;
    /** tf-keras's softmax over several attention axes: a fully masked position's weights are not normalized. */
    private final boolean unnormalizedMasked;
    private final float[] dropMask;
    /** {@code [Wq | Wk | Wv]} for inference self-attention, else null ({@link #fusedWeights}). */
    private final float[] wqkv;
    /** Kept arrays (null without keep): see {@link MultiHeadAttention}'s pass record. */
    final float[] q;
    final float[] kt;
    final float[] v;
    final float[] heads;
    final float[] probs;
    final float[] scores;
    final float[] weights;
    final float[] out;

    /**
     * Sets up one call.
     *
     * @param o        inputs and weights
     * @param batch    samples
     * @param tq       query steps
     * @param tv       key/value steps
     * @param allowed  the combined mask {@code [batch, Tq, Tv]} (1 = may attend), or null
     * @param postMask whether the weights are multiplied by the mask after the softmax (Keras 3)
     * @param unnormalizedMasked whether a fully masked position's weights are {@code exp(s - logsumexp(s))} of its
     *                 -1e9-swamped scores, as tf-keras's softmax over several axes computes them: in float32 the
     *                 log-sum-exp rounds to the maximum, so the weights are the softmax divided by its maximum
     *                 (each 1 when the scores round alike)
     * @param dropMask the inverted-dropout factors of the weights {@code [batch, N, Tq, Tv]}, or null
     * @param keep     whether to keep every intermediate in whole-batch arrays
     */
    MultiHeadAttentionForward(Operands o, int batch, int tq, int tv, float[] allowed, boolean postMask,
            boolean unnormalizedMasked, float[] dropMask, boolean keep) {
        this.o = o;
        this.batch = batch;
        this.tq = tq;
        this.tv = tv;
        this.plane = tq * tv;
        this.scale = (float) (1.0 / Math.sqrt(o.keyDim()));
        this.allowed = allowed;
        this.postMask = postMask;
        this.unnormalizedMasked = unnormalizedMasked && allowed != null;
        this.dropMask = dropMask;
        int n = o.heads();
        this.q = keep ? new float[batch * tq * n * o.keyDim()] : null;
        this.kt = keep ? new float[n * o.keyDim() * batch * tv] : null;
        this.v = keep ? new float[batch * tv * n * o.valueDim()] : null;
        this.heads = keep ? new float[batch * tq * n * o.valueDim()] : null;
        this.probs = keep ? new float[batch * n * plane] : null;
        this.scores = keep && postMask ? new float[probs.length] : probs;
        this.weights = dropMask != null ? new float[probs.length] : scores;
        this.out = new float[batch * tq * o.dOut()];
        this.wqkv = fusedWeights(keep);
    }

    /**
     * Where one sample's projections and heads live: whole-batch arrays, or one thread's scratch. Q and V
     * rows are {@code ldq} and {@code ldv} apart (wider than a head row set when they share the fused
     * self-attention projection's rows).
     */
    private record SampleBuffers(float[] q, int qOff, int ldq, float[] kt, int ktOff, int ldk, float[] v, int vOff,
            int ldv, float[] heads, int hOff) {
    }

    /** Runs the call and returns the output {@code [batch * Tq, dOut]}. */
    float[] run() {
        if (batch > 1 || o.heads() == 1) {
            K.parallelFor(batch, b -> {
                SampleBuffers s = project(b);
                for (int h = 0; h < o.heads(); h++) {
                    head(b, h, s);
                }
                outputProjection(b, s);
            });
        } else {
            SampleBuffers s = project(0);
            K.parallelFor(o.heads(), h -> head(0, h, s));
            outputProjection(0, s);
        }
        return out;
    }

    /**
     * {@code [Wq | Wk | Wv]} ({@code [d, 2 * N * keyDim + N * valueDim]}) in the calling thread's workspace
     * for inference self-attention (query, key and value one array), else null. Copied per call (48K floats
     * in the benchmark model, against 10 MFLOP per sample): parameters change in place under training.
     */
    private float[] fusedWeights(boolean keep) {
        boolean self = !keep && o.query() == o.value() && o.key() == o.value() && tq == tv && o.dq() == o.dv()
                && o.dk() == o.dv();
        if (!self) {
            return null;
        }
        int nq = o.heads() * o.keyDim();
        int nv = o.heads() * o.valueDim();
        int w = 2 * nq + nv;
        float[] f = Workspace.forCurrentThread().floats(SLOT_QKV_WEIGHTS, o.dq() * w);
        for (int p = 0; p < o.dq(); p++) {
            System.arraycopy(o.wq(), p * nq, f, p * w, nq);
            System.arraycopy(o.wk(), p * nq, f, p * w + nq, nq);
            System.arraycopy(o.wv(), p * nv, f, p * w + 2 * nq, nv);
        }
        return f;
    }

    /**
     * Sample {@code b}'s projections: {@code Q = (query · Wq + bq) * scale}, {@code Kᵀ = (key · Wk)ᵀ + bk}
     * in the transposed layout the score product reads (head {@code h}'s {@code Kᵀ} is rows
     * {@code h * keyDim ..}), and {@code V = value · Wv + bv}. K is projected in rows and then transposed
     * with its bias (the engine GEMM's transposed-operand product of one sample packs the whole
     * {@code Wkᵀ} for 64 columns of output: measured 52 vs 83 GFLOP/s). The products are the attention
     * kernels' unpacked tiles (one sample's rows are few; 111 vs 87-100 GFLOP/s for the engine GEMM). In
     * inference self-attention the three are one product against {@link #fusedWeights} (n = 384 instead
     * of three of 128); each element is the same sum either way. The biases are added to the finished
     * products, as a biased GEMM does.
     */
    private SampleBuffers project(int b) {
        int nq = o.heads() * o.keyDim();
        int nv = o.heads() * o.valueDim();
        Workspace ws = Workspace.forCurrentThread();
        SampleBuffers s;
        float[] kRows;
        int kOff;
        int ldk;
        if (wqkv != null) {
            int w = 2 * nq + nv;
            float[] qkv = ws.floats(SLOT_K_ROWS, tq * w);
            AK.product(tq, w, o.dq(), o.query(), b * tq * o.dq(), o.dq(), wqkv, 0, w, qkv, 0, w);
            s = new SampleBuffers(qkv, 0, w, ws.floats(SLOT_K, nq * tv), 0, tv, qkv, 2 * nq, w,
                    ws.floats(SLOT_HEADS, tq * nv), 0);
            kRows = qkv;
            kOff = nq;
            ldk = w;
        } else {
            s = q != null
                    ? new SampleBuffers(q, b * tq * nq, nq, kt, b * tv, batch * tv, v, b * tv * nv, nv, heads,
                            b * tq * nv)
                    : new SampleBuffers(ws.floats(SLOT_Q, tq * nq), 0, nq, ws.floats(SLOT_K, nq * tv), 0, tv,
                            ws.floats(SLOT_V, tv * nv), 0, nv, ws.floats(SLOT_HEADS, tq * nv), 0);
            AK.product(tq, nq, o.dq(), o.query(), b * tq * o.dq(), o.dq(), o.wq(), 0, nq, s.q(), s.qOff(), nq);
            kRows = ws.floats(SLOT_K_ROWS, tv * nq);
            kOff = 0;
            ldk = nq;
            AK.product(tv, nq, o.dk(), o.key(), b * tv * o.dk(), o.dk(), o.wk(), 0, nq, kRows, 0, nq);
            AK.product(tv, nv, o.dv(), o.value(), b * tv * o.dv(), o.dv(), o.wv(), 0, nv, s.v(), s.vOff(), nv);
        }
        float[] bq = o.bq();
        for (int i = 0; i < tq; i++) {
            int row = s.qOff() + i * s.ldq();
            for (int c = 0; c < nq; c++) {
                // Keras parity: the projected query is scaled, not the scores
                s.q()[row + c] = (bq == null ? s.q()[row + c] : s.q()[row + c] + bq[c]) * scale;
            }
        }
        transposeAddingBias(kRows, kOff, ldk, tv, nq, o.bk(), s.kt(), s.ktOff(), s.ldk());
        if (o.bv() != null) {
            for (int j = 0; j < tv; j++) {
                K.axpy(nv, 1f, o.bv(), 0, s.v(), s.vOff() + j * s.ldv());
            }
        }
        return s;
    }

    /**
     * {@code t[tOff + c * ldt + j] = x[xOff + j * ldx + c] + bias[c]} for {@code j < rows}, {@code c < cols}, in
     * blocks of rows so that the reads stay in L1 and every write is a run of contiguous floats.
     */
    private static void transposeAddingBias(float[] x, int xOff, int ldx, int rows, int cols, float[] bias,
            float[] t, int tOff, int ldt) {
        for (int j0 = 0; j0 < rows; j0 += TRANSPOSE_ROWS) {
            int j1 = Math.min(rows, j0 + TRANSPOSE_ROWS);
            for (int c = 0; c < cols; c++) {
                int to = tOff + c * ldt;
                int from = xOff + c;
                if (bias == null) {
                    for (int j = j0; j < j1; j++) {
                        t[to + j] = x[from + j * ldx];
                    }
                } else {
                    float add = bias[c];
                    for (int j = j0; j < j1; j++) {
                        t[to + j] = x[from + j * ldx] + add;
                    }
                }
            }
        }
    }

    /** tf-keras parity: divides each fully masked row of sample {@code b}'s plane by its maximum. */
    private void unnormalizeMaskedRows(float[] p, int pOff, int b) {
        for (int i = 0; i < tq; i++) {
            int m = b * plane + i * tv;
            boolean any = false;
            for (int j = 0; j < tv && !any; j++) {
                any = allowed[m + j] != 0;
            }
            if (!any) {
                int row = pOff + i * tv;
                float max = 0;
                for (int j = 0; j < tv; j++) {
                    max = Math.max(max, p[row + j]);
                }
                for (int j = 0; j < tv; j++) {
                    p[row + j] /= max;
                }
            }
        }
    }

    /** Head {@code h} of sample {@code b}: scores, masked softmax, the weights' mask and dropout, weighted sum. */
    private void head(int b, int h, SampleBuffers s) {
        int n = o.heads();
        int hk = o.keyDim();
        int hv = o.valueDim();
        int t = b * n + h;
        float[] p = probs != null ? probs : Workspace.forCurrentThread().floats(SLOT_PLANE, plane);
        int pOff = probs != null ? t * plane : 0;
        AK.product(tq, tv, hk, s.q(), s.qOff() + h * hk, s.ldq(), s.kt(), s.ktOff() + h * hk * s.ldk(), s.ldk(),
                p, pOff, tv);
        AK.softmaxRows(tq, tv, p, pOff, tv, allowed, b * plane, tv, MASK_ADDER);
        if (unnormalizedMasked) {
            unnormalizeMaskedRows(p, pOff, b);
        }
        float[] w = p;
        int wOff = pOff;
        if (postMask) {
            w = scores != null ? scores : p;
            wOff = scores != null ? t * plane : pOff;
            K.mul(plane, p, pOff, allowed, b * plane, w, wOff);
        }
        if (dropMask != null) {
            K.mul(plane, w, wOff, dropMask, t * plane, weights, t * plane);
            w = weights;
            wOff = t * plane;
        }
        AK.product(tq, hv, tv, w, wOff, tv, s.v(), s.vOff() + h * hv, s.ldv(), s.heads(), s.hOff() + h * hv, n * hv);
    }

    /** Sample {@code b}'s output rows: {@code concat_h(heads) · Wo + bo}. */
    private void outputProjection(int b, SampleBuffers s) {
        int in = o.heads() * o.valueDim();
        int dOut = o.dOut();
        int off = b * tq * dOut;
        AK.product(tq, dOut, in, s.heads(), s.hOff(), in, o.wo(), 0, dOut, out, off, dOut);
        if (o.bo() != null) {
            for (int i = 0; i < tq; i++) {
                K.axpy(dOut, 1f, o.bo(), 0, out, off + i * dOut);
            }
        }
    }
}
