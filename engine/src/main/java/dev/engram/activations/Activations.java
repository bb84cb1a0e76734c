package dev.engram.activations;

/**
 * Factory for the built-in activation functions. Every method returns an immutable, thread-safe
 * value; equal arguments give equal activations ({@code hardSigmoid().equals(hardSigmoid())}).
 *
 * <p>Numerics follow TF.js 4.x float32 results (to about 1e-6 relative); where TF.js and Keras use
 * different definitions of the same name (hard sigmoid, gelu) the defaults here are TF.js's and the
 * other form is reachable through a parametrised overload. Derivatives at kinks follow the
 * gradients TF.js registers for the ops it composes the function from; each type says which.
 */
public final class Activations {
    private static final Activation LINEAR = new Linear();
    private static final Activation RELU = new Relu();
    private static final Activation RELU6 = new Relu6();
    private static final Activation SELU = new Selu();
    private static final Activation TANH = new Tanh();
    private static final Activation SIGMOID = new Sigmoid();
    private static final Activation SOFTMAX = new Softmax();
    private static final Activation SOFTPLUS = new Softplus();
    private static final Activation SOFTSIGN = new Softsign();
    private static final Activation SWISH = new Swish();
    private static final Activation LOG_SOFTMAX = new LogSoftmax();

    private Activations() {
    }

    /**
     * The identity {@code f(x) = x}; the default activation of Dense layers.
     *
     * @return the activation
     */
    public static Activation linear() {
        return LINEAR;
    }

    /**
     * {@code max(x, 0)}; derivative 0 at {@code x = 0} (TF.js {@code step}).
     *
     * @return the activation
     */
    public static Activation relu() {
        return RELU;
    }

    /**
     * {@code min(max(x, 0), 6)}; derivative 1 on the open interval (0, 6), 0 elsewhere.
     *
     * @return the activation
     */
    public static Activation relu6() {
        return RELU6;
    }

    /**
     * {@link #elu(double)} with {@code alpha = 1}, the only value TF.js supports.
     *
     * @return the activation
     */
    public static Elu elu() {
        return new Elu(1.0);
    }

    /**
     * {@code x > 0 ? x : alpha * (exp(x) - 1)}; see {@link Elu}.
     *
     * @param alpha the scale of the negative branch
     * @return the activation
     */
    public static Elu elu(double alpha) {
        return new Elu(alpha);
    }

    /**
     * Scaled ELU (Klambauer et al. 2017, arXiv:1706.02515): {@code scale * x} for {@code x > 0},
     * else {@code scale * alpha * (exp(x) - 1)} with Keras's constants {@code alpha =
     * 1.6732632423543772}, {@code scale = 1.0507009873554805}. Derivative at 0 is the left one,
     * {@code scale * alpha} (TF.js selu gradient uses {@code x > 0} for the linear branch).
     *
     * @return the activation
     */
    public static Activation selu() {
        return SELU;
    }

    /**
     * Hyperbolic tangent; backward uses {@code 1 - y^2}.
     *
     * @return the activation
     */
    public static Activation tanh() {
        return TANH;
    }

    /**
     * Logistic sigmoid {@code 1 / (1 + exp(-x))}; backward uses {@code y (1 - y)}.
     *
     * @return the activation
     */
    public static Activation sigmoid() {
        return SIGMOID;
    }

    /**
     * Hard sigmoid of TF.js and Keras 2: {@code clip(0.2 x + 0.5, 0, 1)}, i.e.
     * {@code hardSigmoid(0.2, 0.5)}. This is TF.js's default LSTM/GRU recurrent activation.
     *
     * @return the activation
     */
    public static HardSigmoid hardSigmoid() {
        return new HardSigmoid(0.2, 0.5);
    }

    /**
     * {@code clip(slope * x + offset, 0, 1)}. Keras 3 uses {@code hardSigmoid(1.0 / 6, 0.5)}, ONNX
     * {@code HardSigmoid(alpha, beta)} is {@code hardSigmoid(alpha, beta)}. See {@link HardSigmoid}.
     *
     * @param slope the slope of the linear part
     * @param offset the value at 0
     * @return the activation
     */
    public static HardSigmoid hardSigmoid(double slope, double offset) {
        return new HardSigmoid(slope, offset);
    }

    /**
     * Softmax over the last axis: each row of the {@code rows x cols} block is mapped to
     * {@code exp(x_i - max) / sum_j exp(x_j - max)}. Backward is
     * {@code dx_i = y_i (dy_i - sum_j dy_j y_j)}. Not element-wise: {@code value(double)} throws.
     *
     * @return the activation
     */
    public static Activation softmax() {
        return SOFTMAX;
    }

    /**
     * {@code log(1 + exp(x))}, computed like TF.js: {@code x} above {@code -log(eps) - 2} (about
     * 13.94, eps = 2^-23) and {@code exp(x)} below {@code log(eps) + 2}; derivative
     * {@code sigmoid(x)}.
     *
     * @return the activation
     */
    public static Activation softplus() {
        return SOFTPLUS;
    }

    /**
     * {@code x / (1 + |x|)}; derivative {@code 1 / (1 + |x|)^2}.
     *
     * @return the activation
     */
    public static Activation softsign() {
        return SOFTSIGN;
    }

