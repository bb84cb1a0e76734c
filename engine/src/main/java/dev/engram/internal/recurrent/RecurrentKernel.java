package dev.engram.internal.recurrent;

import dev.engram.internal.kernels.Kernels;
import dev.engram.internal.kernels.PackedB;
import dev.engram.internal.kernels.Workspace;

/**
 * The parts the fused LSTM, GRU and simple-RNN kernels share: the input projection of all time steps
 * with one GEMM ({@code [B*T, F] · W -> [B*T, G]}), input and recurrent dropout masks fixed for the
 * whole call (TF.js draws them once per call and multiplies x and h by them at every step), the
 * time-step mask (a masked step repeats the previous output and state, as TF.js/Keras), and the end
 * of back-propagation through time ({@code dW}, {@code db}, {@code dX} with one GEMM each).
 *
 * <p>Weights are passed as {@link RecurrentWeights}; gradients, in the same record, are ADDED into.
 * Gate widths come from the public cell description ({@link dev.engram.layers.recurrent.LstmGate},
 * {@link dev.engram.layers.recurrent.GruGate}).
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
    public abstract RecurrentTrace forward(RecurrentPlan p, float[] x, RecurrentWeights weights, RecurrentInputs in,
            boolean training);

    /**
     * Back-propagation through time. Adds the weight gradients into {@code weightGrads} (a null entry
     * is skipped) and returns {@code dX [B, T, F]}.
     *
     * @param dOut          gradient of the output (shape as {@link RecurrentTrace#output}), or null
     * @param dFinalStates  gradients of the final states (returnState), entries may be null; may be null
     * @param dInitialStates if not null, receives the gradient of each initial state ({@code [B, u]})
     */
    public abstract float[] backward(RecurrentPlan p, RecurrentTrace trace, RecurrentWeights weights, float[] dOut,
            float[][] dFinalStates, RecurrentWeights weightGrads, float[][] dInitialStates);

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
        float[] xd = new float[x.length];
        timesInputDropout(p, x, dropMask, xd);
        return xd;
    }

    /** {@code to = from ⊙ dropMask}, the sample's mask broadcast over its steps ({@code to} may be {@code from}). */
    private static void timesInputDropout(RecurrentPlan p, float[] from, float[] dropMask, float[] to) {
        int f = p.inputDim();
        for (int b = 0; b < p.batch(); b++) {
            for (int t = 0; t < p.steps(); t++) {
                K.mul(f, from, (b * p.steps() + t) * f, dropMask, b * f, to, (b * p.steps() + t) * f);
            }
        }
    }

    /**
     * Projections at inference larger than this many floats (16 MiB) are not kept per thread:
     * {@link #infer} runs the batch in slices that fit, {@link #forward} allocates.
     */
    static final int MAX_KEPT_PROJECTION = 1 << 22;

    /** Workspace slot of the projection; kernels number their other inference buffers from 1. */
    static final int SLOT_PROJECTION = 0;

    /**
     * Inference over {@code x [B, T, F]} (read from {@code xOff}) with no mask, no dropout and zero
     * initial states, writing the output ({@code [B, T, u]} or {@code [B, u]}) to {@code out} from
     * {@code outOff}. Temporaries come from {@code ws}: once it has grown to this batch size, a call
     * allocates nothing. Large batches run in slices whose projection fits
     * {@link #MAX_KEPT_PROJECTION}, so memory stays bounded whatever the batch.
     */
    public final void infer(RecurrentPlan p, float[] x, int xOff, RecurrentWeights weights, float[] out, int outOff,
            Workspace ws) {
        int outPerSample = p.outputSize() / Math.max(1, p.batch());
        int parts = parallelParts(p);
        if (parts > 1) {
            // Samples are independent: each thread runs the whole recurrence for its share of the
            // batch (single-threaded GEMMs, its own workspace), so the gate math runs in parallel
            // too and the threads never wait for each other between steps.
            K.parallelFor(parts, part -> {
                int b0 = rangeStart(p, part, parts);
                int n = rangeStart(p, part + 1, parts) - b0;
                inferSlices(p.withBatch(n), x, xOff + b0 * p.steps() * p.inputDim(), weights, out,
                        outOff + b0 * outPerSample, Workspace.forCurrentThread());
            });
        } else {
            inferSlices(p, x, xOff, weights, out, outOff, ws);
        }
    }

    /**
     * How many batch ranges a run's time loops split into (inference, and the LSTM's training loops):
     * one per {@link #PARALLEL_MIN_BATCH} samples, up to the kernel threads, and only for runs of at
     * least 2<sup>24</sup> multiply-adds. Samples are independent along time, so each range runs its
     * own per-step GEMMs (single-threaded) and gate math; in training the weight gradients are still
     * formed over all rows at once.
     */
    int parallelParts(RecurrentPlan p) {
        long fmas = (long) p.batch() * p.steps() * gateWidth(p.units()) * (p.units() + p.inputDim());
        if (fmas < PARALLEL_MIN_FMAS) {
            return 1;
        }
        return Math.max(1, Math.min(K.threads(), p.batch() / PARALLEL_MIN_BATCH));
    }

    /** A time loop over samples {@code b0..b1-1}; back-propagation returns the array holding the carried gradient. */
    interface RangeLoop {
        float[] run(int b0, int b1);
    }

    /**
     * Runs {@code loop} over the whole batch, split into {@link #parallelParts} ranges on the
     * kernel threads when the run is large enough, and returns range 0's result (every range
     * swaps its carried buffers the same number of times, so all end on the same array).
     */
    final float[] overRanges(RecurrentPlan p, RangeLoop loop) {
        int parts = parallelParts(p);
        if (parts == 1) {
            return loop.run(0, p.batch());
        }
        float[][] first = new float[1][];
        K.parallelFor(parts, part -> {
            float[] r = loop.run(rangeStart(p, part, parts), rangeStart(p, part + 1, parts));
            if (part == 0) {
                first[0] = r;
            }
        });
        return first[0];
    }

    /** Smallest share of a batch given to one thread. */
    static final int PARALLEL_MIN_BATCH = 16;

    /** Smallest recurrent run split over threads, in multiply-adds. */
    static final long PARALLEL_MIN_FMAS = 1L << 24;

    /** Runs a batch in slices whose kept projection fits {@link #MAX_KEPT_PROJECTION}. */
    private void inferSlices(RecurrentPlan p, float[] x, int xOff, RecurrentWeights weights, float[] out, int outOff,
            Workspace ws) {
        int outPerSample = p.outputSize() / Math.max(1, p.batch());
        int slice = projectionFloats(p) <= MAX_KEPT_PROJECTION ? p.batch()
                : Math.max(1, MAX_KEPT_PROJECTION / (p.steps() * gateWidth(p.units())));
        for (int b0 = 0; b0 < p.batch(); b0 += slice) {
            int n = Math.min(slice, p.batch() - b0);
            RecurrentPlan part = n == p.batch() ? p : p.withBatch(n);
            inferSlice(part, x, xOff + b0 * p.steps() * p.inputDim(), weights, out, outOff + b0 * outPerSample, ws);
        }
        StepBuffers.releaseInference();
    }

    /** Floats of projection an inference slice of this plan keeps: all steps, unless projected per step. */
    long projectionFloats(RecurrentPlan p) {
        return (long) p.batch() * p.steps() * gateWidth(p.units());
    }

    /**
     * Columns of the weights and of the input projection: 4u (LSTM), 3u (GRU), u (simple RNN), from
     * the cell's gate enum. Layers size their parameters with it.
     */
    public abstract int gateWidth(int units);

    /** {@link #infer} on a batch whose projection fits the workspace. */
    abstract void inferSlice(RecurrentPlan p, float[] x, int xOff, RecurrentWeights weights, float[] out, int outOff,
            Workspace ws);

    /**
     * The projection buffer of a {@link #forward} call: a new array when training (the trace keeps
     * it), otherwise this thread's workspace slot unless it is too large to keep.
     */
    static float[] projectionBuffer(int size, boolean training) {
        if (training || size > MAX_KEPT_PROJECTION) {
            return new float[size];
        }
        return Workspace.forCurrentThread().floats(SLOT_PROJECTION, size);
    }

    /**
     * {@code Z = x · W + bias} over all {@code B*T} rows at once into {@code z}; {@code width} = G,
     * the bias row read from {@code bias[biasOff]} (or none when {@code bias} is null).
     */
    static void project(RecurrentPlan p, float[] x, int xOff, float[] kernel, float[] bias, int biasOff, int width,
            float[] z) {
        int rows = p.batch() * p.steps();
        if (bias != null) {
            K.broadcastRows(bias, biasOff, rows, width, z, 0, width);
        }
        K.gemm(false, false, rows, width, p.inputDim(), x, xOff, p.inputDim(), kernel, 0, width,
                bias != null ? 1f : 0f, z, 0, width);
    }

    /**
     * Where the input projection of each step lives. Up front ({@link #project} over all
     * {@code B*T} rows; training keeps it for back-propagation): row {@code (b, t)} at
     * {@code (b*T + t) * G}. Per step (large inference batches): {@code x[:, t, :] · W + bias} is
     * computed into a {@code [B, G]} buffer just before the step, so the recurrent GEMM adds into
     * rows that are in cache and contiguous instead of reading a projection of {@code B*T*G}
     * floats, {@code T*G} apart, back from memory. A kernel's loop asks {@link #projectStep},
     * {@link #rowBase} and {@link #rowStride}; {@code x == null} means up front. {@code packedKernel}: the
     * kernel packed once for all steps ({@link #packedForSteps}), or null.
     */
    static void projectStep(RecurrentPlan p, int t, float[] x, int xOff, float[] kernel, PackedB packedKernel,
            float[] bias, int width, float[] z) {
        if (x == null) {
            return;
        }
        int f = p.inputDim();
        if (f == 1) {
            // One feature (a univariate series): one pass over z instead of a bias pass and a thin GEMM.
            K.biasPlusOuter(p.batch(), width, x, xOff + t, p.steps(), kernel, bias, 0, z, 0, width);
            return;
        }
        if (bias != null) {
            K.broadcastRows(bias, 0, p.batch(), width, z, 0, width);
        }
        float beta = bias != null ? 1f : 0f;
        if (packedKernel != null) {
            K.gemm(p.batch(), packedKernel, x, xOff + t * f, p.steps() * f, beta, z, 0, width);
        } else {
            K.gemm(false, false, p.batch(), width, f, x, xOff + t * f, p.steps() * f, kernel, 0, width, beta, z, 0,
                    width);
        }
    }

    /** Packing slot of the recurrent kernel in {@link #packedForSteps}; the input kernel uses the other. */
    static final int PACK_RECURRENT = 0;

    /** Packing slot of the input kernel (per-step projection) in {@link #packedForSteps}. */
    static final int PACK_INPUT = 1;

    /**
     * A {@code k x n} kernel packed once for the per-step GEMMs of {@code m} rows of one run (the
     * recurrent product, the per-step projection), into this thread's storage {@code slot}; null when
     * the GEMM would not pack it (small m: B is read in place). Without this, every step's GEMM
     * packed the same kernel again (W3 inference: a 1 MiB recurrent kernel, 50 times per call).
     */
    static PackedB packedForSteps(int slot, int m, int n, int k, float[] kernel) {
        return K.packBForSteps(slot, m, n, k, kernel, 0, n);
    }

    /** The step's {@code h · U} added into z: through the packed kernel when there is one (the same numbers). */
    static void recurrentProduct(int m, int n, int k, float[] h, int hOff, float[] kernel, PackedB packed, float[] z,
            int zOff, int zStride) {
        recurrentProduct(m, n, k, h, hOff, kernel, packed, n, z, zOff, zStride);
    }

    /** {@link #recurrentProduct} of the first n columns of a kernel whose rows are {@code ldk} wide. */
    static void recurrentProduct(int m, int n, int k, float[] h, int hOff, float[] kernel, PackedB packed, int ldk,
            float[] z, int zOff, int zStride) {
        if (packed != null) {
            K.gemm(m, packed, h, hOff, k, 1f, z, zOff, zStride);
        } else {
            K.gemm(false, false, m, n, k, h, hOff, k, kernel, 0, ldk, 1f, z, zOff, zStride);
        }
    }

    /** Offset of sample 0's row at step t (see {@link #projectStep}). */
    static int rowBase(int t, int width, boolean perStep) {
        return perStep ? 0 : t * width;
    }

    /** Distance between two samples' rows of one step (see {@link #projectStep}). */
    static int rowStride(RecurrentPlan p, int width, boolean perStep) {
        return perStep ? width : p.steps() * width;
    }

    /** True when an inference slice projects per step: thin per-step GEMMs only pay off from this batch. */
    static boolean projectsPerStep(RecurrentPlan p) {
        return p.batch() >= PER_STEP_MIN_BATCH;
    }

    /**
     * The projection buffer of an inference slice: {@code [B, G]} filled step by step, or all steps
     * projected now (batch-1 latency: one GEMM for all steps).
     */
    static float[] inferenceProjection(RecurrentPlan p, float[] x, int xOff, float[] kernel, float[] bias, int width,
            Workspace ws) {
        if (projectsPerStep(p)) {
            return ws.floats(SLOT_PROJECTION, p.batch() * width);
        }
        float[] z = ws.floats(SLOT_PROJECTION, p.batch() * p.steps() * width);
        project(p, x, xOff, kernel, bias, 0, width, z);
        return z;
    }

    /** Smallest inference batch projected per step (below it the per-step GEMMs are too thin). */
    static final int PER_STEP_MIN_BATCH = 8;

    /**
     * The state a step multiplies by the recurrent kernel, {@code h ⊙ recurrentDropout} (or h), for the
     * {@code count} values from {@code from} (one batch range).
     */
    static float[] recurrentInput(float[] h, float[] dropMask, float[] into, int from, int count) {
        if (dropMask == null) {
            return h;
        }
        K.mul(count, h, from, dropMask, from, into, from);
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

    /** Copies h of sample b into the returnSequences output (at {@code outOff}) at processing step s. */
    static void emit(RecurrentPlan p, float[] h, int b, int s, float[] out, int outOff) {
        if (p.returnSequences()) {
            System.arraycopy(h, b * p.units(), out, outOff + (b * p.steps() + s) * p.units(), p.units());
        }
    }

    /** The last output (returnSequences false) is the final h: samples {@code b0..b1-1}. */
    static void finishOutput(RecurrentPlan p, float[] h, float[] out, int outOff, int b0, int b1) {
        if (!p.returnSequences()) {
            System.arraycopy(h, b0 * p.units(), out, outOff + b0 * p.units(), (b1 - b0) * p.units());
        }
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
     * gradient itself (the state passed through unchanged), for samples {@code b0..b1-1}. Writes into
     * {@code dhp} and returns it.
     */
    static float[] previousHiddenGradient(RecurrentPlan p, int t, float[] mask, float[] dropMask, float[] dh,
            float[] dhp, int b0, int b1) {
        int u = p.units();
        for (int b = b0; b < b1; b++) {
            if (masked(mask, p, b, t)) {
                System.arraycopy(dh, b * u, dhp, b * u, u);
            } else if (dropMask != null) {
                K.mul(u, dhp, b * u, dropMask, b * u, dhp, b * u);
            }
        }
        return dhp;
    }

    /** First sample of range {@code part} of {@code parts} (the last range ends at the batch size). */
    static int rangeStart(RecurrentPlan p, int part, int parts) {
        return (int) ((long) p.batch() * part / parts);
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
            timesInputDropout(p, dx, drop, dx);
        }
        return dx;
    }
}
