package dev.engram.testing;

import java.util.function.DoubleUnaryOperator;

/**
 * The GRU as its equations, in double precision, one sample and one step at a time: the test oracle
 * for the fused float kernel. Layout as Keras/TF.js: kernel {@code [F, 3u]}, recurrent {@code [u, 3u]},
 * blocks z, r, h; bias {@code [3u]}, or {@code [2, 3u]} (input row, recurrent row) with resetAfter.
 */
public final class ReferenceGru {
    private ReferenceGru() {
    }

    /** Runs over {@code x [B, T, F]}; {@code bias} may be null. */
    public static RecurrentResult run(double[] x, int batch, int steps, int features, int units, double[] kernel,
            double[] recurrent, double[] bias, boolean resetAfter, DoubleUnaryOperator act, DoubleUnaryOperator rec,
            RecurrentOptions o) {
        int g = 3 * units;
        double[] out = new double[o.returnSequences() ? batch * steps * units : batch * units];
        double[] lastH = new double[batch * units];
        double[] h0 = o.state(0, batch, units);
        for (int b = 0; b < batch; b++) {
            double[] h = new double[units];
            System.arraycopy(h0, b * units, h, 0, units);
            for (int s = 0; s < steps; s++) {
                int t = o.goBackwards() ? steps - 1 - s : s;
                if (!o.masked(b, steps, t)) {
                    double[] xv = o.input(x, b, steps, t, features);
                    double[] hp = o.hidden(h, b, units);
                    double[] xz = new double[g];
                    double[] a = new double[g];
                    for (int col = 0; col < g; col++) {
                        double v = bias == null ? 0 : bias[col];
                        for (int f = 0; f < features; f++) {
                            v += xv[f] * kernel[f * g + col];
                        }
                        xz[col] = v;
                        double w = resetAfter && bias != null ? bias[g + col] : 0;
                        for (int k = 0; k < units; k++) {
                            w += hp[k] * recurrent[k * g + col];
                        }
                        a[col] = w;
                    }
                    double[] hn = new double[units];
                    for (int j = 0; j < units; j++) {
                        double z = rec.applyAsDouble(xz[j] + a[j]);
                        double cand;
                        if (resetAfter) {
                            double r = rec.applyAsDouble(xz[units + j] + a[units + j]);
                            cand = act.applyAsDouble(xz[2 * units + j] + r * a[2 * units + j]);
                        } else {
                            double v = xz[2 * units + j];
                            for (int k = 0; k < units; k++) {
                                double rk = rec.applyAsDouble(xz[units + k] + a[units + k]);
                                v += rk * hp[k] * recurrent[k * g + 2 * units + j];
                            }
                            cand = act.applyAsDouble(v);
                        }
                        hn[j] = z * hp[j] + (1 - z) * cand;
                    }
                    h = hn;
                }
                if (o.returnSequences()) {
                    System.arraycopy(h, 0, out, (b * steps + s) * units, units);
                }
            }
            if (!o.returnSequences()) {
                System.arraycopy(h, 0, out, b * units, units);
            }
            System.arraycopy(h, 0, lastH, b * units, units);
        }
        return new RecurrentResult(out, new double[][] {lastH});
    }
}
