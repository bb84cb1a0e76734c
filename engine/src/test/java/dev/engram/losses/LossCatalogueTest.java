package dev.engram.losses;

import static dev.engram.losses.GradientCheck.check;
import static dev.engram.losses.GradientCheck.ramp;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * The rest of TF.js's loss catalogue (mape, msle, logcosh, poisson, hinge, squared hinge, categorical hinge,
 * Kullback-Leibler divergence, cosine proximity) and Keras's forms of those that differ: values and float32
 * gradients against central differences of independent double formulas (GradientCheck), on a batch, a batch of
 * one and rank-3 predictions, away from kinks and clips.
 */
class LossCatalogueTest {
    private static final double H = 1e-6;
    private static final double EPS = 1e-7;
    private static final Shape[] SHAPES = {Shape.of(4, 3), Shape.of(1, 3), Shape.of(2, 3, 2)};

    /** Positive targets and predictions (rates, probabilities-like), away from 0. */
    private static Tensor[] positive(Shape s) {
        return new Tensor[] {Tensor.of(s, ramp(s.size(), 0.2, 1.5, 0.4)), Tensor.of(s, ramp(s.size(), 0.1, 2.0, 1.9))};
    }

    /** Targets in [-1, 1] and predictions offset from them by 0.2 .. 2.05, alternating in sign. */
    private static Tensor[] signed(Shape s) {
        float[] t = ramp(s.size(), -1, 1, 0.3);
        float[] p = new float[t.length];
        for (int i = 0; i < t.length; i++) {
            float offset = (float) (0.2 + 0.37 * (i % 6));
            p[i] = t[i] + (i % 2 == 0 ? offset : -offset);
        }
        return new Tensor[] {Tensor.of(s, t), Tensor.of(s, p)};
    }

    /** Rows of a distribution: positive, each summing to 1. */
    private static Tensor distribution(Shape s, double phase) {
        float[] v = ramp(s.size(), 0.05, 1, phase);
        int n = s.dim(-1);
        for (int r = 0; r < v.length; r += n) {
            float sum = 0;
            for (int k = 0; k < n; k++) {
                sum += v[r + k];
            }
            for (int k = 0; k < n; k++) {
                v[r + k] /= sum;
            }
        }
        return Tensor.of(s, v);
    }

    @Test
    void elementwiseLosses() {
        for (Shape s : SHAPES) {
            int n = s.dim(-1);
            Tensor[] pos = positive(s);
            Tensor[] sig = signed(s);
            check(Losses.meanAbsolutePercentageError(), sig[0], sig[1], DoubleReferences.elementwise(n,
                    (t, p) -> 100 * Math.abs((t - p) / Math.max(Math.abs(t), EPS))), H);
            check(Losses.meanSquaredLogarithmicError(), pos[0], pos[1], DoubleReferences.elementwise(n,
                    (t, p) -> Math.pow(Math.log(Math.max(p, EPS) + 1) - Math.log(Math.max(t, EPS) + 1), 2)), H);
            check(Losses.logcosh(), sig[0], sig[1], DoubleReferences.elementwise(n, (t, p) -> Math.log(Math.cosh(p - t))),
                    H);
            check(Losses.poisson(), pos[0], pos[1], DoubleReferences.elementwise(n, (t, p) -> p - t * Math.log(p + EPS)),
                    H);
            check(Losses.hinge(), sig[0], sig[1], DoubleReferences.elementwise(n, (t, p) -> Math.max(0, 1 - t * p)), H);
            check(Losses.squaredHinge(), sig[0], sig[1], DoubleReferences.elementwise(n,
                    (t, p) -> Math.pow(Math.max(0, 1 - t * p), 2)), H);
        }
    }

