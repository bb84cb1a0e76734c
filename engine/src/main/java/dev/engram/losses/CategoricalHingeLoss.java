package dev.engram.losses;

/**
 * The categorical hinge per row: with {@code pos = sum(yTrue · yPred)} and
 * {@code neg = max((1 - yTrue) · yPred)}, {@code max(0, neg - pos + 1)}, averaged over rows (TF.js
 * {@code categoricalHinge}, Keras {@code categorical_hinge}). Where several entries share the maximum, each takes
 * the gradient of {@code neg} (TF.js's max gradient).
 */
final class CategoricalHingeLoss extends RowwiseLoss {

    @Override
    public String name() {
        return "categoricalHinge";
    }

    @Override
    double row(float[] t, float[] p, int off, int n, float[] grad, float scale) {
        float pos = 0;
        float neg = Float.NEGATIVE_INFINITY;
        for (int k = off; k < off + n; k++) {
            pos += t[k] * p[k];
            neg = Math.max(neg, (1f - t[k]) * p[k]);
        }
        float z = neg - pos + 1f;
        if (grad != null) {
            for (int k = off; k < off + n; k++) {
                float g = 0f;
                if (z > 0f) {
                    g = -t[k] + ((1f - t[k]) * p[k] == neg ? 1f - t[k] : 0f);
                }
                grad[k] = scale * g;
            }
        }
        return Math.max(0f, z);
    }
}
