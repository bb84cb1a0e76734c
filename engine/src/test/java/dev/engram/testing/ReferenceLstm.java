package dev.engram.testing;

import java.util.function.DoubleUnaryOperator;

/**
 * The LSTM as the six equations, in double precision, one sample and one step at a time: the test
 * oracle for the fused float kernel. Layout as Keras/TF.js: kernel {@code [F, 4u]}, recurrent
 * {@code [u, 4u]}, bias {@code [4u]}, column blocks i, f, c, o.
 */
public final class ReferenceLstm {
    private ReferenceLstm() {
    }

    /** The outputs of one run: sequence (processing order) or last h, and final h and c. */
    public record Result(double[] output, double[] lastH, double[] lastC) {
    }

    /**
     * Runs over {@code x [B, T, F]}.
     *
     * @param bias may be null
     */
    public static Result run(double[] x, int batch, int steps, int features, int units, double[] kernel,
            double[] recurrent, double[] bias, DoubleUnaryOperator act, DoubleUnaryOperator rec,
            boolean goBackwards, boolean returnSequences) {
        int g = 4 * units;
        double[] out = new double[returnSequences ? batch * steps * units : batch * units];
        double[] lastH = new double[batch * units];
        double[] lastC = new double[batch * units];
        for (int b = 0; b < batch; b++) {
            double[] h = new double[units];
            double[] c = new double[units];
            for (int s = 0; s < steps; s++) {
                int t = goBackwards ? steps - 1 - s : s;
                double[] z = new double[g];
                for (int col = 0; col < g; col++) {
                    double v = bias == null ? 0 : bias[col];
                    for (int f = 0; f < features; f++) {
                        v += x[(b * steps + t) * features + f] * kernel[f * g + col];
                    }
                    for (int k = 0; k < units; k++) {
                        v += h[k] * recurrent[k * g + col];
                    }
                    z[col] = v;
                }
                double[] hn = new double[units];
                for (int j = 0; j < units; j++) {
                    double i = rec.applyAsDouble(z[j]);                // input gate
                    double fg = rec.applyAsDouble(z[units + j]);       // forget gate
                    double cand = act.applyAsDouble(z[2 * units + j]); // candidate
                    double o = rec.applyAsDouble(z[3 * units + j]);    // output gate
                    c[j] = fg * c[j] + i * cand;                       // new cell
                    hn[j] = o * act.applyAsDouble(c[j]);               // new hidden
                }
                h = hn;
                if (returnSequences) {
                    System.arraycopy(h, 0, out, (b * steps + s) * units, units);
                }
            }
            if (!returnSequences) {
                System.arraycopy(h, 0, out, b * units, units);
            }
            System.arraycopy(h, 0, lastH, b * units, units);
            System.arraycopy(c, 0, lastC, b * units, units);
        }
        return new Result(out, lastH, lastC);
    }
}
