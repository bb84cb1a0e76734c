package dev.engram.layers;

import dev.engram.internal.kernels.Kernels;
import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.util.random.RandomGenerator;

/**
 * A dense layer written as an einsum (Keras {@code EinsumDense}, the projections of transformer blocks):
 * {@code y = activation(einsum(equation, x, kernel) + bias)}, e.g. {@code abc,cde->abde} projects
 * {@code [batch, steps, c]} into {@code [batch, steps, heads, size]}.
 *
 * <p>Each label is one of five kinds: in the input and the output only (batch-like, the batch axis among
 * them), in all three (a batched product), in the input and the kernel only (summed), in the kernel and
 * the output only (the output features, sized by {@link EinsumDenseConfig#outputShape()}), in the input only
 * (summed over first, as einsum does). The layer
 * transposes the input to {@code [shared, batch-like, summed]} and the kernel to
 * {@code [shared, summed, features]} (no copy when already in that order, as in every transformer
 * equation), runs one engine GEMM per shared index and transposes the result into the output's order.
 * The bias has Keras's shape: the output's dimensions from the first biased label to the end, 1 where a
 * label is not biased (and 1 for trailing elided axes), added with broadcasting.
 */
public final class EinsumDense extends Layer {
    private static final Kernels K = Kernels.get();

    private final EinsumDenseConfig config;
    private final EinsumEquation equation;
    /** The equation after the input is summed over its labels of its own (no copy when there are none). */
    private final EinsumEquation product;
    /** Per input axis (batch first), whether it is summed before the product. */
    private boolean[] summed;
    private Parameter kernel;
    private Parameter bias;

    EinsumDense(String name, EinsumDenseConfig config) {
        super(name);
        this.config = config;
        this.equation = EinsumEquation.parse(config.equation());
        this.product = equation.withoutInputOnlyLabels();
    }

    @Override
    public EinsumDenseConfig config() {
        return config;
    }

    @Override
    protected Shape doBuild(Shape inputShape, RandomGenerator random) {
        int rank = inputShape.rank() + 1;
        int elided;
        try {
            elided = equation.elided(rank);
        } catch (IllegalArgumentException e) {
            throw new IncompatibleShapeException(name(), 0, StepView.anyOfRank(equation.inputLabels().length()),
                    inputShape.prepend(Shape.UNKNOWN), "(" + e.getMessage() + ")");
        }
        int[] inCodes = equation.codes(equation.inputLabels(), elided);
        int[] outCodes = equation.codes(equation.outputLabels(), elided);
        int[] inDims = inputShape.prepend(Shape.UNKNOWN).toArray();
        summed = new boolean[inCodes.length];
        for (int i = 0; i < inCodes.length; i++) {
            summed[i] = equation.inputOnlyLabels().indexOf(inCodes[i]) >= 0;
        }
        // Keras's output_shape: one entry per explicit output label, batch excluded unless elided away.
        int skip = equation.elision() == EinsumEquation.Elision.LEFT ? 0 : 1;
        int[] outDims = new int[outCodes.length];
        for (int i = 0; i < outCodes.length; i++) {
            int at = EinsumEquation.indexOf(inCodes, outCodes[i]);
            outDims[i] = at >= 0 ? inDims[at] : Shape.UNKNOWN;
        }
        int firstLabel = equation.elision() == EinsumEquation.Elision.LEFT ? elided : 0;
        for (int j = 0; j < config.outputShape().size(); j++) {
            int axis = firstLabel + j + skip;
            int given = config.outputShape().get(j);
            if (given == Shape.UNKNOWN) {
                continue;
            }
            if (outDims[axis] != Shape.UNKNOWN && outDims[axis] != given) {
                throw new IncompatibleShapeException(name(), 0, inputShape.prepend(Shape.UNKNOWN),
                        inputShape.prepend(Shape.UNKNOWN), "(EinsumDense output label '" + (char) outCodes[axis]
                                + "' has size " + given + " in the output shape and " + outDims[axis] + " in the input)");
            }
            outDims[axis] = given;
        }
        String ker = equation.kernelLabels();
        int[] kerDims = new int[ker.length()];
        for (int i = 0; i < kerDims.length; i++) {
            int code = ker.charAt(i);
            int in = EinsumEquation.indexOf(inCodes, code);
            kerDims[i] = in >= 0 ? inDims[in] : outDims[EinsumEquation.indexOf(outCodes, code)];
            if (kerDims[i] <= 0) {
                throw new IncompatibleShapeException(name(), 0, inputShape.prepend(Shape.UNKNOWN),
                        inputShape.prepend(Shape.UNKNOWN), "(EinsumDense kernel label '" + (char) code + "' of '"
                                + equation.text() + "' needs a known size: from the input or the output shape)");
            }
        }
        kernel = addParameter(WeightRole.KERNEL, config.kernelInitializer(), Shape.of(kerDims), random, true)
                .attach(config.kernelRegularizer(), config.kernelConstraint());
        if (config.biasAxes() != null) {
            bias = addParameter(WeightRole.BIAS, config.biasInitializer(), biasShape(outCodes, outDims, elided,
                    inputShape), random, true).attach(config.biasRegularizer(), config.biasConstraint());
        }
        int[] sample = new int[outDims.length - 1];
        System.arraycopy(outDims, 1, sample, 0, sample.length);
        return Shape.of(sample);
    }

