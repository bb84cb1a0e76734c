package dev.engram.testing;

/**
 * Options of a double-precision recurrent reference run.
 *
 * @param mask             {@code [B, T]} by input time, 0 = masked, or null
 * @param initialStates    per state {@code [B, u]} (h, then c for an LSTM), or null for zeros
 * @param inputDropout     per-sample factors {@code [B, F]} multiplying x at every step, or null
 * @param recurrentDropout per-sample factors {@code [B, u]} multiplying h before the recurrent product, or null
 * @param goBackwards      read the sequence last to first (outputs stay in processing order)
 * @param returnSequences  output every step
 */
public record RecurrentOptions(double[] mask, double[][] initialStates, double[] inputDropout,
        double[] recurrentDropout, boolean goBackwards, boolean returnSequences) {

    /** Plain options: no mask, zero state, no dropout. */
    public static RecurrentOptions of(boolean goBackwards, boolean returnSequences) {
        return new RecurrentOptions(null, null, null, null, goBackwards, returnSequences);
    }

    double[] state(int i, int batch, int units) {
        return initialStates == null || initialStates[i] == null ? new double[batch * units] : initialStates[i];
    }

    boolean masked(int b, int steps, int t) {
        return mask != null && mask[b * steps + t] == 0;
    }

    /** x of sample b at time t after input dropout. */
    double[] input(double[] x, int b, int steps, int t, int features) {
        double[] v = new double[features];
        for (int f = 0; f < features; f++) {
            v[f] = x[(b * steps + t) * features + f] * (inputDropout == null ? 1 : inputDropout[b * features + f]);
        }
        return v;
    }

    /** h of sample b after recurrent dropout. */
    double[] hidden(double[] h, int b, int units) {
        double[] v = new double[units];
        for (int j = 0; j < units; j++) {
            v[j] = h[j] * (recurrentDropout == null ? 1 : recurrentDropout[b * units + j]);
        }
        return v;
    }
}
