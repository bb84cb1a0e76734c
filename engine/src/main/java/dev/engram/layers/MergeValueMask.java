package dev.engram.layers;

import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Keras 3 parity: its {@code Multiply}, {@code Maximum} and {@code Minimum} leave each input's masked time steps
 * out of the values, not only of the output mask (keras 3.10 {@code Multiply._merge_function} and
 * {@code Merge._apply_merge_op_and_or_mask}). Per element, with {@code valid_k} false where input k has a mask
 * that is 0 at that step:
 * <ul>
 * <li>Multiply: the product of the valid inputs (a masked input counts as 1), and 0 where no input is valid
 * when every input has a mask;</li>
 * <li>Maximum/Minimum: folded left to right as Keras does, a masked operand taking the running value and a
 * masked running value taking the operand, so the extreme of the valid inputs, or the first input's value where
 * none is valid.</li>
 * </ul>
 * Gradients: Multiply's to each valid input (the product of the other valid ones); Maximum/Minimum's to the
 * input whose value was kept, ties to the earlier operand (TensorFlow's {@code maximum} gradient). A mask
 * {@code [batch, steps]} covers {@code x[b, t, ...]}; steps are whole blocks of each input.
 */
final class MergeValueMask {
    private final MergeMode mode;
    private final List<Tensor> inputs;
    private final boolean[][] valid;
    private final Tensor output;
    /** Maximum/Minimum: per element, the input whose value the output holds. */
    private int[] source;

    private MergeValueMask(MergeMode mode, List<Tensor> inputs, boolean[][] valid) {
        this.mode = mode;
        this.inputs = inputs;
        this.valid = valid;
        this.output = mode == MergeMode.MULTIPLY ? multiply() : extreme(mode == MergeMode.MAXIMUM);
    }

    /** Whether {@code mode} masks its values under Keras 3's rule. */
    static boolean masksValues(MergeMode mode) {
        return mode == MergeMode.MULTIPLY || mode == MergeMode.MAXIMUM || mode == MergeMode.MINIMUM;
    }

    /**
     * The merge of {@code inputs} with their masks.
     *
     * @param layer  the merge layer's name, for errors
     * @param mode   Multiply, Maximum or Minimum
     * @param inputs equal-shaped inputs {@code [batch, steps, ...]}
     * @param masks  per input, a {@code [batch, steps]} mask or null
     * @return the computed merge, holding what its backward pass needs
     */
    static MergeValueMask of(String layer, MergeMode mode, List<Tensor> inputs, List<Tensor> masks) {
        Tensor x0 = inputs.get(0);
        int rows = x0.shape().dim(0) * x0.shape().dim(1);
        boolean[][] valid = new boolean[inputs.size()][];
        for (int k = 0; k < inputs.size(); k++) {
            Tensor m = masks.get(k);
            if (m == null) {
                continue;
            }
            Shape want = Shape.of(x0.shape().dim(0), x0.shape().dim(1));
            if (!m.shape().equals(want)) {
                throw new IncompatibleShapeException(layer, k, want, m.shape(), "(the time-step mask of input " + k
                        + " " + inputs.get(k).shape() + ")");
            }
            valid[k] = new boolean[rows];
            float[] v = m.buffer();
            for (int r = 0; r < rows; r++) {
                valid[k][r] = v[r] != 0f;
            }
        }
        return new MergeValueMask(mode, inputs, valid);
    }

    Tensor output() {
        return output;
    }

    private int block() {
        Shape s = inputs.get(0).shape();
        int rows = s.dim(0) * s.dim(1);
        return rows == 0 ? 0 : s.size() / rows;
    }

    private boolean valid(int k, int row) {
        return valid[k] == null || valid[k][row];
    }

    private boolean everyInputMasked() {
        for (boolean[] v : valid) {
            if (v == null) {
                return false;
            }
        }
        return true;
    }

    private Tensor multiply() {
        int n = inputs.get(0).size();
        int block = block();
        boolean zeroUnmasked = everyInputMasked();
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            int row = i / block;
            float p = 1f;
            boolean any = false;
            for (int k = 0; k < inputs.size(); k++) {
                if (valid(k, row)) {
                    p *= inputs.get(k).buffer()[i];
                    any = true;
                }
            }
            out[i] = zeroUnmasked && !any ? 0f : p;
        }
        return Tensor.wrap(inputs.get(0).shape(), out);
    }

    private Tensor extreme(boolean max) {
        int n = inputs.get(0).size();
        int block = block();
        float[] out = new float[n];
        source = new int[n];
        for (int i = 0; i < n; i++) {
            int row = i / block;
            float v = inputs.get(0).buffer()[i];
            int src = 0;
            boolean runningValid = valid(0, row);
            for (int k = 1; k < inputs.size(); k++) {
                boolean vk = valid(k, row);
                float x = vk ? inputs.get(k).buffer()[i] : v;
                int xs = vk ? k : src;
                if (!runningValid) {
                    v = x;
                    src = xs;
                }
                if (max ? x > v : x < v) { // ties keep the earlier operand, as tf.maximum's gradient
                    src = xs;
                }
                v = max ? Math.max(v, x) : Math.min(v, x);
                runningValid |= vk;
            }
            out[i] = v;
            source[i] = src;
        }
        return Tensor.wrap(inputs.get(0).shape(), out);
    }

    /**
     * The inputs' gradients given the output's.
     *
     * @param dy the output gradient
     * @return one gradient per input
     */
    List<Tensor> backward(Tensor dy) {
        int n = dy.size();
        float[] g = dy.buffer();
        float[][] d = new float[inputs.size()][n];
        if (mode == MergeMode.MULTIPLY) {
            int block = block();
            for (int i = 0; i < n; i++) {
                int row = i / block;
                for (int k = 0; k < inputs.size(); k++) {
                    if (!valid(k, row)) {
                        continue;
                    }
                    float p = g[i];
                    for (int j = 0; j < inputs.size(); j++) {
                        if (j != k && valid(j, row)) {
                            p *= inputs.get(j).buffer()[i];
                        }
                    }
                    d[k][i] = p;
                }
            }
        } else {
            for (int i = 0; i < n; i++) {
                d[source[i]][i] = g[i];
            }
        }
        List<Tensor> out = new ArrayList<>();
        for (int k = 0; k < inputs.size(); k++) {
            out.add(Tensor.wrap(inputs.get(k).shape(), d[k]));
        }
        return out;
    }
}
