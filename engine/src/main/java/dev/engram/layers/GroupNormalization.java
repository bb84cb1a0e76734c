package dev.engram.layers;

import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Group normalization (Keras {@code GroupNormalization}; Wu and He 2018, "Group Normalization"): the
 * channels (axis {@link GroupNormalizationConfig#axis()}) are split into {@code groups} equal groups, and each
 * sample's values of one group, over every other position, are normalised to zero mean and unit variance:
 * {@code y = gamma_c * (x - mean_g) / sqrt(var_g + epsilon) + beta_c}, with the population variance and the
 * learned per-channel {@code gamma} and {@code beta} (Keras order: gamma, beta). Masks pass through and do
 * not change the statistics (Keras). Shapes are unchanged.
 */
public final class GroupNormalization extends Layer {
    private final GroupNormalizationConfig config;
    private Parameter gamma;
    private Parameter beta;
    /** Set at build: the channel axis in per-sample coordinates, the channels and the groups. */
    private int channelAxis;
    private int channels;
    private int groups;

    GroupNormalization(String name, GroupNormalizationConfig config) {
        super(name);
        this.config = config;
    }

    @Override
    public GroupNormalizationConfig config() {
        return config;
    }

    @Override
    public boolean supportsMasking() {
        return true;
    }

    @Override
    protected Shape doBuild(Shape inputShape, RandomGenerator random) {
        int rank = inputShape.rank() + 1;
        int a = config.axis() < 0 ? config.axis() + rank : config.axis();
        if (a < 1 || a >= rank || inputShape.dim(a - 1) == Shape.UNKNOWN) {
            throw new IncompatibleShapeException(name(), 0, inputShape.prepend(Shape.UNKNOWN),
                    inputShape.prepend(Shape.UNKNOWN), "(GroupNormalization: axis " + config.axis()
                            + " must be a non-batch axis of known size)");
        }
        channelAxis = a - 1;
        channels = inputShape.dim(channelAxis);
        groups = config.groups() == -1 ? channels : config.groups();
        if (channels < groups || channels % groups != 0) {
            throw new IllegalArgumentException("Layer '" + name() + "' (GroupNormalization): " + groups
                    + " groups do not divide the " + channels + " channels of axis " + config.axis() + " of input "
                    + inputShape.prepend(Shape.UNKNOWN));
        }
        if (config.scale()) {
            gamma = addParameter(WeightRole.GAMMA, config.gammaInitializer(), Shape.of(channels), random, true);
        }
        if (config.center()) {
            beta = addParameter(WeightRole.BETA, config.betaInitializer(), Shape.of(channels), random, true);
        }
        return inputShape;
    }

    /** Sizes of one call: samples, positions before and after the channel axis. */
    private record Dims(int batch, int outer, int inner) {
    }

    private Dims dims(Tensor x) {
        int outer = 1;
        int inner = 1;
        for (int d = 1; d < x.rank(); d++) {
            if (d - 1 < channelAxis) {
                outer *= x.shape().dim(d);
            } else if (d - 1 > channelAxis) {
                inner *= x.shape().dim(d);
            }
        }
        return new Dims(x.shape().dim(0), outer, inner);
    }

    /** Flat index of sample b, outer position o, channel c, inner position i. */
    private int at(Dims d, int b, int o, int c, int i) {
        return ((b * d.outer() + o) * channels + c) * d.inner() + i;
    }

    /** Normalises {@code x} into {@code y}; keeps xhat and 1/sqrt(var + eps) per (sample, group) when asked. */
    private void normalize(float[] x, Dims d, float[] y, float[] xhat, float[] invStd) {
        int per = channels / groups;
        double count = (double) d.outer() * per * d.inner();
        for (int b = 0; b < d.batch(); b++) {
            for (int g = 0; g < groups; g++) {
                double sum = 0;
                for (int o = 0; o < d.outer(); o++) {
                    for (int c = g * per; c < (g + 1) * per; c++) {
                        for (int i = 0; i < d.inner(); i++) {
                            sum += x[at(d, b, o, c, i)];
                        }
                    }
                }
                double mean = sum / count;
                double sq = 0;
                for (int o = 0; o < d.outer(); o++) {
                    for (int c = g * per; c < (g + 1) * per; c++) {
                        for (int i = 0; i < d.inner(); i++) {
                            double dev = x[at(d, b, o, c, i)] - mean;
                            sq += dev * dev;
                        }
                    }
                }
                float inv = (float) (1 / Math.sqrt(sq / count + config.epsilon()));
                if (invStd != null) {
                    invStd[b * groups + g] = inv;
                }
                for (int o = 0; o < d.outer(); o++) {
                    for (int c = g * per; c < (g + 1) * per; c++) {
                        for (int i = 0; i < d.inner(); i++) {
                            int k = at(d, b, o, c, i);
                            float h = (float) ((x[k] - mean) * inv);
                            if (xhat != null) {
                                xhat[k] = h;
                            }
                            y[k] = (gamma != null ? h * gamma.data()[c] : h) + (beta != null ? beta.data()[c] : 0f);
                        }
                    }
                }
            }
        }
    }

    @Override
    protected Tensor doCall(Tensor input) {
        float[] y = new float[input.size()];
        normalize(input.buffer(), dims(input), y, null, null);
        return Tensor.wrap(input.shape(), y);
    }

    @Override
    protected ForwardPass doForwardAll(List<Tensor> inputs, Tensor mask, TrainingContext context) {
        Tensor input = inputs.get(0);
        Dims d = dims(input);
        float[] y = new float[input.size()];
        float[] xhat = new float[input.size()];
        float[] invStd = new float[d.batch() * groups];
        normalize(input.buffer(), d, y, xhat, invStd);
        return ForwardPass.of(Tensor.wrap(input.shape(), y), grads -> {
            float[] dy = grads.get(0).buffer();
            float[] dx = new float[dy.length];
            int per = channels / groups;
            double count = (double) d.outer() * per * d.inner();
            for (int b = 0; b < d.batch(); b++) {
                for (int g = 0; g < groups; g++) {
                    double meanG = 0;
                    double meanGh = 0;
                    for (int o = 0; o < d.outer(); o++) {
                        for (int c = g * per; c < (g + 1) * per; c++) {
                            for (int i = 0; i < d.inner(); i++) {
                                int k = at(d, b, o, c, i);
                                float gk = gamma != null ? dy[k] * gamma.data()[c] : dy[k];
                                meanG += gk;
                                meanGh += (double) gk * xhat[k];
                                if (gamma != null) {
                                    gamma.grad()[c] += dy[k] * xhat[k];
                                }
                                if (beta != null) {
                                    beta.grad()[c] += dy[k];
                                }
                            }
                        }
                    }
                    float mg = (float) (meanG / count);
                    float mgh = (float) (meanGh / count);
                    float inv = invStd[b * groups + g];
                    for (int o = 0; o < d.outer(); o++) {
                        for (int c = g * per; c < (g + 1) * per; c++) {
                            for (int i = 0; i < d.inner(); i++) {
                                int k = at(d, b, o, c, i);
                                float gk = gamma != null ? dy[k] * gamma.data()[c] : dy[k];
                                dx[k] = (gk - mg - xhat[k] * mgh) * inv;
                            }
                        }
                    }
                }
            }
            return Tensor.wrap(input.shape(), dx);
        });
    }
}
