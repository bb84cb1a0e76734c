package dev.engram.internal.conv;

import dev.engram.internal.kernels.Kernels;

/**
 * Max pooling over a batch of {@code [outer, depth, rows, cols, inner]} slices (channels-last:
 * {@code inner} = channels; channels-first: {@code outer} = batch x channels, {@code inner} = 1),
 * with the window of output index {@code t} on axis {@code a} covering input indices
 * {@code [t*stride[a] - pad[a], t*stride[a] - pad[a] + pool[a])} clipped to the input. The window's
 * first cell (row-major) seeds the maximum and a later cell replaces it only when strictly greater,
 * so the first maximum wins and NaN never replaces a number (the layer's documented order); the
 * optional {@code argmax} records the input index each output came from, for the backward pass.
 *
 * <p>Plain loops over the window, the channel loop innermost, and the slices split over the kernel
 * threads: a lambda per window (the layer's general visitor) cost as much as the convolutions of
 * the MNIST convnet.
 *
 * @param outer  independent slices
 * @param dims   input depth, rows, cols (1 for missing axes)
 * @param inner  contiguous values per cell
 * @param out    output depth, rows, cols
 * @param pool   window size per axis
 * @param stride stride per axis
 * @param pad    cells of padding before each axis
 */
public record WindowMax(int outer, int[] dims, int inner, int[] out, int[] pool, int[] stride, int[] pad) {
    /** Whether the channel-vector form runs (the engine's vector kernels are in use). */
    private static final boolean VECTOR = Kernels.get().name().equals("vector");
    /** Slices per task: enough work per hand-off. */
    private static final int TASK_FLOATS = 1 << 14;

    // Long arithmetic: a file may declare a pool of 2^31 - 1 cells that the clipping brings back in range.
    private int from(int axis, int t) {
        return (int) Math.max(0L, (long) t * stride[axis] - pad[axis]);
    }

    private int to(int axis, int t) {
        return (int) Math.min(dims[axis], (long) t * stride[axis] - pad[axis] + pool[axis]);
    }

    /**
     * Pools {@code x} into {@code y} ({@code [outer, out..., inner]}, overwritten).
     *
     * @param x      the input
     * @param y      receives the maxima
     * @param argmax receives the input index of each maximum, or null
     */
    public void apply(float[] x, float[] y, int[] argmax) {
        int slice = dims[0] * dims[1] * dims[2] * inner;
        int per = Math.max(1, TASK_FLOATS / Math.max(1, slice));
        int tasks = (outer + per - 1) / per;
        Kernels.get().parallelFor(tasks, t -> {
            for (int o = t * per, end = Math.min(outer, o + per); o < end; o++) {
                slice(x, o, y, argmax);
            }
        });
    }

    private void slice(float[] x, int o, float[] y, int[] argmax) {
        int ch = inner;
        int base = o * dims[0] * dims[1] * dims[2] * ch;
        int yi = o * out[0] * out[1] * out[2] * ch;
        // A clipped window holds at most min(pool, dims) cells per axis (the pool itself may be huge).
        int[] cells = new int[Math.min(pool[0], dims[0]) * Math.min(pool[1], dims[1]) * Math.min(pool[2], dims[2])];
        int lanes = VECTOR ? VectorWindowMax.lanes(ch) : 0;
        boolean pairs = VECTOR && VectorWindowMax.pairs(ch);
        float[] cellOf = (lanes > 0 || pairs) && argmax != null ? new float[Math.max(lanes, 2 * ch)] : null;
        int extD = -1; // the extents of the window whose cells are listed
        int extH = -1;
        int extW = -1;
        int n = 0;
        for (int od = 0; od < out[0]; od++) {
            int d0 = from(0, od);
            int d1 = to(0, od);
            for (int oh = 0; oh < out[1]; oh++) {
                int h0 = from(1, oh);
                int h1 = to(1, oh);
                for (int ow = 0; ow < out[2]; ow++, yi += ch) {
                    int w0 = from(2, ow);
                    int w1 = to(2, ow);
                    int first = base + ((d0 * dims[1] + h0) * dims[2] + w0) * ch;
                    // The window's cells after the first, in row-major order, relative to the first: the
                    // same list for every window of the same shape (all but the clipped ones).
                    if (d1 - d0 != extD || h1 - h0 != extH || w1 - w0 != extW) {
                        extD = d1 - d0;
                        extH = h1 - h0;
                        extW = w1 - w0;
                        n = 0;
                        for (int id = d0; id < d1; id++) {
                            for (int ih = h0; ih < h1; ih++) {
                                for (int iw = w0; iw < w1; iw++) {
                                    cells[n++] = (((id - d0) * dims[1] + ih - h0) * dims[2] + iw - w0) * ch;
                                }
                            }
                        }
                    }
                    if (pairs && ow + 1 < out[2] && to(2, ow + 1) - from(2, ow + 1) == w1 - w0) {
                        // The next output cell's window has the same shape: both in one vector.
                        int next = first + (from(2, ow + 1) - w0) * ch;
                        if (next - ch >= 0 && first + cells[n - 1] + 2 * ch <= x.length) {
                            VectorWindowMax.pair(x, first, next, cells, n, y, yi, cellOf);
                            if (argmax != null) {
                                for (int l = 0; l < ch; l++) {
                                    argmax[yi + l] = first + l + cells[(int) cellOf[l]];
                                }
                                for (int l = ch; l < 2 * ch; l++) {
                                    argmax[yi + l] = next - ch + l + cells[(int) cellOf[l]];
                                }
                            }
                            ow++;
                            yi += ch;
                            continue;
                        }
                    }
                    if (lanes > 0) {
                        for (int c = 0; c < ch; c += lanes) {
                            VectorWindowMax.cell(x, first + c, cells, n, y, yi + c, cellOf);
                            if (cellOf != null) {
                                for (int l = 0; l < lanes; l++) {
                                    argmax[yi + c + l] = first + c + l + cells[(int) cellOf[l]];
                                }
                            }
                        }
                        continue;
                    }
                    for (int c = 0; c < ch; c++) {
                        cell(x, first + c, cells, n, y, yi + c, argmax);
                    }
                }
            }
        }
    }

    /**
     * One output value: the window's first cell, replaced by each later cell that is strictly
     * greater. Branch-free selects on the bits: pooling's comparisons are unpredictable, and a
     * mispredicted branch per cell made this loop as slow as the convolutions.
     */
    private static void cell(float[] x, int first, int[] cells, int n, float[] y, int yi, int[] argmax) {
        int best = Float.floatToRawIntBits(x[first]);
        float bestValue = x[first];
        int at = first;
        for (int t = 1; t < n; t++) {
            int i = first + cells[t];
            float v = x[i];
            int take = v > bestValue ? -1 : 0;
            best = (Float.floatToRawIntBits(v) & take) | (best & ~take);
            bestValue = Float.intBitsToFloat(best);
            at = (i & take) | (at & ~take);
        }
        y[yi] = bestValue;
        if (argmax != null) {
            argmax[yi] = at;
        }
    }
}
