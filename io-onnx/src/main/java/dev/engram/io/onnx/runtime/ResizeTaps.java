package dev.engram.io.onnx.runtime;

/**
 * The input cells and weights that each output index along one axis of an ONNX {@code Resize} reads: the
 * coordinate transformation (output index to a fractional input coordinate), then the interpolation kernel
 * (nearest, linear, cubic, and their antialiased forms) over the cells around it. Axes are independent, so a
 * Resize is one pass of these taps per resized axis ({@link ResizeOps}).
 *
 * <p>Coordinates are computed in float32 with ONNX Runtime's formulas (its {@code upsamplebase.h}), which are the
 * operator text's: {@code align_corners} and the one-cell cases of {@code pytorch_half_pixel} and
 * {@code tf_crop_and_resize} use the integer output length. (ONNX's numpy reference divides by the fractional
 * {@code scale·length} there instead; two of onnx 1.17's node tests record that, see skipped.tsv.) Cells
 * outside the input repeat the edge cell, unless {@code exclude_outside} drops them and renormalises the
 * weights. Antialiasing (opset 18+, linear and cubic, downsampling) stretches the kernel by {@code 1 / scale}
 * and normalises it, as ONNX's reference does.
 */
final class ResizeTaps {
    /** How an output index maps to an input coordinate ({@code coordinate_transformation_mode}). */
    enum Coordinates {
        HALF_PIXEL, HALF_PIXEL_SYMMETRIC, PYTORCH_HALF_PIXEL, TF_HALF_PIXEL_FOR_NN, ALIGN_CORNERS, ASYMMETRIC,
        TF_CROP_AND_RESIZE
    }

    /** How nearest mode rounds a coordinate ({@code nearest_mode}); SIMPLE is opset 10's and Upsample's rule. */
    enum Rounding {
        ROUND_PREFER_FLOOR, ROUND_PREFER_CEIL, FLOOR, CEIL, SIMPLE
    }

    /** The interpolation kernel ({@code mode}). */
    enum Kernel {
        NEAREST, LINEAR, CUBIC
    }

    /**
     * The node-wide sampling settings.
     *
     * @param kernel         nearest, linear or cubic
     * @param coordinates    the coordinate transformation
     * @param rounding       nearest mode's rounding
     * @param cubicA         the cubic kernel's {@code a}
     * @param excludeOutside drop cells outside the input and renormalise
     * @param antialias      stretch linear/cubic kernels when downsampling
     */
    record Sampling(Kernel kernel, Coordinates coordinates, Rounding rounding, float cubicA, boolean excludeOutside,
            boolean antialias) {
    }

    /** Output count along the axis. */
    final int outLen;
    /** Taps of output {@code j}: {@code index/weight[start[j] .. start[j + 1])}. */
    final int[] start;
    final int[] index;
    final double[] weight;
    /** Outputs whose coordinate falls outside the input under tf_crop_and_resize (they take the extrapolation value). */
    final boolean[] outside;

    private ResizeTaps(int outLen, int[] start, int[] index, double[] weight, boolean[] outside) {
        this.outLen = outLen;
        this.start = start;
        this.index = index;
        this.weight = weight;
        this.outside = outside;
    }

    /** True when every output reads exactly its own input cell (the axis needs no pass). */
    boolean identity(int inLen) {
        if (outLen != inLen || outside != null) {
            return false;
        }
        for (int j = 0; j < outLen; j++) {
            if (start[j + 1] - start[j] != 1 || index[start[j]] != j || weight[start[j]] != 1) {
                return false;
            }
        }
        return true;
    }

