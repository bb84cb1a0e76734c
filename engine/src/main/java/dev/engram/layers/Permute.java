package dev.engram.layers;

import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.util.random.RandomGenerator;

/**
 * Reorders the axes of each sample (Keras and TF.js {@code Permute}): with 1-based {@code dims},
 * {@code y[b, i_1, ..., i_n]} takes {@code x} at the index whose axis {@code dims[k]} is
 * {@code i_k}. The backward pass applies the inverse permutation. A mask is dropped (neither TF.js
 * nor Keras 3 lets Permute take one).
 */
public final class Permute extends Layer {
    private final PermuteConfig config;

    Permute(String name, PermuteConfig config) {
        super(name);
        this.config = config;
    }

    @Override
    public PermuteConfig config() {
        return config;
    }

    @Override
    protected Shape doBuild(Shape inputShape, RandomGenerator random) {
        if (inputShape.rank() != config.dims().size()) {
            throw new IncompatibleShapeException(name(), 0, StepView.anyOfRank(config.dims().size() + 1), inputShape.prepend(Shape.UNKNOWN), "(Permute dims " + config.dims()
                    + " need samples of rank " + config.dims().size() + ")");
        }
        int[] out = new int[inputShape.rank()];
        for (int i = 0; i < out.length; i++) {
            out[i] = inputShape.dim(config.dims().get(i) - 1);
        }
        return Shape.of(out);
    }

    /** The full permutation including the batch axis: output axis i reads input axis perm[i]. */
    private int[] forwardPerm() {
        int[] p = new int[config.dims().size() + 1];
        for (int i = 1; i < p.length; i++) {
            p[i] = config.dims().get(i - 1);
        }
        return p;
    }

    private int[] inversePerm() {
        int[] p = forwardPerm();
        int[] inv = new int[p.length];
        for (int i = 0; i < p.length; i++) {
            inv[p[i]] = i;
        }
        return inv;
    }

    /** Transposes {@code x} so that output axis i is input axis {@code perm[i]}. */
    static Tensor transpose(Tensor x, int[] perm) {
        int rank = perm.length;
        int[] in = x.shape().toArray();
        int[] out = new int[rank];
        for (int i = 0; i < rank; i++) {
            out[i] = in[perm[i]];
        }
        int[] inStride = new int[rank];
        int s = 1;
        for (int i = rank - 1; i >= 0; i--) {
            inStride[i] = s;
            s *= in[i];
        }
        // The input stride of each output axis, walked with an odometer over the output.
        int[] step = new int[rank];
        for (int i = 0; i < rank; i++) {
            step[i] = inStride[perm[i]];
        }
        float[] src = x.buffer();
        float[] dst = new float[src.length];
        int[] idx = new int[rank];
        int from = 0;
        for (int k = 0; k < dst.length; k++) {
            dst[k] = src[from];
            for (int a = rank - 1; a >= 0; a--) {
                idx[a]++;
                from += step[a];
                if (idx[a] < out[a]) {
                    break;
                }
                from -= step[a] * out[a];
                idx[a] = 0;
            }
        }
        return Tensor.wrap(Shape.of(out), dst);
    }

    @Override
    protected Tensor doCall(Tensor input) {
        return transpose(input, forwardPerm());
    }

    @Override
    protected ForwardPass doForward(Tensor input, TrainingContext context) {
        return ForwardPass.of(doCall(input), grads -> transpose(grads.get(0), inversePerm()));
    }
}
