package dev.engram.layers;

import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Looks up a learned vector per integer id: {@code y[b, t, :] = embeddings[x[b, t], :]} (TF.js and
 * Keras {@code Embedding}). The input holds ids stored as floats, {@code [batch, timesteps]} (or any
 * rank &gt;= 2); they are truncated to integers as TF.js's cast to int32 does, and an id outside
 * {@code [0, inputDim)} is an error. Parameter {@code embeddings [inputDim, outputDim]}.
 *
 * <p>With maskZero the layer produces the mask {@code id != 0} for the layers downstream. The
 * gradient of the embeddings accumulates the output gradients of every occurrence of an id into
 * its row; the ids get no gradient.
 */
public final class Embedding extends Layer {
    private final EmbeddingConfig config;
    private Parameter embeddings;

    Embedding(String name, EmbeddingConfig config) {
        super(name);
        this.config = config;
    }

    @Override
    public EmbeddingConfig config() {
        return config;
    }

    /** TF.js parity: only an Embedding with maskZero declares masking support. */
    @Override
    public boolean supportsMasking() {
        return config.maskZero();
    }

    @Override
    public String inputHint() {
        return "[batch, timesteps] of integer ids" + (config.inputLength() != null ? " with timesteps = "
                + config.inputLength() : "");
    }

    @Override
    protected Shape doBuild(Shape inputShape, RandomGenerator random) {
        if (inputShape.rank() < 1) {
            throw new IncompatibleShapeException(name(), 0, Shape.of(Shape.UNKNOWN, Shape.UNKNOWN),
                    inputShape.prepend(Shape.UNKNOWN), inputHint());
        }
        if (config.maskZero() && inputShape.rank() != 1) {
            throw new IncompatibleShapeException(name(), 0, Shape.of(Shape.UNKNOWN, Shape.UNKNOWN),
                    inputShape.prepend(Shape.UNKNOWN), "(with maskZero the ids must be [batch, timesteps], one mask "
                            + "entry per step)");
        }
        Integer len = config.inputLength();
        if (len != null && inputShape.rank() == 1 && inputShape.dim(0) != Shape.UNKNOWN && inputShape.dim(0) != len) {
            throw new IncompatibleShapeException(name(), 0, Shape.of(Shape.UNKNOWN, len),
                    inputShape.prepend(Shape.UNKNOWN), "(inputLength is " + len + ")");
        }
        embeddings = addParameter(WeightRole.EMBEDDINGS, config.embeddingsInitializer(),
                Shape.of(config.inputDim(), config.outputDim()), random, true);
        int[] out = java.util.Arrays.copyOf(inputShape.toArray(), inputShape.rank() + 1);
        if (len != null && inputShape.rank() == 1 && out[0] == Shape.UNKNOWN) {
            out[0] = len;
        }
        out[out.length - 1] = config.outputDim();
        return Shape.of(out);
    }

    /** The row of each id, checked against {@code inputDim}. */
    private int[] ids(Tensor input) {
        float[] x = input.buffer();
        int[] ids = new int[x.length];
        int dim = config.inputDim();
        for (int i = 0; i < x.length; i++) {
            float v = x[i];
            // TF.js parity: ids are cast to int32 (truncated toward zero); anything outside the table fails.
            if (!(v > -1f && v < dim)) {
                throw new InvalidInputException("Layer '" + name() + "' (Embedding): id " + v + " at flat position "
                        + i + " of input " + input.shape() + " is out of range: ids must be in [0, " + dim
                        + ") for inputDim " + dim);
            }
            ids[i] = (int) v;
        }
        return ids;
    }

    private Shape outShape(Tensor input) {
        int[] d = java.util.Arrays.copyOf(input.shape().toArray(), input.rank() + 1);
        d[d.length - 1] = config.outputDim();
        return Shape.of(d);
    }

    private Tensor lookup(Tensor input, int[] ids) {
        int d = config.outputDim();
        float[] table = embeddings.data();
        float[] y = new float[ids.length * d];
        for (int i = 0; i < ids.length; i++) {
            System.arraycopy(table, ids[i] * d, y, i * d, d);
        }
        return Tensor.wrap(outShape(input), y);
    }

    @Override
    public Tensor computeMask(List<Tensor> inputs, Tensor mask) {
        if (!config.maskZero()) {
            return super.computeMask(inputs, mask);
        }
        Tensor x = inputs.get(0);
        float[] v = x.buffer();
        float[] m = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            m[i] = (int) v[i] != 0 ? 1f : 0f; // TF.js parity: notEqual(int32 ids, 0)
        }
        return Tensor.wrap(x.shape(), m);
    }

    @Override
    protected Tensor doCall(Tensor input) {
        return lookup(input, ids(input));
    }

    @Override
    protected ForwardPass doForward(Tensor input, TrainingContext context) {
        int[] ids = ids(input);
        Tensor out = lookup(input, ids);
        return new ForwardPass() {
            @Override
            public List<Tensor> outputs() {
                return List.of(out);
            }

            /** Adds each output row's gradient into its id's row; ids are not differentiable (returns null). */
            @Override
            public Tensor backward(List<Tensor> grads) {
                int d = config.outputDim();
                float[] dy = grads.get(0).buffer();
                float[] g = embeddings.grad();
                for (int i = 0; i < ids.length; i++) {
                    int row = ids[i] * d;
                    for (int j = 0; j < d; j++) {
                        g[row + j] += dy[i * d + j];
                    }
                }
                return null;
            }
        };
    }
}
