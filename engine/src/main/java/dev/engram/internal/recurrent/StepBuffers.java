package dev.engram.internal.recurrent;

/**
 * What one run of a kernel's time loop reads and writes besides the weights, so the loops take one
 * argument instead of a dozen. Training runs make a new one ({@link #forward}); inference reuses
 * this thread's ({@link #inference}, then {@link #releaseInference}), so a warm prediction allocates
 * nothing. Either way it is only used until the run returns.
 *
 * <ul>
 * <li>{@code z}: the input projections, all steps up front, or a {@code [B, G]} buffer filled step
 *     by step from {@code stepX} (see {@code RecurrentKernel.projectStep}); {@code stepX} is null in
 *     the first case, {@code xOff} is where the batch starts in it;
 * <li>{@code mask} {@code [B, T]}, {@code recurrentDropout} {@code [B, u]} (or null) and
 *     {@code droppedH}, the buffer for {@code h ⊙ recurrentDropout};
 * <li>{@code zeroState}: the initial states are zero (the first recurrent GEMM is skipped);
 * <li>{@code h}, {@code c} (LSTM only, else null) {@code [B, u]}: the initial states on entry, the
 *     final ones on return;
 * <li>{@code out} from {@code outOff}: the output, {@code [B, T, u]} or {@code [B, u]}.
 * </ul>
 */
final class StepBuffers {
    private static final ThreadLocal<StepBuffers> INFERENCE = ThreadLocal.withInitial(StepBuffers::new);

    float[] z;
    float[] stepX;
    int xOff;
    float[] mask;
    float[] recurrentDropout;
    float[] droppedH;
    boolean zeroState;
    float[] h;
    float[] c;
    float[] out;
    int outOff;

    /** A training or forward run: all steps projected up front into {@code z}, masks from {@code in}. */
    static StepBuffers forward(RecurrentPlan p, float[] z, RecurrentInputs in, float[] h, float[] c, float[] out) {
        StepBuffers b = new StepBuffers();
        b.z = z;
        b.mask = in.mask();
        b.recurrentDropout = in.recurrentDropout();
        b.droppedH = in.recurrentDropout() != null ? new float[p.batch() * p.units()] : null;
        b.zeroState = in.initialState(0) == null;
        b.h = h;
        b.c = c;
        b.out = out;
        return b;
    }

    /**
     * This thread's buffers set for an inference slice: no mask, no dropout, zero initial states;
     * per-step projection from {@code x} for large batches.
     */
    static StepBuffers inference(RecurrentPlan p, float[] z, float[] x, int xOff, float[] h, float[] c, float[] out,
            int outOff) {
        StepBuffers b = INFERENCE.get();
        b.z = z;
        b.stepX = RecurrentKernel.projectsPerStep(p) ? x : null;
        b.xOff = xOff;
        b.zeroState = true;
        b.h = h;
        b.c = c;
        b.out = out;
        b.outOff = outOff;
        return b;
    }

    /** Drops this thread's references to the last inference's arrays (the caller's input and output among them). */
    static void releaseInference() {
        StepBuffers b = INFERENCE.get();
        b.z = null;
        b.stepX = null;
        b.h = null;
        b.c = null;
        b.out = null;
    }
}