    /**
     * The taps of one axis.
     *
     * @param s        the sampling settings
     * @param inLen    input length (at least 1)
     * @param outLen   output length
     * @param scale    the axis's scale (given, or {@code outLen / inLen} in float32 when sizes were given)
     * @param roiStart tf_crop_and_resize's region start (normalised), else unused
     * @param roiEnd   tf_crop_and_resize's region end (normalised), else unused
     */
    static ResizeTaps of(Sampling s, int inLen, int outLen, float scale, float roiStart, float roiEnd) {
        int per = tapsPerOutput(s, scale);
        long taps = (long) outLen * per;
        if (taps > dev.engram.io.onnx.codec.Shapes.maxElements()) {
            throw new IllegalArgumentException(dev.engram.io.onnx.codec.Shapes.overLimit(
                    "the interpolation taps of an axis (" + outLen + " outputs x " + per + " cells)", taps));
        }
        int[] start = new int[outLen + 1];
        int[] index = new int[(int) taps];
        double[] weight = new double[index.length];
        boolean[] outside = s.coordinates() == Coordinates.TF_CROP_AND_RESIZE ? new boolean[outLen] : null;
        double[] w = new double[per];
        int at = 0;
        for (int j = 0; j < outLen; j++) {
            start[j] = at;
            float x = coordinate(s.coordinates(), j, scale, inLen, outLen, roiStart, roiEnd);
            if (outside != null && (x < 0 || x > inLen - 1)) {
                outside[j] = true;
                continue; // no taps: the output takes the extrapolation value
            }
            if (s.kernel() == Kernel.NEAREST) {
                index[at] = clamp(nearest(s.rounding(), x, scale < 1), inLen);
                weight[at++] = 1;
                continue;
            }
            // Cells first .. first + count - 1 around x, with their kernel weights in w.
            int first;
            int count;
            if (s.antialias() && scale < 1) {
                first = antialiased(s, x, scale, w);
                count = per;
            } else if (s.kernel() == Kernel.LINEAR) {
                // Linear reads the clamped coordinate, so it never leaves the input.
                float xc = Math.max(0f, Math.min(x, inLen - 1));
                int x1 = Math.min((int) xc, inLen - 1);
                int x2 = Math.min(x1 + 1, inLen - 1);
                if (x1 == x2) {
                    index[at] = x1;
                    weight[at++] = 1;
                    continue;
                }
                first = x1;
                count = 2;
                w[0] = x2 - xc;
                w[1] = xc - x1;
            } else {
                first = cubic(x, s.cubicA(), w);
                count = 4;
            }
            at = emit(s.excludeOutside(), inLen, first, count, w, index, weight, at);
        }
        start[outLen] = at;
        return new ResizeTaps(outLen, start, index, weight, outside);
    }

    /** How many cells one output reads at most. */
    private static int tapsPerOutput(Sampling s, float scale) {
        if (s.kernel() == Kernel.NEAREST) {
            return 1;
        }
        if (s.antialias() && scale < 1) {
            // The kernel's support grows to 2/scale (linear) or 4/scale (cubic) cells; callers only get here
            // with outLen >= 1, so scale >= 1/inLen and this stays within 2·inLen + 4 (4·inLen + 4 for cubic).
            return antialiasStart(s, scale) * -2 + 2;
        }
        return s.kernel() == Kernel.LINEAR ? 2 : 4;
    }

    /** The first cell offset of the antialiased kernel relative to floor(x): 1 - ceil(support/scale). */
    private static int antialiasStart(Sampling s, float scale) {
        double support = s.kernel() == Kernel.LINEAR ? 1 : 2;
        return (int) Math.floor(-support / scale) + 1;
    }

    /**
     * Writes the antialiased kernel's weights (normalised) into {@code w} and returns the first cell. The
     * fractional part is taken in (0, 1] (a whole coordinate counts from the cell before it), as ONNX's reference
     * does, so the same cells are read for every coordinate.
     */
    private static int antialiased(Sampling s, float x, float scale, double[] w) {
        double base = Math.floor(x);
        double ratio = x - base;
        if (ratio == 0) {
            base -= 1;
            ratio = 1;
        }
        int first = antialiasStart(s, scale);
        double sum = 0;
        for (int i = 0; i < w.length; i++) {
            double arg = (first + i - ratio) * scale;
            w[i] = s.kernel() == Kernel.LINEAR ? Math.max(0, 1 - Math.abs(arg)) : keys(arg, s.cubicA());
            sum += w[i];
        }
        for (int i = 0; i < w.length; i++) {
            w[i] /= sum;
        }
        return (int) base + first;
    }

