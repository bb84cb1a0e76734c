package dev.engram.activations;

/**
 * An activation function applied to a {@code rows x cols} block of a row-major buffer. Element-wise
 * functions ignore the row structure; {@link Activations#softmax()} normalises each row.
 *
 * <p>Implementations are immutable and thread-safe. Obtain them from {@link Activations}.
 */
public interface Activation {

    /**
     * A short engine name, e.g. {@code "tanh"} or {@code "hardSigmoid(0.2, 0.5)"}; not a file-format name.
     *
     * @return the name, used in messages and {@code toString}
     */
    String name();

    /**
     * True when the function acts on each element independently (false for softmax).
     *
     * @return true for element-wise functions
     */
    boolean isElementwise();

    /**
     * The function in double precision at one point: the reference the tests and gradient checks
     * use. Throws {@link UnsupportedOperationException} for functions that are not element-wise.
     *
     * @param x the input
     * @return f(x)
     */
    double value(double x);

    /**
     * {@code y = f(x)} over {@code rows x cols} values starting at the given offsets, rows stored
     * {@code cols} apart. {@code y} may be the same array and offset as {@code x}.
     *
     * @param x the inputs
     * @param xOff index of the first input in {@code x}
     * @param y receives the outputs
     * @param yOff index of the first output in {@code y}
     * @param rows the number of rows (e.g. batch entries); softmax normalises each row
     * @param cols the values per row
     */
    void forward(float[] x, int xOff, float[] y, int yOff, int rows, int cols);

    /**
     * {@code dx = (df/dx)^T dy} for the same block, given the input {@code x} and the output
     * {@code y = f(x)} of the forward pass. {@code dx} may alias {@code dy}, but not {@code x} or
     * {@code y}.
     *
     * @param x the forward inputs
     * @param xOff index of the first input in {@code x}
     * @param y the forward outputs
     * @param yOff index of the first output in {@code y}
     * @param dy the gradient of the loss with respect to {@code y}
     * @param dyOff index of the first value in {@code dy}
     * @param dx receives the gradient with respect to {@code x}
     * @param dxOff index of the first value in {@code dx}
     * @param rows the number of rows
     * @param cols the values per row
     */
    void backward(float[] x, int xOff, float[] y, int yOff, float[] dy, int dyOff,
            float[] dx, int dxOff, int rows, int cols);
}
