package dev.engram.internal.attention;

import dev.engram.internal.kernels.Kernels;

/**
 * The per-head inner loops of multi-head attention: a small row-major product and the masked softmax
 * over the rows of a score plane. Both run on the calling thread: the layer splits its work by
 * (sample, head) over the kernel threads, and one head's planes (64 x 64 scores, 64 x 32 values in the
 * benchmark model) are far below the size where the engine GEMM's packing and hand-off pay off.
 *
 * <p>{@link #get()} follows the engine kernels' choice: the Vector API implementation when
 * {@link Kernels#get()} is the vector one, else the plain-Java one (the engine test suite runs both).
 */
public abstract class AttentionKernels {
    private static final AttentionKernels SELECTED = select(Kernels.get().name());

    AttentionKernels() {
    }

    /**
     * The implementation chosen for this JVM.
     *
     * @return the vector kernels when the engine kernels are the vector ones, else the scalar kernels
     */
    public static AttentionKernels get() {
        return SELECTED;
    }

    static AttentionKernels select(String engineKernels) {
        if ("vector".equals(engineKernels)) {
            try {
                // Loaded reflectively so that this class links without the incubator module.
                return (AttentionKernels) Class.forName("dev.engram.internal.attention.VectorAttentionKernels")
                        .getDeclaredConstructor().newInstance();
            } catch (ReflectiveOperationException | LinkageError e) {
                return new ScalarAttentionKernels();
            }
        }
        return new ScalarAttentionKernels();
    }

    /**
     * A short name for logs and tests.
     *
     * @return {@code "vector"} or {@code "scalar"}
     */
    public abstract String name();

    /**
     * {@code C = A · B} with A {@code m x k}, B {@code k x n} and C {@code m x n}, all row-major at the
     * given offsets and leading dimensions; C is overwritten (never read). Each element is computed the
     * same way wherever it sits in C (one sum over {@code p} in order), so a product split into column or
     * row blocks gives the same bits as the whole.
     *
     * @param m   rows of A and C
     * @param n   columns of B and C
     * @param k   columns of A, rows of B
     * @param a   A's array
     * @param aOff where A starts
     * @param lda distance between A's rows
     * @param b   B's array
     * @param bOff where B starts
     * @param ldb distance between B's rows
     * @param c   C's array
     * @param cOff where C starts
     * @param ldc distance between C's rows
     */
    public abstract void product(int m, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
            float[] c, int cOff, int ldc);

    /**
     * In-place softmax of each of {@code rows} rows of {@code cols} scores. With a mask, a score whose
     * mask entry is 0 first gets {@code maskAdder} added (Keras's additive padding mask: a row with
     * every entry masked then comes out uniform), as {@code s += maskAdder} in float.
     *
     * @param rows      rows of the plane
     * @param cols      scores per row
     * @param s         the scores, replaced by the probabilities
     * @param sOff      where the plane starts
     * @param lds       distance between the plane's rows
     * @param allowed   the mask plane (0 = masked), or null for none
     * @param mOff      where the mask plane starts
     * @param ldm       distance between the mask plane's rows
     * @param maskAdder what a masked score gets added
     */
    public abstract void softmaxRows(int rows, int cols, float[] s, int sOff, int lds, float[] allowed, int mOff,
            int ldm, float maskAdder);
}
