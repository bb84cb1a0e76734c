package dev.engram.activations;

/**
 * The element-wise activations without parameters that Keras 3 names as strings (and, for
 * {@code exponential} and {@code mish}, tf-keras 2 and TF.js too), each with Keras 3's default
 * constants. One loop serves them all: these are not on the recurrent hot path, so a double-precision
 * scalar evaluation per element is accurate and fast enough.
 *
 * <p>Derivatives are the analytic ones; at the kinks of the piecewise functions (measure zero)
 * they take the value of the branch that TensorFlow's gradient takes for the op Keras composes.
 *
 * @param function which function
 */
record Pointwise(Function function) implements Activation {

    /** The functions, each with its value and derivative in double precision. */
    enum Function {
        /** {@code exp(x)} (Keras {@code exponential}). */
        EXPONENTIAL("exponential") {
            @Override
            double value(double x) {
                return Math.exp(x);
            }

            @Override
            double derivative(double x) {
                return Math.exp(x);
            }
        },
        /** {@code x * tanh(softplus(x))} (Misra 2019, arXiv:1908.08681). */
        MISH("mish") {
            @Override
            double value(double x) {
                return x * Math.tanh(softplus(x));
            }

            @Override
            double derivative(double x) {
                double t = Math.tanh(softplus(x));
                return t + x * (1 - t * t) * sigmoid(x);
            }
        },
        /** {@code -softplus(-x)}, computed without overflow for large {@code |x|}. */
        LOG_SIGMOID("logSigmoid") {
            @Override
            double value(double x) {
                return -softplus(-x);
            }

            @Override
            double derivative(double x) {
                return sigmoid(-x);
            }
        },
        /** {@code x * relu6(x + 3) / 6} (Keras {@code hard_silu}, alias {@code hard_swish}). */
        HARD_SILU("hardSilu") {
            @Override
            double value(double x) {
                return x * Math.min(Math.max(x + 3, 0), 6) / 6;
            }

            @Override
            double derivative(double x) {
                return x < -3 ? 0 : x > 3 ? 1 : (2 * x + 3) / 6;
            }
        },
        /** {@code x} for {@code x >= 0}, {@code 0.2 x} otherwise (Keras 3's {@code leaky_relu} default slope). */
        LEAKY_RELU("leakyRelu(0.2)") {
            @Override
            double value(double x) {
                return x >= 0 ? x : 0.2 * x;
            }

            @Override
            double derivative(double x) {
                return x >= 0 ? 1 : 0.2;
            }
        },
        /** {@code max(0, x) + min(0, expm1(x))}: CELU with Keras 3's default {@code alpha = 1}. */
        CELU("celu") {
            @Override
            double value(double x) {
                return x > 0 ? x : Math.expm1(x);
            }

            @Override
            double derivative(double x) {
                return x > 0 ? 1 : Math.exp(x);
            }
        },
        /** {@code clip(x, -1, 1)}. */
        HARD_TANH("hardTanh") {
            @Override
            double value(double x) {
                return Math.max(-1, Math.min(1, x));
            }

            @Override
            double derivative(double x) {
                return x < -1 || x > 1 ? 0 : 1;
            }
        },
        /** {@code x - tanh(x)}. */
        TANH_SHRINK("tanhShrink") {
            @Override
            double value(double x) {
                return x - Math.tanh(x);
            }

            @Override
            double derivative(double x) {
                double t = Math.tanh(x);
                return t * t;
            }
        },
        /** {@code x} where {@code |x| > 0.5}, else 0 (Keras 3's default threshold). */
        HARD_SHRINK("hardShrink(0.5)") {
            @Override
            double value(double x) {
                return Math.abs(x) > 0.5 ? x : 0;
            }

            @Override
            double derivative(double x) {
                return Math.abs(x) > 0.5 ? 1 : 0;
            }
        },
        /** {@code x - 0.5} above 0.5, {@code x + 0.5} below -0.5, else 0 (Keras 3's default threshold). */
        SOFT_SHRINK("softShrink(0.5)") {
            @Override
            double value(double x) {
                return x > 0.5 ? x - 0.5 : x < -0.5 ? x + 0.5 : 0;
            }

            @Override
            double derivative(double x) {
                return Math.abs(x) > 0.5 ? 1 : 0;
            }
        },
        /** {@code (x + sqrt(x^2 + 4)) / 2} (So 2021, arXiv:2112.11687; Keras 3's default {@code b = 4}). */
        SQUAREPLUS("squareplus(4)") {
            @Override
            double value(double x) {
                return (x + Math.sqrt(x * x + 4)) / 2;
            }

            @Override
            double derivative(double x) {
                return (1 + x / Math.sqrt(x * x + 4)) / 2;
            }
        },
        /** 0 below -1, {@code (x + 1)^2 / 4} on (-1, 1), {@code x} above 1 (Keras 3 {@code sparse_plus}). */
        SPARSE_PLUS("sparsePlus") {
            @Override
            double value(double x) {
                return x <= -1 ? 0 : x >= 1 ? x : (x + 1) * (x + 1) / 4;
            }

            @Override
            double derivative(double x) {
                return x <= -1 ? 0 : x >= 1 ? 1 : (x + 1) / 2;
            }
        },
        /** 0 below -1, {@code (x + 1) / 2} on (-1, 1), 1 above 1 (Keras 3 {@code sparse_sigmoid}). */
        SPARSE_SIGMOID("sparseSigmoid") {
            @Override
            double value(double x) {
                return x <= -1 ? 0 : x >= 1 ? 1 : (x + 1) / 2;
            }

            @Override
            double derivative(double x) {
                return x <= -1 || x >= 1 ? 0 : 0.5;
            }
        };

        private final String label;

        Function(String label) {
            this.label = label;
        }

        /** The value at {@code x}. */
        abstract double value(double x);

        /** The derivative at {@code x}. */
        abstract double derivative(double x);
    }

    @Override
    public String name() {
        return function.label;
    }

    @Override
    public double value(double x) {
        return function.value(x);
    }

    @Override
    public boolean isElementwise() {
        return true;
    }

    @Override
    public void forward(float[] x, int xOff, float[] y, int yOff, int rows, int cols) {
        int n = rows * cols;
        for (int i = 0; i < n; i++) {
            y[yOff + i] = (float) value(x[xOff + i]);
        }
    }

    @Override
    public void backward(float[] x, int xOff, float[] y, int yOff, float[] dy, int dyOff,
            float[] dx, int dxOff, int rows, int cols) {
        int n = rows * cols;
        for (int i = 0; i < n; i++) {
            dx[dxOff + i] = (float) (dy[dyOff + i] * function.derivative(x[xOff + i]));
        }
    }

    /** {@code log(1 + exp(x))} without overflow. */
    static double softplus(double x) {
        return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
    }

    private static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }
}