    /** Keras's bias shape: the output from the first biased label on, 1 where not biased. */
    private Shape biasShape(int[] outCodes, int[] outDims, int elided, Shape inputShape) {
        String biased = config.biasAxes();
        int first = Integer.MAX_VALUE;
        for (char c : biased.toCharArray()) {
            first = Math.min(first, EinsumEquation.indexOf(outCodes, c));
        }
        int explicitEnd = equation.elision() == EinsumEquation.Elision.RIGHT ? outCodes.length - elided : outCodes.length;
        int[] dims = new int[outCodes.length - first];
        for (int a = first; a < outCodes.length; a++) {
            boolean on = a < explicitEnd && biased.indexOf(outCodes[a]) >= 0;
            dims[a - first] = on ? outDims[a] : 1;
            if (dims[a - first] <= 0) {
                throw new IncompatibleShapeException(name(), 0, inputShape.prepend(Shape.UNKNOWN),
                        inputShape.prepend(Shape.UNKNOWN), "(EinsumDense bias axis '" + (char) outCodes[a]
                                + "' needs a known size)");
            }
        }
        return Shape.of(dims);
    }

    @Override
    protected void checkInput(int index, Tensor input) {
        Shape built = inputShape();
        boolean fits = input.rank() == built.rank() + 1;
        for (int d = 0; fits && d < built.rank(); d++) {
            fits = built.dim(d) == Shape.UNKNOWN || built.dim(d) == input.shape().dim(d + 1);
        }
        if (!fits) {
            throw new IncompatibleShapeException(name(), 0, built.prepend(Shape.UNKNOWN), input.shape(),
                    "(EinsumDense '" + equation.text() + "' was built for this input shape)");
        }
    }

    private EinsumPlan plan(Tensor productInput) {
        return EinsumPlan.of(product, productInput.shape().toArray(), kernel.shape().toArray());
    }

    /** The input summed over its labels of its own (the input itself when there are none). */
    private Tensor summedInput(Tensor x) {
        if (product == equation) {
            return x;
        }
        int[] dims = x.shape().toArray();
        int[] kept = java.util.stream.IntStream.range(0, dims.length).filter(d -> !summed[d]).map(d -> dims[d])
                .toArray();
        float[] src = x.buffer();
        float[] dst = new float[Shape.of(kept).size()];
        int[] at = keptIndex(dims);
        for (int i = 0; i < src.length; i++) {
            dst[at[i]] += src[i];
        }
        return Tensor.wrap(Shape.of(kept), dst);
    }

    /** For each element of an input of {@code dims}, its element once the summed axes are dropped. */
    private int[] keptIndex(int[] dims) {
        int n = Shape.of(dims).size();
        int[] at = new int[n];
        int[] idx = new int[dims.length];
        for (int i = 0; i < n; i++) {
            int k = 0;
            for (int d = 0; d < dims.length; d++) {
                if (!summed[d]) {
                    k = k * dims[d] + idx[d];
                }
            }
            at[i] = k;
            for (int d = dims.length - 1; d >= 0; d--) {
                if (++idx[d] < dims[d]) {
                    break;
                }
                idx[d] = 0;
            }
        }
        return at;
    }

    private Tensor kernelTensor() {
        return Tensor.wrap(kernel.shape(), kernel.data());
    }

