package dev.engram.testing;

import java.util.function.DoubleUnaryOperator;

/**
 * The LSTM as the six equations, in double precision, one sample and one step at a time: the test
 * oracle for the fused float kernel, with masks, initial states and dropout factors
 * ({@link RecurrentOptions}). Layout as Keras/TF.js: kernel {@code [F, 4u]}, recurrent
 * {@code [u, 4u]}, bias {@code [4u]}, column blocks i, f, c, o.
 */
public final class ReferenceLstm {
    private ReferenceLstm() {
    }

    /** The outputs of one run: sequence (processing order) or last h, and final h and c. */
    public record Result(double[] output, double[] lastH, double[] lastC) {
    }

    /**
     * Runs over {@code x [B, T, F]} with zero initial state, no mask and no dropout.
     *
     * @param bias may be null
     */
    public static Result run(double[] x, int batch, int steps, int features, int units, double[] kernel,
            double[] recurrent, double[] bias, DoubleUnaryOperator act, DoubleUnaryOperator rec,
            boolean goBackwards, boolean returnSequences) {
        return run(x, batch, steps, features, units, kernel, recurrent, bias, act, rec,
                RecurrentOptions.of(goBackwards, returnSequences));
    }

    /**
     * Runs over {@code x [B, T, F]} with the given options: a masked step keeps h and c and repeats
     * the previous output; initial states h0, c0; dropout factors on x and on h before the product.
     *
     * @param bias may be null
     */
    public static Result run(double[] x, int batch, int steps, int features, int units, double[] kernel,
            double[] recurrent, double[] bias, DoubleUnaryOperator act, DoubleUnaryOperator rec,
            RecurrentOptions o) {
        int g = 4 * units;
        boolean returnSequences = o.returnSequences();
        double[] out = new double[returnSequences ? batch * steps * units : batch * units];
        double[] lastH = new double[batch * units];
        double[] lastC = new double[batch * units];
        double[] h0 = o.state(0, batch, units);
        double[] c0 = o.state(1, batch, units);
        for (int b = 0; b < batch; b++) {
            double[] h = new double[units];
            double[] c = new double[units];
            System.arraycopy(h0, b * units, h, 0, units);
            System.arraycopy(c0, b * units, c, 0, units);
            for (int s = 0; s < steps; s++) {
                int t = o.goBackwards() ? steps - 1 - s : s;
                if (!o.masked(b, steps, t)) {
                    double[] xv = o.input(x, b, steps, t, features);
                    double[] hp = o.hidden(h, b, units);
                    double[] z = new double[g];
                    for (int col = 0; col < g; col++) {
                        double v = bias == null ? 0 : bias[col];
                        for (int f = 0; f < features; f++) {
                            v += xv[f] * kernel[f * g + col];
                        }
                        for (int k = 0; k < units; k++) {
                            v += hp[k] * recurrent[k * g + col];
                        }
                        z[col] = v;
                    }
                    double[] hn = new double[units];
                    for (int j = 0; j < units; j++) {
                        double i = rec.applyAsDouble(z[j]);                // input gate
                        double fg = rec.applyAsDouble(z[units + j]);       // forget gate
                        double cand = act.applyAsDouble(z[2 * units + j]); // candidate
                        double og = rec.applyAsDouble(z[3 * units + j]);   // output gate
                        c[j] = fg * c[j] + i * cand;                       // new cell
                        hn[j] = og * act.applyAsDouble(c[j]);              // new hidden
                    }
                    h = hn;
                }
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
