package dev.engram.internal.kernels;

import java.util.Random;

/**
 * Prints GEMM throughput (GFLOP/s = 2mnk / time, best of several timed repetitions after warm-up) for
 * a few layer-sized shapes, for the scalar path on 1 thread and the vector path on 1 and 2 threads.
 *
 * <p>Run: {@code mvn -q -pl engine test-compile} then {@code java --add-modules=jdk.incubator.vector
 * -cp engine/target/classes:engine/target/test-classes dev.engram.internal.kernels.GemmThroughput}.
 * Optional arguments: {@code m n k} triples replacing the default shapes.
 */
public final class GemmThroughput {
    private GemmThroughput() {
    }

    /** Runs the measurement; see the class comment for arguments. */
    public static void main(String[] args) {
        int[][] shapes = {{64, 256, 65}, {128, 1024, 288}, {1024, 1024, 1024}};
        if (args.length >= 3) {
            shapes = new int[args.length / 3][];
            for (int i = 0; i < shapes.length; i++) {
                shapes[i] = new int[] {Integer.parseInt(args[3 * i]), Integer.parseInt(args[3 * i + 1]),
                        Integer.parseInt(args[3 * i + 2])};
            }
        }
        System.out.printf("%-26s %10s %10s %10s%n", "shape [m x k] x [k x n]", "scalar/1t", "vector/1t",
                "vector/2t");
        for (int[] s : shapes) {
            int m = s[0];
            int n = s[1];
            int k = s[2];
            KernelThreads.setThreads(1);
            double scalar = measure(new ScalarKernels(), m, n, k);
            double vector1 = measure(new VectorKernels(), m, n, k);
            KernelThreads.setThreads(2);
            double vector2 = measure(new VectorKernels(), m, n, k);
            System.out.printf("%-26s %10.1f %10.1f %10.1f%n",
                    "[" + m + "x" + k + "]x[" + k + "x" + n + "]", scalar, vector1, vector2);
        }
    }

    /** Best-of GFLOP/s of {@code C = A * B} with row-major operands. */
    static double measure(Kernels kernels, int m, int n, int k) {
        Random random = new Random(42);
        float[] a = new float[m * k];
        float[] b = new float[k * n];
        float[] c = new float[m * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = random.nextFloat() - 0.5f;
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = random.nextFloat() - 0.5f;
        }
        double flops = 2.0 * m * n * k;
        // Size each repetition to ~20 ms at 10 GFLOP/s so small shapes are timed over many calls.
        int calls = (int) Math.max(1, Math.min(1_000_000, 2e8 / flops));
        long warmEnd = System.nanoTime() + 1_500_000_000L;
        while (System.nanoTime() < warmEnd) {
            kernels.gemm(false, false, m, n, k, a, 0, k, b, 0, n, 0f, c, 0, n);
        }
        double best = 0;
        for (int rep = 0; rep < 7; rep++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < calls; i++) {
                kernels.gemm(false, false, m, n, k, a, 0, k, b, 0, n, 0f, c, 0, n);
            }
            long dt = System.nanoTime() - t0;
            best = Math.max(best, flops * calls / dt);
        }
        return best;
    }
}