    /** The cubic convolution kernel (Keys 1981, eq. 4) with parameter {@code a}. */
    private static double keys(double x, double a) {
        x = Math.abs(x);
        if (x <= 1) {
            return ((a + 2) * x - (a + 3)) * x * x + 1;
        }
        if (x < 2) {
            return ((a * x - 5 * a) * x + 8 * a) * x - 4 * a;
        }
        return 0;
    }

    /** The four cubic weights around {@code x} into {@code w}; returns the first cell, floor(x) - 1. */
    private static int cubic(float x, float a, double[] w) {
        int base = (int) Math.floor(x);
        double t = x - base;
        w[0] = keys(t + 1, a);
        w[1] = keys(t, a);
        w[2] = keys(1 - t, a);
        w[3] = keys(2 - t, a);
        return base - 1;
    }

    /**
     * Appends the taps of cells {@code first .. first + count - 1}: cells outside the input repeat the edge cell,
     * or with exclude_outside are dropped and the remaining weights renormalised; zero weights are left out.
     */
    private static int emit(boolean exclude, int inLen, int first, int count, double[] w, int[] index,
            double[] weight, int at) {
        double kept = 0;
        if (exclude) {
            for (int i = 0; i < count; i++) {
                int c = first + i;
                kept += c >= 0 && c < inLen ? w[i] : 0;
            }
        }
        int begin = at;
        for (int i = 0; i < count; i++) {
            int c = first + i;
            if (exclude && (c < 0 || c >= inLen)) {
                continue;
            }
            double v = exclude ? w[i] / kept : w[i];
            if (v == 0) {
                continue;
            }
            int cell = clamp(c, inLen);
            // Edge repeats of one cell add into a single tap.
            if (at > begin && index[at - 1] == cell) {
                weight[at - 1] += v;
            } else {
                index[at] = cell;
                weight[at++] = v;
            }
        }
        return at;
    }

    private static int clamp(long i, int len) {
        return (int) Math.max(0, Math.min(len - 1, i));
    }

    /** The input cell nearest mode picks for coordinate {@code x} (before clamping). */
    static long nearest(Rounding r, float x, boolean downsampling) {
        return switch (r) {
            // ONNX Runtime's rule for opset 10 and Upsample (the operator text leaves it open)
            case SIMPLE -> downsampling ? (long) Math.ceil(x) : (long) x;
            case ROUND_PREFER_CEIL -> roundHalfAway(x);
            case FLOOR -> (long) Math.floor(x);
            case CEIL -> (long) Math.ceil(x);
            case ROUND_PREFER_FLOOR -> x == (long) x + 0.5f ? (long) Math.floor(x) : roundHalfAway(x);
        };
    }

    /** C's round(): halves away from zero (Java's Math.round rounds them up). */
    private static long roundHalfAway(float x) {
        return x < 0 ? -(long) Math.floor(-x + 0.5) : (long) Math.floor(x + 0.5);
    }

    /** The input coordinate of output index {@code j} (float32, as ONNX Runtime computes it). */
    static float coordinate(Coordinates c, int j, float scale, int inLen, int outLen, float roiStart, float roiEnd) {
        float xr = j;
        return switch (c) {
            case HALF_PIXEL -> (xr + 0.5f) / scale - 0.5f;
            case ASYMMETRIC -> xr / scale;
            case PYTORCH_HALF_PIXEL -> outLen > 1 ? (xr + 0.5f) / scale - 0.5f : 0f;
            case TF_HALF_PIXEL_FOR_NN -> (xr + 0.5f) / scale;
            case ALIGN_CORNERS -> outLen == 1 ? 0f : xr * (inLen - 1) / (outLen - 1);
            case TF_CROP_AND_RESIZE -> outLen > 1
                    ? roiStart * (inLen - 1) + (xr * (roiEnd - roiStart) * (inLen - 1)) / (outLen - 1)
                    : (float) (0.5 * (roiStart + roiEnd) * (inLen - 1));
            case HALF_PIXEL_SYMMETRIC -> {
                // The fractional target width scale·inLen; outputs are centred on it when it was rounded down.
                float width = scale * inLen;
                float adjustment = outLen / width;
                float center = inLen / 2f;
                float offset = center * (1 - adjustment);
                yield (float) (offset + (xr + 0.5) / scale - 0.5);
            }
        };
    }
}
