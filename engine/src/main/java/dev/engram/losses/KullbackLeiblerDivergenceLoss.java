package dev.engram.losses;

/**
 * The Kullback-Leibler divergence of the predicted distribution from the target one, per row
 * {@code sum(w · log(clip(yTrue) / clip(yPred)))} with both clipped to {@code [1e-7, 1]}, averaged over rows
 * (TF.js {@code kullbackLeiblerDivergence}, Keras {@code kl_divergence}). The weight {@code w} is the target as
 * given in TF.js and the clipped target in Keras (they differ where a target is 0); the loss keeps its origin's
 * form ({@link #clipsWeights()}).
 */
public final class KullbackLeiblerDivergenceLoss extends RowwiseLoss {
    private final boolean clipsWeights;

    KullbackLeiblerDivergenceLoss(boolean clipsWeights) {
        this.clipsWeights = clipsWeights;
    }

    /**
     * Whether the log-ratio is weighted by the clipped target (Keras) or the target as given (TF.js).
     *
     * @return true for Keras's form
     */
    public boolean clipsWeights() {
        return clipsWeights;
    }

    /** {@code "kullbackLeiblerDivergence"}. */
    @Override
    public String name() {
        return "kullbackLeiblerDivergence";
    }

    @Override
    double row(float[] t, float[] p, int off, int n, float[] grad, float scale) {
        double sum = 0;
        for (int k = off; k < off + n; k++) {
            float ct = Math.min(Math.max(t[k], LossChecks.EPSILON), 1f);
            float cp = Math.min(Math.max(p[k], LossChecks.EPSILON), 1f);
            float w = clipsWeights ? ct : t[k];
            sum += w * (float) Math.log(ct / cp);
            if (grad != null) {
                // d/dp of -w log(cp): -w / cp inside the clip, 0 outside it
                grad[k] = p[k] >= LossChecks.EPSILON && p[k] <= 1f ? -scale * w / cp : 0f;
            }
        }
        return sum;
    }

    /** Equal when the weighting form is. */
    @Override
    public boolean equals(Object o) {
        return o instanceof KullbackLeiblerDivergenceLoss k && k.clipsWeights == clipsWeights;
    }

    @Override
    public int hashCode() {
        return Boolean.hashCode(clipsWeights);
    }

    @Override
    public String toString() {
        return name() + (clipsWeights ? "(keras)" : "");
    }
}
