package dev.engram.io.onnx.runtime;

import dev.engram.io.onnx.codec.Shapes;
import dev.engram.io.onnx.codec.Value;
import dev.engram.io.onnx.runtime.ResizeTaps.Coordinates;
import dev.engram.io.onnx.runtime.ResizeTaps.Kernel;
import dev.engram.io.onnx.runtime.ResizeTaps.Rounding;
import dev.engram.io.onnx.runtime.ResizeTaps.Sampling;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * ONNX {@code Resize} (opsets 10-22) and the older {@code Upsample} (7-9) on data of any rank: every axis is
 * resized on its own ({@link ResizeTaps}), one pass per resized axis, shrinking axes first so no intermediate is
 * larger than the input or the output.
 *
 * <ul>
 *   <li>Opset 10 and Upsample: {@code scales} only, {@code asymmetric} coordinates, nearest or linear; nearest
 *       takes ONNX Runtime's rule (truncate when enlarging, ceil when shrinking). Upsample's scales are >= 1.</li>
 *   <li>Opsets 11-17: {@code roi}, {@code scales} or {@code sizes} (exactly one of the last two, an empty tensor
 *       counting as absent), {@code mode} nearest/linear/cubic, {@code coordinate_transformation_mode},
 *       {@code nearest_mode}, {@code cubic_coeff_a}, {@code exclude_outside} and {@code extrapolation_value}
 *       (tf_crop_and_resize: outputs whose coordinate leaves the input take it).</li>
 *   <li>Opsets 18+: {@code antialias}, {@code axes} (scales/sizes/roi give values for those axes only; the others
 *       keep their size) and {@code keep_aspect_ratio_policy} ({@code not_larger}/{@code not_smaller} scale every
 *       listed axis by the smallest/largest requested ratio, sizes rounded half up).</li>
 * </ul>
 *
 * <p>Output sizes: {@code floor(scale · length)} in float32 (as ONNX Runtime and ONNX's reference compute it), or
 * {@code sizes}. Every size is checked against the element limit before anything is allocated, so a file asking
 * for a huge scale fails with the node, the sizes and the limit. Refused, because readers disagree: a
 * {@code tf_crop_and_resize} region other than the whole input together with {@code scales} (the operator text
 * multiplies the size by the region's extent, ONNX Runtime and the reference do not), and such a region on an
 * axis whose length stays the same (ONNX Runtime leaves every axis of scale 1 untouched, the reference crops it).
 * Axes of scale 1 are copied as they are, which only matters for {@code tf_half_pixel_for_nn} (ONNX Runtime's
 * reading: that mode is not in the operator text since opset 13 nor in the reference). Linear and cubic need
 * float data; nearest also copies integer data.
 */
final class ResizeOps {
    private ResizeOps() {
    }

    static void register(Map<String, Op> ops) {
        ops.put("Resize", ResizeOps::resize);
        ops.put("Upsample", ResizeOps::resize);
    }

    /** The resolved node: sampling settings and, per axis of X, scale, output length and region. */
    record Plan(Sampling sampling, float[] scales, long[] out, float[] roi, float extrapolation) {
    }

    private static List<Value> resize(NodeContext n, List<Value> in) {
        Value x = n.input(in, 0);
        Plan p = plan(n, x.shape(), in);
        if (!x.isFloat() && p.sampling().kernel() != Kernel.NEAREST) {
            throw n.fail("linear and cubic modes need float data, got " + x);
        }
        int[] outShape = outShape(n, p);
        if (Shapes.size(outShape) == 0) {
            return List.of(x.isFloat() ? Value.ofFloats(outShape, new float[0]) : Value.ofLongs(outShape, new long[0]));
        }
        ResizeTaps[] taps = taps(n, p, x.shape(), outShape);
        if (p.sampling().kernel() == Kernel.NEAREST) {
            return List.of(ResizePasses.gather(n, x, outShape, taps, p.extrapolation()));
        }
        return List.of(ResizePasses.interpolate(n, x, outShape, taps, p.extrapolation()));
    }

    /**
     * Resolves a Resize or Upsample node on data of {@code shape}: its sampling and, per axis, scale, output length and
     * region (input 0 is not read).
     */
    static Plan plan(NodeContext n, int[] shape, List<Value> in) {
        if (n.opType().equals("Upsample")) {
            return upsamplePlan(n, shape, in);
        }
        if (shape.length == 0) {
            throw n.fail("X must have at least one axis, got a scalar");
        }
        int op = n.opset();
        if (op < 11) {
            Sampling s = new Sampling(kernel(n, false), Coordinates.ASYMMETRIC, Rounding.SIMPLE, -0.75f, false, false);
            return plan(n, shape, s, n.input(in, 1).floats(), null, identity(shape.length), null, "stretch", 0);
        }
        Kernel kernel = kernel(n, true);
        Coordinates coordinates = coordinates(n);
        Rounding rounding = rounding(n);
        boolean exclude = n.attrInt("exclude_outside", 0) != 0;
        boolean antialias = op >= 18 && n.attrInt("antialias", 0) != 0;
        if (kernel == Kernel.NEAREST && (antialias || exclude)) {
            throw n.fail("antialias and exclude_outside apply to linear and cubic modes, not nearest");
        }
        Sampling s = new Sampling(kernel, coordinates, rounding, n.attrFloat("cubic_coeff_a", -0.75f), exclude,
                antialias);
        int[] axes = op >= 18 ? axes(n, shape.length) : identity(shape.length);
        String policy = op >= 18 ? n.attrString("keep_aspect_ratio_policy", "stretch") : "stretch";
        Value roi = present(NodeContext.optional(in, 1));
        Value scales = present(NodeContext.optional(in, 2));
        Value sizes = present(NodeContext.optional(in, 3));
        if ((scales == null) == (sizes == null)) {
            throw n.fail("exactly one of scales and sizes must be given, got " + (scales == null ? "neither" : "both"));
        }
        float[] region = null;
        if (coordinates == Coordinates.TF_CROP_AND_RESIZE) {
            if (roi == null || roi.size() != 2 * axes.length) {
                throw n.fail("tf_crop_and_resize needs roi with " + 2 * axes.length + " values (starts, then ends),"
                        + " got " + (roi == null ? "none" : roi.toString()));
            }
            region = roi.floats();
        }
        return plan(n, shape, s, scales == null ? null : scales.floats(), sizes == null ? null : sizes.longs(), axes,
                region, policy, n.attrFloat("extrapolation_value", 0));
    }

    private static Plan upsamplePlan(NodeContext n, int[] shape, List<Value> in) {
        if (n.opset() >= 10) {
            throw n.fail("Upsample is deprecated since opset 10 (use Resize); this model imports opset " + n.opset());
        }
        float[] scales = n.opset() >= 9 ? n.input(in, 1).floats() : n.attrFloats("scales");
        if (scales == null) {
            throw n.fail("the scales attribute is required");
        }
        for (float s : scales) {
            if (!(s >= 1) || Float.isInfinite(s)) {
                throw n.fail("Upsample scales must be finite and >= 1, got " + Arrays.toString(scales));
            }
        }
        Sampling s = new Sampling(kernel(n, false), Coordinates.ASYMMETRIC, Rounding.SIMPLE, -0.75f, false, false);
        return plan(n, shape, s, scales, null, identity(shape.length), null, "stretch", 0);
    }

    /** An optional input, or null when it is omitted or an empty tensor (which ONNX uses for "not given"). */
    private static Value present(Value v) {
        return v == null || v.size() == 0 ? null : v;
    }

    private static int[] identity(int rank) {
        int[] a = new int[rank];
        Arrays.setAll(a, i -> i);
        return a;
    }

    private static int[] axes(NodeContext n, int rank) {
        long[] given = n.attrInts("axes");
        if (given == null) {
            return identity(rank);
        }
        int[] axes = new int[given.length];
        boolean[] seen = new boolean[rank];
        for (int i = 0; i < given.length; i++) {
            try {
                axes[i] = Shapes.axis(given[i], rank, "axes");
            } catch (IllegalArgumentException e) {
                throw n.fail(e.getMessage());
            }
            if (seen[axes[i]]) {
                throw n.fail("axes " + Arrays.toString(given) + " repeat axis " + axes[i]);
            }
            seen[axes[i]] = true;
        }
        return axes;
    }

    private static Kernel kernel(NodeContext n, boolean cubicAllowed) {
        String mode = n.attrString("mode", "nearest");
        return switch (mode) {
            case "nearest" -> Kernel.NEAREST;
            case "linear" -> Kernel.LINEAR;
            case "cubic" -> {
                if (!cubicAllowed) {
                    throw n.fail("mode 'cubic' needs Resize from opset 11; this is " + n.opType() + " at opset "
                            + n.opset());
                }
                yield Kernel.CUBIC;
            }
            default -> throw n.fail("mode '" + mode + "' is not one of nearest, linear, cubic");
        };
    }

    private static Coordinates coordinates(NodeContext n) {
        String c = n.attrString("coordinate_transformation_mode", "half_pixel");
        return switch (c) {
            case "half_pixel" -> Coordinates.HALF_PIXEL;
            case "half_pixel_symmetric" -> Coordinates.HALF_PIXEL_SYMMETRIC;
            case "pytorch_half_pixel" -> Coordinates.PYTORCH_HALF_PIXEL;
            // removed from the operator in opset 13; ONNX Runtime still runs it
            case "tf_half_pixel_for_nn" -> Coordinates.TF_HALF_PIXEL_FOR_NN;
            case "align_corners" -> Coordinates.ALIGN_CORNERS;
            case "asymmetric" -> Coordinates.ASYMMETRIC;
            case "tf_crop_and_resize" -> Coordinates.TF_CROP_AND_RESIZE;
            default -> throw n.fail("coordinate_transformation_mode '" + c + "' is not one of half_pixel,"
                    + " half_pixel_symmetric, pytorch_half_pixel, tf_half_pixel_for_nn, align_corners, asymmetric,"
                    + " tf_crop_and_resize");
        };
    }

    private static Rounding rounding(NodeContext n) {
        String r = n.attrString("nearest_mode", "round_prefer_floor");
        return switch (r) {
            case "round_prefer_floor" -> Rounding.ROUND_PREFER_FLOOR;
            case "round_prefer_ceil" -> Rounding.ROUND_PREFER_CEIL;
            case "floor" -> Rounding.FLOOR;
            case "ceil" -> Rounding.CEIL;
            default -> throw n.fail("nearest_mode '" + r + "' is not one of round_prefer_floor, round_prefer_ceil,"
                    + " floor, ceil");
        };
    }

    /**
     * Resolves the scale, output length and region of every axis of X from the scales or sizes given for
     * {@code axes}, checking the output against the element limit.
     */
    private static Plan plan(NodeContext n, int[] shape, Sampling s, float[] scalesIn, long[] sizesIn, int[] axes,
            float[] roiIn, String policy, float extrapolation) {
        int rank = shape.length;
        String x = "X " + Arrays.toString(shape);
        float[] scales = new float[rank];
        long[] out = new long[rank];
        Arrays.fill(scales, 1f);
        for (int a = 0; a < rank; a++) {
            out[a] = shape[a];
        }
        float[] roi = new float[2 * rank];
        Arrays.fill(roi, rank, 2 * rank, 1f);
        if (roiIn != null) {
            for (int i = 0; i < axes.length; i++) {
                roi[axes[i]] = roiIn[i];
                roi[rank + axes[i]] = roiIn[axes.length + i];
            }
        }
        if (scalesIn != null) {
            if (scalesIn.length != axes.length) {
                throw n.fail("scales " + Arrays.toString(scalesIn) + " must give one value per resized axis ("
                        + axes.length + ") of " + x);
            }
            for (int i = 0; i < axes.length; i++) {
                float sc = scalesIn[i];
                if (!(sc > 0) || Float.isInfinite(sc)) {
                    throw n.fail("scales " + Arrays.toString(scalesIn) + " must be finite and > 0");
                }
                int a = axes[i];
                scales[a] = sc;
                // float32 product, truncated, as ONNX Runtime sizes it; (long) of a huge float saturates
                out[a] = (long) (sc * (float) shape[a]);
                if (roiIn != null && (roi[a] != 0f || roi[rank + a] != 1f)) {
                    throw n.fail("tf_crop_and_resize with scales and a region other than [0, 1] on axis " + a
                            + " is refused: the operator text sizes the output by the region's extent, ONNX Runtime"
                            + " and ONNX's reference by the whole input; give sizes instead");
                }
            }
        } else {
            if (sizesIn.length != axes.length) {
                throw n.fail("sizes " + Arrays.toString(sizesIn) + " must give one value per resized axis ("
                        + axes.length + ") of " + x);
            }
            for (int i = 0; i < axes.length; i++) {
                int a = axes[i];
                long size = sizesIn[i];
                if (size < 0) {
                    throw n.fail("sizes " + Arrays.toString(sizesIn) + " must be >= 0");
                }
                if (shape[a] == 0 && size != 0) {
                    throw n.fail("axis " + a + " of " + x + " is empty and cannot be resized to " + size);
                }
                out[a] = size;
                scales[a] = shape[a] == 0 ? 1f : (float) size / (float) shape[a];
            }
            if (!policy.equals("stretch")) {
                boolean smaller = switch (policy) {
                    case "not_larger" -> true;
                    case "not_smaller" -> false;
                    default -> throw n.fail("keep_aspect_ratio_policy '" + policy + "' is not one of stretch,"
                            + " not_larger, not_smaller");
                };
                float common = scales[axes[0]];
                for (int a : axes) {
                    common = smaller ? Math.min(common, scales[a]) : Math.max(common, scales[a]);
                }
                for (int a : axes) {
                    scales[a] = common;
                    out[a] = (long) Math.floor((double) (common * (float) shape[a]) + 0.5);
                }
            }
        }
        if (roiIn != null) {
            for (int a = 0; a < rank; a++) {
                if (out[a] == shape[a] && scales[a] == 1f && (roi[a] != 0f || roi[rank + a] != 1f)) {
                    throw n.fail("tf_crop_and_resize with a region other than [0, 1] on axis " + a + ", whose length"
                            + " stays " + out[a] + ", is refused: ONNX Runtime leaves such an axis uncropped, the"
                            + " operator text and ONNX's reference crop it");
                }
            }
        }
        for (long d : out) {
            if (d > Shapes.maxElements()) {
                throw n.fail(Shapes.overLimit("the output " + Arrays.toString(out) + " of " + x,
                        dev.engram.io.LoadLimits.elements(out)));
            }
        }
        return new Plan(s, scales, out, roi, extrapolation);
    }

    /** The output shape of a resolved node, within the element limit. */
    static int[] outShape(NodeContext n, Plan p) {
        int[] outShape = new int[p.out().length];
        for (int a = 0; a < outShape.length; a++) {
            outShape[a] = (int) p.out()[a];
        }
        try {
            Shapes.size(outShape);
        } catch (IllegalArgumentException e) {
            throw n.fail(e.getMessage());
        }
        return outShape;
    }

    /**
     * The taps of every axis of data {@code shape} resized to {@code outShape}; null for an axis left as it is (scale 1:
     * ONNX Runtime leaves such an axis untouched, which only matters for tf_half_pixel_for_nn).
     */
    static ResizeTaps[] taps(NodeContext n, Plan p, int[] shape, int[] outShape) {
        ResizeTaps[] taps = new ResizeTaps[shape.length];
        try {
            for (int a = 0; a < shape.length; a++) {
                if (outShape[a] == shape[a] && p.scales()[a] == 1f) {
                    continue;
                }
                ResizeTaps t = ResizeTaps.of(p.sampling(), shape[a], outShape[a], p.scales()[a], p.roi()[a],
                        p.roi()[shape.length + a]);
                taps[a] = t.identity(shape[a]) ? null : t;
            }
        } catch (IllegalArgumentException e) {
            throw n.fail(e.getMessage());
        }
        return taps;
    }
}