    /**
     * Swish (Ramachandran et al. 2017), also called SiLU: {@code x * sigmoid(x)}, as TF.js and
     * Keras compute it with their default {@code beta = 1}.
     *
     * @return the activation
     */
    public static Activation swish() {
        return SWISH;
    }

    /**
     * GELU in its exact form {@code x * Phi(x) = 0.5 x (1 + erf(x / sqrt 2))}: what TF.js 4.22
     * computes for {@code 'gelu'} and what Keras's {@code activations.gelu} computes by default
     * ({@code approximate=False}). Same as {@code gelu(false)}.
     *
     * @return the activation
     */
    public static Gelu gelu() {
        return new Gelu(false);
    }

    /**
     * GELU, exact ({@code approximate = false}) or the tanh approximation
     * {@code 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))} ({@code approximate = true}; TF.js
     * calls this {@code 'gelu_new'}, Keras {@code gelu(x, approximate=True)}). See {@link Gelu}.
     *
     * @param approximate true for the tanh approximation
     * @return the activation
     */
    public static Gelu gelu(boolean approximate) {
        return new Gelu(approximate);
    }

    /**
     * Log-softmax over the last axis, {@code x - log(sum(exp(x)))} (TF.js {@code logSoftmax}, Keras
     * {@code log_softmax}); not element-wise.
     *
     * @return the activation
     */
    public static Activation logSoftmax() {
        return LOG_SOFTMAX;
    }

    /**
     * {@code exp(x)} (Keras {@code exponential}).
     *
     * @return the activation
     */
    public static Activation exponential() {
        return new Pointwise(Pointwise.Function.EXPONENTIAL);
    }

    /**
     * Mish {@code x * tanh(softplus(x))} (TF.js, tf-keras 2 and Keras 3 {@code mish}).
     *
     * @return the activation
     */
    public static Activation mish() {
        return new Pointwise(Pointwise.Function.MISH);
    }

    /**
     * {@code log(sigmoid(x)) = -softplus(-x)} (Keras 3 {@code log_sigmoid}).
     *
     * @return the activation
     */
    public static Activation logSigmoid() {
        return new Pointwise(Pointwise.Function.LOG_SIGMOID);
    }

    /**
     * Hard SiLU {@code x * relu6(x + 3) / 6} (Keras 3 {@code hard_silu}/{@code hard_swish}, ONNX
     * {@code HardSwish}).
     *
     * @return the activation
     */
    public static Activation hardSilu() {
        return new Pointwise(Pointwise.Function.HARD_SILU);
    }

    /**
     * Leaky ReLU with Keras 3's activation default slope 0.2 ({@code activation="leaky_relu"}; the
     * {@code LeakyReLU} layer takes any slope).
     *
     * @return the activation
     */
    public static Activation leakyRelu() {
        return new Pointwise(Pointwise.Function.LEAKY_RELU);
    }

    /**
     * CELU with {@code alpha = 1}, {@code max(0, x) + min(0, exp(x) - 1)} (Keras 3 {@code celu}).
     *
     * @return the activation
     */
    public static Activation celu() {
        return new Pointwise(Pointwise.Function.CELU);
    }

    /**
     * {@code clip(x, -1, 1)} (Keras 3 {@code hard_tanh}).
     *
     * @return the activation
     */
    public static Activation hardTanh() {
        return new Pointwise(Pointwise.Function.HARD_TANH);
    }

    /**
     * {@code x - tanh(x)} (Keras 3 {@code tanh_shrink}).
     *
     * @return the activation
     */
    public static Activation tanhShrink() {
        return new Pointwise(Pointwise.Function.TANH_SHRINK);
    }

    /**
     * {@code x} where {@code |x| > 0.5}, else 0 (Keras 3 {@code hard_shrink} with its default threshold).
     *
     * @return the activation
     */
    public static Activation hardShrink() {
        return new Pointwise(Pointwise.Function.HARD_SHRINK);
    }

    /**
     * {@code sign(x) * max(|x| - 0.5, 0)} (Keras 3 {@code soft_shrink} with its default threshold).
     *
     * @return the activation
     */
    public static Activation softShrink() {
        return new Pointwise(Pointwise.Function.SOFT_SHRINK);
    }

    /**
     * {@code (x + sqrt(x^2 + 4)) / 2} (Keras 3 {@code squareplus} with its default {@code b = 4}).
     *
     * @return the activation
     */
    public static Activation squareplus() {
        return new Pointwise(Pointwise.Function.SQUAREPLUS);
    }

    /**
     * 0 below -1, {@code (x + 1)^2 / 4} between, {@code x} above 1 (Keras 3 {@code sparse_plus}).
     *
     * @return the activation
     */
    public static Activation sparsePlus() {
        return new Pointwise(Pointwise.Function.SPARSE_PLUS);
    }

    /**
     * 0 below -1, {@code (x + 1) / 2} between, 1 above 1 (Keras 3 {@code sparse_sigmoid}).
     *
     * @return the activation
     */
    public static Activation sparseSigmoid() {
        return new Pointwise(Pointwise.Function.SPARSE_SIGMOID);
    }
}
