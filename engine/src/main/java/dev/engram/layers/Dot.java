package dev.engram.layers;

import dev.engram.internal.kernels.Kernels;
import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Dot products between the samples of two inputs along one axis of each (Keras/TF.js {@code Dot}, Keras
 * {@code batch_dot}). For {@code x [batch, ...a]} and {@code y [batch, ...b]} contracted over axis {@code i} of
 * {@code x} and {@code j} of {@code y} (equal sizes), the output is {@code x}'s dimensions without {@code i}
 * followed by {@code y}'s without the batch and {@code j}; a result of rank 1 becomes {@code [batch, 1]}. So
 * {@code [b, n, d]·[b, m, d]} over axes 2 gives {@code [b, n, m]}, and {@code [b, d]·[b, d]} gives {@code [b, 1]}.
 *
 * <p>With {@code normalize}, each input is divided by its L2 norm along its axis (at least
 * {@link DotConfig#normFloor()}) first, so the output is the cosine proximity. Each sample is one GEMM:
 * both inputs are packed as rows of {@code K} contraction values, {@code out = X · Yᵀ}. Input masks are
 * accepted and the output has none (Keras and TF.js {@code compute_mask} return null).
 */
public final class Dot extends Layer {
    private static final Kernels K = Kernels.get();

    private final DotConfig config;
    /** Per input, set at build: the contraction axis in per-sample coordinates. */
    private final int[] contract = new int[2];

    Dot(String name, DotConfig config) {
        super(name);
        this.config = config;
    }

    @Override
    public DotConfig config() {
        return config;
    }

    @Override
    public boolean supportsMasking() {
        return true;
    }

    @Override
    public Tensor computeMask(List<Tensor> inputs, Tensor mask) {
        return null;
    }

    @Override
    public String inputHint() {
        return "(Dot takes [x, y] contracted over axes " + config.axes() + " of equal size)";
    }

    @Override
    protected List<Shape> doBuildAll(List<Shape> shapes, RandomGenerator random) {
        if (shapes.size() != 2) {
            throw new IllegalArgumentException("Layer '" + name() + "' (Dot) takes exactly 2 inputs, got " + shapes.size());
        }
        for (int i = 0; i < 2; i++) {
            int rank = shapes.get(i).rank() + 1;
            int a = config.axis(i) < 0 ? config.axis(i) + rank : config.axis(i);
            if (a < 1 || a >= rank) {
                throw new IllegalArgumentException("Layer '" + name() + "' (Dot): axis " + config.axis(i)
                        + " is out of range for input " + i + " " + shapes.get(i).prepend(Shape.UNKNOWN)
                        + " (axis 0 is the batch)");
            }
            contract[i] = a - 1;
        }
        Shape x = shapes.get(0);
        Shape y = shapes.get(1);
        if (x.dim(contract[0]) != y.dim(contract[1]) || x.dim(contract[0]) == Shape.UNKNOWN) {
            throw new IncompatibleShapeException(name(), 1, x.prepend(Shape.UNKNOWN), y.prepend(Shape.UNKNOWN),
                    "(Dot: axis " + (contract[0] + 1) + " of input 0 and axis " + (contract[1] + 1)
                            + " of input 1 must have one known size)");
        }
        int[] out = new int[Math.max(1, x.rank() + y.rank() - 2)];
        int p = 0;
        for (int d = 0; d < x.rank(); d++) {
            if (d != contract[0]) {
                out[p++] = x.dim(d);
            }
        }
        for (int d = 0; d < y.rank(); d++) {
            if (d != contract[1]) {
                out[p++] = y.dim(d);
            }
        }
        if (p == 0) {
            out[0] = 1;
        }
        return List.of(Shape.of(out));
    }

    /** Sizes of one input's sample seen as {@code [outer, K, inner]} around its contraction axis. */
    private record Split(int outer, int k, int inner) {
        int rows() {
            return outer * inner;
        }
    }

    private Split split(Shape sample, int axis) {
        int outer = 1;
        int inner = 1;
        for (int d = 0; d < sample.rank(); d++) {
            if (d < axis) {
                outer *= sample.dim(d);
            } else if (d > axis) {
                inner *= sample.dim(d);
            }
        }
        return new Split(outer, sample.dim(axis), inner);
    }

    /** Packs sample {@code b} of {@code x} as rows of its K contraction values, {@code [outer*inner, K]}. */
    private static void pack(float[] x, int b, Split s, float[] rows) {
        int base = b * s.outer() * s.k() * s.inner();
        for (int o = 0; o < s.outer(); o++) {
            for (int k = 0; k < s.k(); k++) {
                int src = base + (o * s.k() + k) * s.inner();
                for (int i = 0; i < s.inner(); i++) {
                    rows[(o * s.inner() + i) * s.k() + k] = x[src + i];
                }
            }
        }
    }

    /** The inverse of {@link #pack}: writes the rows back into sample {@code b} of {@code x}. */
    private static void unpack(float[] rows, Split s, int b, float[] x) {
        int base = b * s.outer() * s.k() * s.inner();
        for (int o = 0; o < s.outer(); o++) {
            for (int k = 0; k < s.k(); k++) {
                int dst = base + (o * s.k() + k) * s.inner();
                for (int i = 0; i < s.inner(); i++) {
                    x[dst + i] = rows[(o * s.inner() + i) * s.k() + k];
                }
            }
        }
    }

    /** Divides each row by {@code max(norm, floor)} in place and returns the divisors. */
    private static float[] normalizeRows(float[] rows, int count, int k, double floor) {
        float[] div = new float[count];
        for (int r = 0; r < count; r++) {
            double ss = 0;
            for (int j = 0; j < k; j++) {
                ss += (double) rows[r * k + j] * rows[r * k + j];
            }
            div[r] = (float) Math.max(Math.sqrt(ss), floor);
            for (int j = 0; j < k; j++) {
                rows[r * k + j] /= div[r];
            }
        }
        return div;
    }

    /** Backward of {@link #normalizeRows}: {@code dx = (dy - y (y·dy)) / n} where the norm exceeds the floor, else {@code dy / floor}. */
    private static void normalizeRowsBackward(float[] y, float[] div, float[] dy, int count, int k, double floor) {
        for (int r = 0; r < count; r++) {
            boolean floored = div[r] <= floor;
            double dot = 0;
            if (!floored) {
                for (int j = 0; j < k; j++) {
                    dot += (double) y[r * k + j] * dy[r * k + j];
                }
            }
            for (int j = 0; j < k; j++) {
                dy[r * k + j] = (float) ((dy[r * k + j] - (floored ? 0 : y[r * k + j] * dot)) / div[r]);
            }
        }
    }

    /** What one call keeps for the backward pass: each sample's packed (normalised) rows and divisors. */
    private record Pass(Split sx, Split sy, float[] xr, float[] yr, float[] xDiv, float[] yDiv, Tensor out) {
    }

    private Pass run(List<Tensor> in) {
        Tensor x = in.get(0);
        Tensor y = in.get(1);
        int batch = x.shape().dim(0);
        if (y.shape().dim(0) != batch) {
            throw new IncompatibleShapeException(name(), 1, y.shape().dropFirst().prepend(batch), y.shape(),
                    "(Dot: both inputs need one batch size)");
        }
        Split sx = split(x.shape().dropFirst(), contract[0]);
        Split sy = split(y.shape().dropFirst(), contract[1]);
        int m = sx.rows();
        int n = sy.rows();
        int k = sx.k();
        float[] xr = new float[batch * m * k];
        float[] yr = new float[batch * n * k];
        float[] tmp = new float[Math.max(m, n) * k];
        for (int b = 0; b < batch; b++) {
            pack(x.buffer(), b, sx, tmp);
            System.arraycopy(tmp, 0, xr, b * m * k, m * k);
            pack(y.buffer(), b, sy, tmp);
            System.arraycopy(tmp, 0, yr, b * n * k, n * k);
        }
        float[] xDiv = config.normalize() ? normalizeRows(xr, batch * m, k, config.normFloor()) : null;
        float[] yDiv = config.normalize() ? normalizeRows(yr, batch * n, k, config.normFloor()) : null;
        float[] out = new float[batch * m * n];
        for (int b = 0; b < batch; b++) {
            K.gemm(false, true, m, n, k, xr, b * m * k, k, yr, b * n * k, k, 0f, out, b * m * n, n);
        }
        return new Pass(sx, sy, xr, yr, xDiv, yDiv, Tensor.wrap(outputShape().prepend(batch), out));
    }

    @Override
    protected List<Tensor> doCallAll(List<Tensor> inputs, Tensor mask) {
        return List.of(run(inputs).out());
    }

    @Override
    protected ForwardPass doForwardAll(List<Tensor> inputs, Tensor mask, TrainingContext context) {
        Pass p = run(inputs);
        return ForwardPass.ofAll(List.of(p.out()), grads -> Dot.this.backward(inputs, p, grads.get(0)));
    }

    private List<Tensor> backward(List<Tensor> in, Pass p, Tensor g) {
        int batch = in.get(0).shape().dim(0);
        int m = p.sx().rows();
        int n = p.sy().rows();
        int k = p.sx().k();
        float[] dxr = new float[batch * m * k];
        float[] dyr = new float[batch * n * k];
        float[] dOut = g.buffer();
        for (int b = 0; b < batch; b++) {
            K.gemm(false, false, m, k, n, dOut, b * m * n, n, p.yr(), b * n * k, k, 0f, dxr, b * m * k, k);
            K.gemm(true, false, n, k, m, dOut, b * m * n, n, p.xr(), b * m * k, k, 0f, dyr, b * n * k, k);
        }
        if (config.normalize()) {
            normalizeRowsBackward(p.xr(), p.xDiv(), dxr, batch * m, k, config.normFloor());
            normalizeRowsBackward(p.yr(), p.yDiv(), dyr, batch * n, k, config.normFloor());
        }
        float[] dx = new float[in.get(0).size()];
        float[] dy = new float[in.get(1).size()];
        float[] tmp = new float[Math.max(m, n) * k];
        for (int b = 0; b < batch; b++) {
            System.arraycopy(dxr, b * m * k, tmp, 0, m * k);
            unpack(tmp, p.sx(), b, dx);
            System.arraycopy(dyr, b * n * k, tmp, 0, n * k);
            unpack(tmp, p.sy(), b, dy);
        }
        return List.of(Tensor.wrap(in.get(0).shape(), dx), Tensor.wrap(in.get(1).shape(), dy));
    }
}
