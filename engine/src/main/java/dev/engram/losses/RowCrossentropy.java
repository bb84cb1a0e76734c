package dev.engram.losses;

/**
 * One sample of TF.js {@code categoricalCrossentropy(target, output)} without logits: normalise the
 * row to sum 1, clip to {@code [eps, 1 - eps]}, {@code -sum(t * log(c))}; and its backward pass.
 * Shared by the categorical and sparse categorical losses.
 */
final class RowCrossentropy {
    private RowCrossentropy() {
    }

    /**
     * Returns the row's loss and, when {@code grad} is not null, writes {@code scale * dLoss/dp} into
     * {@code grad[pOff .. pOff + n)}.
     */
    static double forwardBackward(float[] t, int tOff, float[] p, int pOff, int n, float[] grad, float scale) {
        // TF.js parity: the CPU backend sums in double and stores the float32-rounded result.
        double sumP = 0;
        for (int k = 0; k < n; k++) {
            sumP += p[pOff + k];
        }
        float s = (float) sumP;
        double loss = 0;
        for (int k = 0; k < n; k++) {
            float c = LossChecks.clip(p[pOff + k] / s);
            loss += t[tOff + k] * (float) Math.log(c);
        }
        if (grad != null) {
            // dL/dq_k = -t_k / c_k where the clip is inactive; then back through q = p / s:
            // dL/dp_j = g_j / s - sum_k g_k p_k / s^2 (the second term is the gradient via s).
            double viaSum = 0;
            for (int k = 0; k < n; k++) {
                float q = p[pOff + k] / s;
                float g = LossChecks.clipped(q) ? 0f : (-scale * t[tOff + k]) / q;
                grad[pOff + k] = g;
                viaSum += (double) g * p[pOff + k];
            }
            float db = (float) (-viaSum / ((double) s * s));
            for (int k = 0; k < n; k++) {
                grad[pOff + k] = grad[pOff + k] / s + db;
            }
        }
        return -loss;
    }
}