    /** {@code einsum(x, kernel) + bias} in the output's layout. */
    private Tensor preActivation(Tensor x, EinsumPlan p) {
        float[] xs = p.toProduct(x).buffer();
        float[] ws = p.kernelToProduct(kernelTensor()).buffer();
        float[] y = new float[p.shared() * p.rows() * p.cols()];
        for (int s = 0; s < p.shared(); s++) {
            K.gemm(false, false, p.rows(), p.cols(), p.depth(), xs, s * p.rows() * p.depth(), p.depth(),
                    ws, s * p.depth() * p.cols(), p.cols(), 0f, y, s * p.rows() * p.cols(), p.cols());
        }
        Tensor z = p.fromProduct(y);
        if (bias != null) {
            float[] zb = z.buffer();
            float[] b = bias.data();
            int[] at = biasIndex(z.shape());
            for (int i = 0; i < zb.length; i++) {
                zb[i] += b[at[i % at.length]];
            }
        }
        return z;
    }

    /** For each position of the output's biased tail (the trailing axes the bias spans), its bias element. */
    private int[] biasIndex(Shape out) {
        Shape bs = bias.shape();
        int rank = bs.rank();
        int[] dims = new int[rank];
        int tail = 1;
        for (int i = 0; i < rank; i++) {
            dims[i] = out.dim(out.rank() - rank + i);
            tail *= dims[i];
        }
        int[] index = new int[tail];
        int[] idx = new int[rank];
        for (int p = 0; p < tail; p++) {
            int b = 0;
            for (int i = 0; i < rank; i++) {
                b = b * bs.dim(i) + (bs.dim(i) == 1 ? 0 : idx[i]);
            }
            index[p] = b;
            for (int i = rank - 1; i >= 0; i--) {
                if (++idx[i] < dims[i]) {
                    break;
                }
                idx[i] = 0;
            }
        }
        return index;
    }

    private int lastDim(Tensor t) {
        return t.shape().dim(-1);
    }

    @Override
    protected Tensor doCall(Tensor input) {
        Tensor xs = summedInput(input);
        Tensor z = preActivation(xs, plan(xs));
        int cols = lastDim(z);
        config.activation().forward(z.buffer(), 0, z.buffer(), 0, z.size() / cols, cols);
        return z;
    }

    @Override
    protected ForwardPass doForward(Tensor input, TrainingContext context) {
        Tensor xsum = summedInput(input);
        EinsumPlan p = plan(xsum);
        Tensor z = preActivation(xsum, p);
        int cols = lastDim(z);
        int rows = z.size() / cols;
        float[] y = new float[z.size()];
        config.activation().forward(z.buffer(), 0, y, 0, rows, cols);
        Tensor out = Tensor.wrap(z.shape(), y);
        return ForwardPass.ofOptionalInputGradient(out, (grads, inputGradient) -> {
            float[] dz = new float[y.length];
            config.activation().backward(z.buffer(), 0, y, 0, grads.get(0).buffer(), 0, dz, 0, rows, cols);
            if (bias != null) {
                float[] db = bias.grad();
                int[] at = biasIndex(z.shape());
                for (int i = 0; i < dz.length; i++) {
                    db[at[i % at.length]] += dz[i];
                }
            }
            float[] dy = p.toProductGradient(Tensor.wrap(z.shape(), dz)).buffer();
            float[] xs = p.toProduct(xsum).buffer();
            float[] ws = p.kernelToProduct(kernelTensor()).buffer();
            float[] dw = new float[ws.length];
            for (int s = 0; s < p.shared(); s++) {
                K.gemm(true, false, p.depth(), p.cols(), p.rows(), xs, s * p.rows() * p.depth(), p.depth(),
                        dy, s * p.rows() * p.cols(), p.cols(), 0f, dw, s * p.depth() * p.cols(), p.cols());
            }
            float[] dk = p.kernelFromProduct(dw).buffer();
            float[] g = kernel.grad();
            for (int i = 0; i < g.length; i++) {
                g[i] += dk[i];
            }
            if (!inputGradient) {
                return null;
            }
            float[] dx = new float[xs.length];
            for (int s = 0; s < p.shared(); s++) {
                K.gemm(false, true, p.rows(), p.depth(), p.cols(), dy, s * p.rows() * p.cols(), p.cols(),
                        ws, s * p.depth() * p.cols(), p.cols(), 0f, dx, s * p.rows() * p.depth(), p.depth());
            }
            Tensor dxs = p.inputFromProduct(dx);
            if (product == equation) {
                return dxs;
            }
            // The sum's gradient: every summed element receives its sum's gradient.
            int[] at = keptIndex(input.shape().toArray());
            float[] dsum = dxs.buffer();
            float[] full = new float[at.length];
            for (int i = 0; i < full.length; i++) {
                full[i] = dsum[at[i]];
            }
            return Tensor.wrap(input.shape(), full);
        });
    }
}
