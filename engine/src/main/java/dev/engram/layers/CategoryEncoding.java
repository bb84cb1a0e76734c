package dev.engram.layers;

import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.util.Collections;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Preprocessing {@code CategoryEncoding} (TF.js 4.22 and Keras): encodes integer ids in
 * {@code [0, numTokens)} as vectors of length {@code numTokens}. Per-sample input {@code []} or
 * {@code [n]}: multi-hot and count give {@code [numTokens]} per sample; one-hot gives
 * {@code [numTokens]} for {@code n == 1} or a scalar and {@code [n, numTokens]} otherwise (Keras;
 * TF.js 4.22 refuses that case at run time). An id outside the range, or not an integer, is an
 * {@link InvalidInputException} naming the sample and position (as TF.js refuses it; Keras drops
 * it silently). Ids take no gradient (the backward pass returns none).
 */
public final class CategoryEncoding extends Layer {
    private final CategoryEncodingConfig config;

    CategoryEncoding(String name, CategoryEncodingConfig config) {
        super(name);
        this.config = config;
    }

    @Override
    public CategoryEncodingConfig config() {
        return config;
    }

    @Override
    public String inputHint() {
        return "[batch] or [batch, ids] of integer ids";
    }

    @Override
    protected Shape doBuild(Shape in, RandomGenerator random) {
        if (in.rank() > 1) {
            throw new IncompatibleShapeException(name(), 0, Shape.of(Shape.UNKNOWN, Shape.UNKNOWN),
                    in.prepend(Shape.UNKNOWN), "(CategoryEncoding takes ids [batch] or [batch, ids])");
        }
        int n = in.rank() == 0 ? 1 : in.dim(0);
        if (config.outputMode() == CategoryOutputMode.ONE_HOT && n != 1) {
            return Shape.of(n, config.numTokens());
        }
        return Shape.of(config.numTokens());
    }

    @Override
    protected Tensor doCall(Tensor input) {
        int batch = input.shape().dim(0);
        int n = input.rank() == 1 ? 1 : input.shape().dim(1);
        int k = config.numTokens();
        float[] x = input.buffer();
        boolean oneHot = config.outputMode() == CategoryOutputMode.ONE_HOT;
        int rows = oneHot ? batch * n : batch;
        float[] out = new float[rows * k];
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < n; t++) {
                float v = x[b * n + t];
                if (!(v >= 0 && v < k) || v != Math.rint(v)) {
                    throw new InvalidInputException("Layer '" + name() + "' (CategoryEncoding): sample " + b
                            + (n > 1 ? ", position " + t : "") + " holds " + v + "; ids must be integers in [0, " + k
                            + ") (numTokens " + k + ")");
                }
                int row = oneHot ? b * n + t : b;
                if (config.outputMode() == CategoryOutputMode.COUNT) {
                    out[row * k + (int) v] += 1;
                } else {
                    out[row * k + (int) v] = 1;
                }
            }
        }
        return Tensor.wrap(outputShape().prepend(batch), out);
    }

    @Override
    protected ForwardPass doForward(Tensor input, TrainingContext context) {
        Tensor y = doCall(input);
        return new ForwardPass() {
            @Override
            public List<Tensor> outputs() {
                return List.of(y);
            }

            /** Ids are not differentiable: no input gradient. */
            @Override
            public Tensor backward(List<Tensor> outputGradients) {
                return null;
            }

            @Override
            public List<Tensor> backwardAll(List<Tensor> outputGradients) {
                return Collections.singletonList(null);
            }
        };
    }
}
