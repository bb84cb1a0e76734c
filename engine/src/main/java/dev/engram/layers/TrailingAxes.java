package dev.engram.layers;

import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.util.List;
import java.util.TreeSet;

/**
 * The layout a normalisation layer computes in: the axes it normalises over moved behind the others (in increasing
 * order), so that each row of the moved tensor holds the values normalised together (LayerNormalization) or one
 * feature per offset (BatchNormalization). When those axes already are the trailing ones, as in the default
 * channels-last case, nothing moves and no copy is made.
 *
 * <p>Axes count the batch as axis 0 and may be negative (from the end), as Keras and TF.js write them. A weight over
 * several axes is read in row-major order of the axes sorted, whatever order the file lists them in: Keras reshapes
 * (not transposes) its {@code [sizes in listed order]} weight to the broadcast shape.
 */
final class TrailingAxes {
    private final int[] toEnd;
    private final int[] back;
    private final int[] sorted;
    private final int[] sizes;
    private final int[] sortedSizes;
    private final int width;
    private final boolean identity;

    private TrailingAxes(int[] toEnd, int[] sorted, int[] sortedSizes, int[] sizes, int width) {
        this.toEnd = toEnd;
        this.sorted = sorted;
        this.sortedSizes = sortedSizes;
        this.sizes = sizes;
        this.width = width;
        this.back = new int[toEnd.length];
        boolean same = true;
        for (int i = 0; i < toEnd.length; i++) {
            back[toEnd[i]] = i;
            same &= toEnd[i] == i;
        }
        this.identity = same;
    }

    /**
     * Resolves {@code axes} for samples of shape {@code sample}.
     *
     * @param layer  the layer's type and name, for messages
     * @param axes   the axes, batch = 0, negative from the end; at least one
     * @param sample the per-sample input shape (no batch axis)
     * @return the layout
     * @throws IllegalArgumentException when an axis is the batch axis, out of range, repeated, or of unknown size
     */
    static TrailingAxes resolve(String layer, List<Integer> axes, Shape sample) {
        int rank = sample.rank() + 1;
        TreeSet<Integer> set = new TreeSet<>();
        for (int a : axes) {
            int p = a < 0 ? a + rank : a;
            if (p <= 0 || p >= rank) {
                throw new IllegalArgumentException(layer + ": axis " + a + " is " + (p == 0 ? "the batch axis" : "out of"
                        + " range") + " for inputs of rank " + rank + " " + sample.prepend(Shape.UNKNOWN)
                        + " (axes count the batch as 0)");
            }
            if (!set.add(p)) {
                throw new IllegalArgumentException(layer + ": axis " + a + " is listed twice in " + axes);
            }
            if (sample.dim(p - 1) == Shape.UNKNOWN) {
                throw new IllegalArgumentException(layer + ": axis " + a + " of input " + sample.prepend(Shape.UNKNOWN)
                        + " must have a known size (its weights and statistics have one entry per position)");
            }
        }
        int[] sorted = set.stream().mapToInt(Integer::intValue).toArray();
        int[] perm = new int[rank];
        int k = 0;
        for (int a = 0; a < rank; a++) {
            if (!set.contains(a)) {
                perm[k++] = a;
            }
        }
        int width = 1;
        int[] sizes = new int[axes.size()];
        int[] sortedSizes = new int[sorted.length];
        for (int i = 0; i < sorted.length; i++) {
            perm[k++] = sorted[i];
            sortedSizes[i] = sample.dim(sorted[i] - 1);
            width = Math.multiplyExact(width, sortedSizes[i]);
        }
        for (int i = 0; i < sizes.length; i++) {
            int a = axes.get(i);
            sizes[i] = sample.dim((a < 0 ? a + rank : a) - 1);
        }
        return new TrailingAxes(perm, sorted, sortedSizes, sizes, width);
    }

    /** {@return the values normalised together per row: the product of the axes' sizes} */
    int width() {
        return width;
    }

    /** {@return the weight shape Keras gives these axes: their sizes in the order the configuration lists them} */
    Shape weightShape() {
        return Shape.of(sizes);
    }

    /** {@return whether an input of this shape has the sizes this layout was built for on its axes} */
    boolean fits(Shape input) {
        if (input.rank() != toEnd.length) {
            return false;
        }
        for (int i = 0; i < sorted.length; i++) {
            if (input.dim(sorted[i]) != sortedSizes[i]) {
                return false;
            }
        }
        return true;
    }

    /** {@return {@code x} with the axes moved behind the others (x itself when they are there already)} */
    Tensor moved(Tensor x) {
        return identity ? x : Permute.transpose(x, toEnd);
    }

    /** {@return a tensor of the moved layout put back into the input's layout} */
    Tensor restored(Tensor y) {
        return identity ? y : Permute.transpose(y, back);
    }
}
