package dev.engram.internal.recurrent;

import dev.engram.internal.kernels.Kernels;

/**
 * The parts the fused LSTM, GRU and simple-RNN kernels share: the input projection of all time steps
 * with one GEMM ({@code [B*T, F] · W -> [B*T, G]}), input and recurrent dropout masks fixed for the
 * whole call (TF.js draws them once per call and multiplies x and h by them at every step), the
 * time-step mask (a masked step repeats the previous output and state, as TF.js/Keras), and the end
 * of back-propagation through time ({@code dW}, {@code db}, {@code dX} with one GEMM each).
 *
 * <p>Weights are passed as {@code {kernel [F, G], recurrentKernel [u, G], bias or null}}; gradients
 * in the same order are ADDED into.
 */
public abstract class RecurrentKernel {
    static final Kernels K = Kernels.get();

    /** Number of state tensors: 2 for an LSTM (h, c), 1 otherwise. */
    public abstract int stateCount();

    /**
     * Runs over {@code x [B, T, F]}.
     *
     * @param training keep what {@link #backward} needs
     */
    public abstract RecurrentTrace forward(RecurrentPlan p, float[] x, float[][] weights, RecurrentInputs in,
            boolean training);

    /**
     * Back-propagation through time. Adds the weight gradients into {@code weightGrads} (same order as
     * the weights; a null entry is skipped) and returns {@code dX [B, T, F]}.
     *
     * @param dOut          gradient of the output (shape as {@link RecurrentTrace#output}), or null
     * @param dFinalStates  gradients of the final states (returnState), entries may be null; may be null
     * @param dInitialStates if not null, receives the gradient of each initial state ({@code [B, u]})
     */
    public abstract float[] backward(RecurrentPlan p, RecurrentTrace trace, float[][] weights, float[] dOut,
            float[][] dFinalStates, float[][] weightGrads, float[][] dInitialStates);

    static void requireTraining(RecurrentTrace t) {
        if (!t.isTraining()) {
            throw new IllegalStateException("this recurrent trace was recorded at inference; it cannot back-propagate");
        }
    }

    /** x with the input dropout mask applied per sample (broadcast over time), or x itself. */
    static float[] droppedInput(RecurrentPlan p, float[] x, float[] dropMask) {
        if (dropMask == null) {
            return x;
        }
        int f = p.inputDim();
        float[] xd = new float[x.length];
        for (int b = 0; b < p.batch(); b++) {
            for (int t = 0; t < p.steps(); t++) {
                K.mul(f, x, (b * p.steps() + t) * f, dropMask, b * f, xd, (b * p.steps() + t) * f);
            }
        }
        return xd;
    }

    /**
     * Per-thread buffer for the projection at inference, where nothing outlives the call: predictions
     * then allocate no projection array per call (the largest buffer: {@code B*T*G} floats).
     */
    private static final ThreadLocal<float[]> INFERENCE_PROJECTION = ThreadLocal.withInitial(() -> new float[0]);

    /** Larger projections (e.g. one predict call over a whole data set) are allocated, not kept per thread. */
    private static final int MAX_KEPT_PROJECTION = 1 << 22;

    /**
     * {@code Z = xd · W + bias} over all {@code B*T} rows at once; {@code width} = G. With
     * {@code training} false the result lives in a per-thread buffer that the next inference call on
     * this thread overwrites.
     */
    static float[] project(RecurrentPlan p, float[] xd, float[] kernel, float[] bias, int width, boolean training) {
        int rows = p.batch() * p.steps();
        float[] z;
        if (training || (long) rows * width > MAX_KEPT_PROJECTION) {
            z = new float[rows * width];
        } else {
            z = INFERENCE_PROJECTION.get();
            if (z.length < rows * width) {
                z = new float[rows * width];
                INFERENCE_PROJECTION.set(z);
            }
        }
        if (bias != null) {
            K.broadcastRows(bias, 0, rows, width, z, 0, width);
        }
        K.gemm(false, false, rows, width, p.inputDim(), xd, 0, p.inputDim(), kernel, 0, width,
                bias != null ? 1f : 0f, z, 0, width);
        return z;
    }

