package dev.engram.layers;

import dev.engram.internal.kernels.Kernels;
import java.util.Arrays;

/**
 * The backward pass of {@link MultiHeadAttention} from the gradient of the concatenated heads to the gradients
 * of the projected query, key and value: through the weighted sum of the values, the dropout, the mask applied
 * after the softmax (Keras 3's unfused path), the softmax and the scaled score product. A query position whose
 * every key is masked gets no gradient into its scores: -1e9 swamps them in float32, so its weights do not
 * depend on them.
 */
final class MultiHeadAttentionBackward {
    private static final Kernels K = Kernels.get();

    private MultiHeadAttentionBackward() {
    }

    /**
     * The gradients of the projected query (scaled back by {@code 1/sqrt(keyDim)}), key and value.
     *
     * @param p        what the forward pass kept
     * @param dHeads   the gradient of the concatenated heads {@code [batch, Tq, N * valueDim]}
     * @param n        heads
     * @param hk       keyDim
     * @param hv       valueDim
     * @param postMask whether the weights were multiplied by the mask after the softmax
     * @param gScores  the gradient of the returned scores, or null
     * @return {@code {dQ [batch, Tq, N, keyDim], dK [batch, Tv, N, keyDim], dV [batch, Tv, N, valueDim]}}
     */
    static float[][] throughScores(MultiHeadAttention.Pass p, float[] dHeads, int n, int hk, int hv,
            boolean postMask, float[] gScores) {
        MultiHeadAttention.Dims d = p.d();
        int rowsQ = d.batch() * d.tq();
        int rowsV = d.batch() * d.tv();
        int plane = d.tq() * d.tv();
        float[] dw = new float[p.probs().length];
        float[] dV = new float[rowsV * n * hv];
        for (int b = 0; b < d.batch(); b++) {
            for (int h = 0; h < n; h++) {
                int hOff = b * d.tq() * n * hv + h * hv;
                int vOff = b * d.tv() * n * hv + h * hv;
                int sOff = (b * n + h) * plane;
                K.gemm(false, true, d.tq(), d.tv(), hv, dHeads, hOff, n * hv, p.v(), vOff, n * hv, 0f, dw, sOff, d.tv());
                K.gemm(true, false, d.tv(), hv, d.tq(), p.weights(), sOff, d.tv(), dHeads, hOff, n * hv, 0f, dV, vOff,
                        n * hv);
            }
        }
        if (p.dropMask() != null) {
            K.mul(dw.length, dw, 0, p.dropMask(), 0, dw, 0);
        }
        if (gScores != null) {
            K.axpy(dw.length, 1f, gScores, 0, dw, 0);
        }
        if (postMask) {
            multiplyByMask(dw, p.allowed(), d, n);
        }
        float[] probs = p.probs();
        for (int r = 0; r < d.batch() * n * d.tq(); r++) {
            int row = r * d.tv();
            if (p.allowed() != null && fullyMasked(p.allowed(), (r / (n * d.tq()) * d.tq() + r % d.tq()) * d.tv(),
                    d.tv())) {
                // every score of the row is swamped by -1e9 in float32: the weights do not depend on the scores
                Arrays.fill(dw, row, row + d.tv(), 0f);
                continue;
            }
            float dot = K.dot(d.tv(), dw, row, probs, row);
            for (int j = 0; j < d.tv(); j++) {
                dw[row + j] = probs[row + j] * (dw[row + j] - dot);
            }
        }
        float[] dQ = new float[rowsQ * n * hk];
        float[] dK = new float[rowsV * n * hk];
        for (int b = 0; b < d.batch(); b++) {
            for (int h = 0; h < n; h++) {
                int qOff = b * d.tq() * n * hk + h * hk;
                int kOff = b * d.tv() * n * hk + h * hk;
                int sOff = (b * n + h) * plane;
                K.gemm(false, true, d.tq(), hk, d.tv(), dw, sOff, d.tv(), p.kt(), h * hk * rowsV + b * d.tv(), rowsV,
                        0f, dQ, qOff, n * hk);
                K.gemm(true, false, d.tv(), hk, d.tq(), dw, sOff, d.tv(), p.q(), qOff, n * hk, 0f, dK, kOff, n * hk);
            }
        }
        float scale = (float) (1.0 / Math.sqrt(hk));
        for (int i = 0; i < dQ.length; i++) {
            dQ[i] *= scale;
        }
        return new float[][] {dQ, dK, dV};
    }

    private static boolean fullyMasked(float[] allowed, int off, int len) {
        for (int j = 0; j < len; j++) {
            if (allowed[off + j] != 0) {
                return false;
            }
        }
        return true;
    }

    private static void multiplyByMask(float[] x, float[] allowed, MultiHeadAttention.Dims d, int heads) {
        int plane = d.tq() * d.tv();
        for (int b = 0; b < d.batch(); b++) {
            for (int h = 0; h < heads; h++) {
                K.mul(plane, x, (b * heads + h) * plane, allowed, b * plane, x, (b * heads + h) * plane);
            }
        }
    }

}