    /** Keras converts a batch of 0/1 targets to -1/1 for the hinges; TF.js uses them as given. */
    @Test
    void kerasHingesConvertBinaryLabels() {
        Shape s = Shape.of(4, 3);
        Tensor t = Tensor.of(s, new float[] {0, 1, 1, 0, 0, 1, 1, 1, 0, 0, 1, 0});
        Tensor p = Tensor.of(s, ramp(12, -1.5, 1.5, 0.7));
        for (boolean squared : new boolean[] {false, true}) {
            DoubleReferences.Elem converted = (tt, pp) -> Math.pow(Math.max(0, 1 - (2 * tt - 1) * pp), squared ? 2 : 1);
            DoubleReferences.Elem asGiven = (tt, pp) -> Math.pow(Math.max(0, 1 - tt * pp), squared ? 2 : 1);
            check(squared ? Losses.squaredHinge(true) : Losses.hinge(true), t, p, DoubleReferences.elementwise(3,
                    converted), H);
            check(squared ? Losses.squaredHinge() : Losses.hinge(), t, p, DoubleReferences.elementwise(3, asGiven), H);
        }
        // a batch that is not all 0/1 is used as given by both
        Tensor mixed = Tensor.of(s, new float[] {0, 1, -1, 0, 0, 1, 1, 1, 0, 0, 1, 0});
        assertEquals(Losses.hinge().evaluate(mixed, p, false).value(), Losses.hinge(true).evaluate(mixed, p, false).value());
    }

    @Test
    void rowLosses() {
        for (Shape s : SHAPES) {
            int n = s.dim(-1);
            Tensor t = distribution(s, 0.3);
            Tensor p = distribution(s, 2.1);
            for (boolean keras : new boolean[] {false, true}) {
                check(Losses.kullbackLeiblerDivergence(keras), t, p, rows(n, (tr, pr) -> {
                    double sum = 0;
                    for (int k = 0; k < tr.length; k++) {
                        double ct = Math.min(Math.max(tr[k], EPS), 1);
                        sum += (keras ? ct : tr[k]) * Math.log(ct / Math.min(Math.max(pr[k], EPS), 1));
                    }
                    return sum;
                }), H);
            }
            Tensor[] sig = signed(s);
            check(Losses.categoricalHinge(), t, sig[1], rows(n, (tr, pr) -> {
                double pos = 0;
                double neg = Double.NEGATIVE_INFINITY;
                for (int k = 0; k < tr.length; k++) {
                    pos += tr[k] * pr[k];
                    neg = Math.max(neg, (1 - tr[k]) * pr[k]);
                }
                return Math.max(0, neg - pos + 1);
            }), H);
            for (double floor : new double[] {CosineSimilarityLoss.TFJS_FLOOR, CosineSimilarityLoss.KERAS3_FLOOR}) {
                check(Losses.cosineSimilarity(floor), sig[0], sig[1], rows(n, (tr, pr) -> {
                    double tt = 0;
                    double pp = 0;
                    double tp = 0;
                    for (int k = 0; k < tr.length; k++) {
                        tt += tr[k] * tr[k];
                        pp += pr[k] * pr[k];
                        tp += tr[k] * pr[k];
                    }
                    return -tp / (Math.max(Math.sqrt(tt), floor) * Math.max(Math.sqrt(pp), floor));
                }), H);
            }
        }
    }

    /** A zero row stays finite: TF.js divides by sqrt(1e-7), Keras 3 by 1e-7. */
    @Test
    void cosineFloorsKeepAZeroRowFinite() {
        Tensor t = Tensor.of(Shape.of(1, 2), new float[] {0.6f, 0.8f});
        Tensor p = Tensor.of(Shape.of(1, 2), new float[] {0, 0});
        LossResult tfjs = Losses.cosineProximity().evaluate(t, p, true);
        assertEquals(0f, tfjs.value());
        assertEquals((float) (-0.6 / CosineSimilarityLoss.TFJS_FLOOR), tfjs.gradient().toArray()[0], 1e-2);
    }

    /** A per-row loss of one row's targets and predictions, averaged over the rows of flat data. */
    private interface Row {
        double apply(double[] t, double[] p);
    }

    private static DoubleReferences.Fn rows(int n, Row f) {
        return (t, p) -> {
            int count = p.length / n;
            double total = 0;
            for (int r = 0; r < count; r++) {
                total += f.apply(java.util.Arrays.copyOfRange(t, r * n, r * n + n),
                        java.util.Arrays.copyOfRange(p, r * n, r * n + n));
            }
            return total / count;
        };
    }
}