    /** The state a step multiplies by the recurrent kernel: {@code h ⊙ recurrentDropout}, or h. */
    static float[] recurrentInput(float[] h, float[] dropMask, float[] into) {
        if (dropMask == null) {
            return h;
        }
        K.mul(h.length, h, 0, dropMask, 0, into, 0);
        return into;
    }

    /** A zero-or-given initial state, copied so the caller's array is never written. */
    static float[] initial(RecurrentInputs in, int i, int size) {
        float[] s = in.initialState(i);
        return s != null ? s.clone() : new float[size];
    }

    /** True when sample b's step at input time t is masked out (TF.js: mask cast to bool). */
    static boolean masked(float[] mask, RecurrentPlan p, int b, int t) {
        return mask != null && mask[b * p.steps() + t] == 0f;
    }

    /** Copies h of sample b into the returnSequences output at processing step s. */
    static void emit(RecurrentPlan p, float[] h, int b, int s, float[] out) {
        if (p.returnSequences()) {
            System.arraycopy(h, b * p.units(), out, (b * p.steps() + s) * p.units(), p.units());
        }
    }

    /** The last output (returnSequences false) is the final h. */
    static void finishOutput(RecurrentPlan p, float[] h, float[] out) {
        if (!p.returnSequences()) {
            System.arraycopy(h, 0, out, 0, p.batch() * p.units());
        }
    }

    /** The gradient buffer of the carried h, seeded with the gradient of the final h. */
    static float[] seed(float[][] dFinal, int i, int size) {
        return dFinal != null && i < dFinal.length && dFinal[i] != null ? dFinal[i].clone() : new float[size];
    }

    /** Adds the output gradient of processing step s for sample b into dh. */
    static void addOutputGradient(RecurrentPlan p, float[] dOut, int s, int b, float[] dh) {
        if (dOut == null) {
            return;
        }
        int u = p.units();
        if (p.returnSequences()) {
            K.axpy(u, 1f, dOut, (b * p.steps() + s) * u, dh, b * u);
        } else if (s == p.steps() - 1) {
            K.axpy(u, 1f, dOut, b * u, dh, b * u);
        }
    }

    /**
     * The gradient of h before the step: for a present step the gradient that reached the step's
     * recurrent input ({@code dhp}, times the recurrent dropout mask), for a masked step the carried
     * gradient itself (the state passed through unchanged). Writes into {@code dhp} and returns it.
     */
    static float[] previousHiddenGradient(RecurrentPlan p, int t, float[] mask, float[] dropMask, float[] dh,
            float[] dhp) {
        int u = p.units();
        for (int b = 0; b < p.batch(); b++) {
            if (masked(mask, p, b, t)) {
                System.arraycopy(dh, b * u, dhp, b * u, u);
            } else if (dropMask != null) {
                K.mul(u, dhp, b * u, dropMask, b * u, dhp, b * u);
            }
        }
        return dhp;
    }

    /**
     * The end of BPTT on the input side: {@code dW += xdᵀ·dZ}, {@code db += colsum(dZ)} (bias at
     * {@code biasOff}), and returns {@code dX = (dZ·Wᵀ) ⊙ inputDropout}.
     */
    static float[] inputGradients(RecurrentPlan p, RecurrentTrace t, float[] kernel, float[] dz, int width,
            float[] dKernel, float[] dBias, int biasOff) {
        int rows = p.batch() * p.steps();
        int f = p.inputDim();
        if (dKernel != null) {
            K.gemm(true, false, f, width, rows, t.x, 0, f, dz, 0, width, 1f, dKernel, 0, width);
        }
        if (dBias != null) {
            K.addColumnSums(dz, 0, rows, width, width, dBias, biasOff);
        }
        float[] dx = new float[rows * f];
        K.gemm(false, true, rows, f, width, dz, 0, width, kernel, 0, width, 0f, dx, 0, f);
        float[] drop = t.inputs.inputDropout();
        if (drop != null) {
            for (int b = 0; b < p.batch(); b++) {
                for (int s = 0; s < p.steps(); s++) {
                    K.mul(f, dx, (b * p.steps() + s) * f, drop, b * f, dx, (b * p.steps() + s) * f);
                }
            }
        }
        return dx;
    }
}
