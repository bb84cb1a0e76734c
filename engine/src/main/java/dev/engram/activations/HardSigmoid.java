package dev.engram.activations;

import dev.engram.internal.kernels.Kernels;

/**
 * Piecewise-linear sigmoid {@code f(x) = clip(slope * x + offset, 0, 1)}.
 *
 * <p>The name "hard sigmoid" means different functions by origin, so the engine keeps the
 * parameters: TF.js and Keras 2 use {@code (0.2, 0.5)} ({@link Activations#hardSigmoid()}),
 * Keras 3 uses {@code (1/6, 0.5)}, and ONNX {@code HardSigmoid(alpha, beta)} maps to
 * {@code (alpha, beta)}.
 *
 * <p>Derivative: {@code slope} where {@code 0 <= slope * x + offset <= 1} (boundaries included),
 * 0 outside. TF.js parity: TF.js builds the function as {@code clipByValue(0.2 x + 0.5, 0, 1)}
 * and its clipByValue gradient passes {@code dy} where {@code min <= z <= max}. The pre-activation
 * {@code z} is recomputed in float exactly as the forward pass computes it.
 *
 * @param slope  multiplier of {@code x}; finite
 * @param offset added after scaling; finite
 */
public record HardSigmoid(double slope, double offset) implements Activation {

    /**
     * Validates that both parameters are finite.
     *
     * @param slope  multiplier of {@code x}; finite
     * @param offset added after scaling; finite
     */
    public HardSigmoid {
        if (!Double.isFinite(slope) || !Double.isFinite(offset)) {
            throw new IllegalArgumentException("hardSigmoid slope and offset must be finite, got slope "
                    + slope + ", offset " + offset);
        }
    }

    /** {@code "hardSigmoid(slope, offset)"}, e.g. {@code "hardSigmoid(0.2, 0.5)"}. */
    @Override
    public String name() {
        return "hardSigmoid(" + slope + ", " + offset + ")";
    }

    @Override
    public boolean isElementwise() {
        return true;
    }

    @Override
    public double value(double x) {
        return Math.min(1.0, Math.max(0.0, slope * x + offset));
    }

    @Override
    public void forward(float[] x, int xOff, float[] y, int yOff, int rows, int cols) {
        Kernels.get().hardSigmoid(rows * cols, (float) slope, (float) offset, x, xOff, y, yOff);
    }

    @Override
    public void backward(float[] x, int xOff, float[] y, int yOff, float[] dy, int dyOff,
            float[] dx, int dxOff, int rows, int cols) {
        // TF.js parity: boundaries included, like its clipByValue gradient (see Kernels.hardSigmoidBackward).
        Kernels.get().hardSigmoidBackward(rows * cols, (float) slope, (float) offset, x, xOff, dy, dyOff, dx, dxOff);
    }
}
