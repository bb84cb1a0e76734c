package dev.engram.testing;

import java.util.function.DoubleUnaryOperator;

/**
 * The simple RNN {@code h' = act(x·K + h·R + b)} in double precision, one sample and one step at a
 * time: the test oracle for the fused float kernel. Kernel {@code [F, u]}, recurrent {@code [u, u]}.
 */
public final class ReferenceSimpleRnn {
    private ReferenceSimpleRnn() {
    }

    /** Runs over {@code x [B, T, F]}; {@code bias} may be null. */
    public static RecurrentResult run(double[] x, int batch, int steps, int features, int units, double[] kernel,
            double[] recurrent, double[] bias, DoubleUnaryOperator act, RecurrentOptions o) {
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
                    double[] hn = new double[units];
                    for (int j = 0; j < units; j++) {
                        double v = bias == null ? 0 : bias[j];
                        for (int f = 0; f < features; f++) {
                            v += xv[f] * kernel[f * units + j];
                        }
                        for (int k = 0; k < units; k++) {
                            v += hp[k] * recurrent[k * units + j];
                        }
                        hn[j] = act.applyAsDouble(v);
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
