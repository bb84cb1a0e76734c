package dev.engram.losses;

/**
 * The negative cosine similarity per row, {@code -sum(yTrue / m(yTrue) · yPred / m(yPred))} with
 * {@code m(x) = max(||x||, floor)}, averaged over rows (TF.js {@code cosineProximity}, Keras
 * {@code cosine_similarity}). The floor keeps a zero row finite and differs by origin: TF.js takes
 * {@code sqrt(max(sum x^2, 1e-7))} (floor {@code sqrt(1e-7)}), Keras 3 {@code max(||x||, 1e-7)}, tf-keras
 * {@code rsqrt(max(sum x^2, 1e-12))} (floor 1e-6); they agree for every row longer than the largest floor.
 */
public final class CosineSimilarityLoss extends RowwiseLoss {
    /** TF.js's floor: the square root of its epsilon 1e-7 on the squared norm. */
    public static final double TFJS_FLOOR = Math.sqrt(1e-7);
    /** Keras 3's floor: its epsilon 1e-7 on the norm. */
    public static final double KERAS3_FLOOR = 1e-7;
    /** tf-keras's floor: the square root of 1e-12 on the squared norm. */
    public static final double TF_KERAS_FLOOR = 1e-6;

    private final double floor;

    CosineSimilarityLoss(double floor) {
        if (!(floor > 0) || Double.isInfinite(floor)) {
            throw new IllegalArgumentException("cosine similarity: floor must be a finite number > 0, got " + floor);
        }
        this.floor = floor;
    }

    /**
     * The smallest norm a row is divided by.
     *
     * @return the floor, &gt; 0
     */
    public double floor() {
        return floor;
    }

    /** {@code "cosineProximity"} (TF.js's name). */
    @Override
    public String name() {
        return "cosineProximity";
    }

    @Override
    double row(float[] t, float[] p, int off, int n, float[] grad, float scale) {
        double tt = 0;
        double pp = 0;
        double tp = 0;
        for (int k = off; k < off + n; k++) {
            tt += (double) t[k] * t[k];
            pp += (double) p[k] * p[k];
            tp += (double) t[k] * p[k];
        }
        double mt = Math.max(Math.sqrt(tt), floor);
        double pNorm = Math.sqrt(pp);
        double mp = Math.max(pNorm, floor);
        if (grad != null) {
            // v = -(t . p) / (mt mp); through mp only where the norm is above the floor
            boolean viaNorm = pNorm > floor;
            for (int k = off; k < off + n; k++) {
                double g = -t[k] / (mt * mp) + (viaNorm ? tp * p[k] / (mt * mp * mp * mp) : 0);
                grad[k] = (float) (scale * g);
            }
        }
        return -tp / (mt * mp);
    }

    /** Equal when the floor is. */
    @Override
    public boolean equals(Object o) {
        return o instanceof CosineSimilarityLoss c && c.floor == floor;
    }

    @Override
    public int hashCode() {
        return Double.hashCode(floor);
    }

    @Override
    public String toString() {
        return name() + "(floor=" + floor + ")";
    }
}
