package dev.engram.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleUnaryOperator;

/**
 * Stacked recurrent cells as TF.js's {@code StackedRNNCells} inside {@code rnn()} compute them, in
 * double precision: at each time step every cell runs in order, cell k reading cell k-1's new h; a
 * masked step keeps every cell's state and repeats the previous output. The oracle for the engine's
 * {@code Rnn}, which computes the same thing cell by cell over the whole sequence instead. Cells are
 * LSTM (blocks i, f, c, o), GRU (blocks z, r, h, reset applied before the recurrent product) and
 * SimpleRNN; kernel {@code [in, g·u]}, recurrent {@code [u, g·u]}, bias {@code [g·u]}.
 */
public final class ReferenceStackedCells {
    private ReferenceStackedCells() {
    }

    /** Which cell math. */
    public enum Kind {
        /** LSTM: two states h, c. */
        LSTM(4, 2),
        /** GRU (reset_after false): one state h. */
        GRU(3, 1),
        /** SimpleRNN: one state h. */
        SIMPLE(1, 1);

        final int gates;
        final int states;

        Kind(int gates, int states) {
            this.gates = gates;
            this.states = states;
        }

        /** {@return the number of states} */
        public int states() {
            return states;
        }
    }

    /** One cell: its kind, units and weights (bias may be null). */
    public record Cell(Kind kind, int units, double[] kernel, double[] recurrent, double[] bias) {
    }

    /**
     * Runs over {@code x [B, T, F]}.
     *
     * @param initial per cell, its initial states {@code [B, u]} (h, then c), or null for zeros
     * @param mask    {@code [B, T]} by input time, or null
     * @return the output (sequence in processing order, or last), then per cell its final states
     */
    public static List<double[]> run(double[] x, int batch, int steps, int features, List<Cell> cells,
            double[][][] initial, double[] mask, boolean goBackwards, boolean returnSequences,
            DoubleUnaryOperator act, DoubleUnaryOperator rec) {
        int last = cells.get(cells.size() - 1).units();
        double[] out = new double[returnSequences ? batch * steps * last : batch * last];
        double[][][] finals = new double[cells.size()][][];
        for (int k = 0; k < cells.size(); k++) {
            finals[k] = new double[cells.get(k).kind().states][batch * cells.get(k).units()];
        }
        for (int b = 0; b < batch; b++) {
            double[][][] st = new double[cells.size()][][];
            for (int k = 0; k < cells.size(); k++) {
                int u = cells.get(k).units();
                st[k] = new double[cells.get(k).kind().states][u];
                for (int s = 0; s < st[k].length; s++) {
                    if (initial != null && initial[k] != null) {
                        System.arraycopy(initial[k][s], b * u, st[k][s], 0, u);
                    }
                }
            }
            double[] prev = new double[last];
            for (int s = 0; s < steps; s++) {
                int t = goBackwards ? steps - 1 - s : s;
                if (mask == null || mask[b * steps + t] != 0) {
                    double[] in = new double[features];
                    System.arraycopy(x, (b * steps + t) * features, in, 0, features);
                    for (int k = 0; k < cells.size(); k++) {
                        st[k] = step(cells.get(k), in, st[k], act, rec);
                        in = st[k][0];
                    }
                    prev = in;
                }
                if (returnSequences) {
                    System.arraycopy(prev, 0, out, (b * steps + s) * last, last);
                }
            }
            if (!returnSequences) {
                System.arraycopy(prev, 0, out, b * last, last);
            }
            for (int k = 0; k < cells.size(); k++) {
                for (int s = 0; s < st[k].length; s++) {
                    System.arraycopy(st[k][s], 0, finals[k][s], b * cells.get(k).units(), cells.get(k).units());
                }
            }
        }
        List<double[]> result = new ArrayList<>();
        result.add(out);
        for (double[][] f : finals) {
            result.addAll(List.of(f));
        }
        return result;
    }

    private static double dotColumn(double[] v, double[] w, int cols, int col) {
        double s = 0;
        for (int r = 0; r < v.length; r++) {
            s += v[r] * w[r * cols + col];
        }
        return s;
    }

    private static double[][] step(Cell c, double[] x, double[][] state, DoubleUnaryOperator act,
            DoubleUnaryOperator rec) {
        int u = c.units();
        int g = c.kind().gates * u;
        double[] h = state[0];
        double[] xz = new double[g];
        double[] hz = new double[g];
        for (int col = 0; col < g; col++) {
            xz[col] = dotColumn(x, c.kernel(), g, col) + (c.bias() == null ? 0 : c.bias()[col]);
            hz[col] = dotColumn(h, c.recurrent(), g, col);
        }
        double[] nh = new double[u];
        switch (c.kind()) {
            case SIMPLE -> {
                for (int j = 0; j < u; j++) {
                    nh[j] = act.applyAsDouble(xz[j] + hz[j]);
                }
                return new double[][] {nh};
            }
            case LSTM -> {
                double[] nc = new double[u];
                for (int j = 0; j < u; j++) {
                    double i = rec.applyAsDouble(xz[j] + hz[j]);
                    double f = rec.applyAsDouble(xz[u + j] + hz[u + j]);
                    double cand = act.applyAsDouble(xz[2 * u + j] + hz[2 * u + j]);
                    double o = rec.applyAsDouble(xz[3 * u + j] + hz[3 * u + j]);
                    nc[j] = f * state[1][j] + i * cand;
                    nh[j] = o * act.applyAsDouble(nc[j]);
                }
                return new double[][] {nh, nc};
            }
            default -> {
                double[] z = new double[u];
                double[] rh = new double[u];
                for (int j = 0; j < u; j++) {
                    z[j] = rec.applyAsDouble(xz[j] + hz[j]);
                    rh[j] = rec.applyAsDouble(xz[u + j] + hz[u + j]) * h[j];
                }
                for (int j = 0; j < u; j++) {
                    double cand = act.applyAsDouble(xz[2 * u + j] + dotColumn(rh, c.recurrent(), g, 2 * u + j));
                    nh[j] = z[j] * h[j] + (1 - z[j]) * cand;
                }
                return new double[][] {nh};
            }
        }
    }
}
