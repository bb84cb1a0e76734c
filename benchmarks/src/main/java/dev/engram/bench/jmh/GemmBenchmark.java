package dev.engram.bench.jmh;

import dev.engram.tensor.LinearAlgebra;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The engine's GEMM ({@code LinearAlgebra.gemm}, i.e. {@code Kernels.get().gemm}) on the shapes of issue 6,
 * {@code C[m x n] = A[m x k] B[k x n]}, row-major, beta 0. GFLOP/s = 2 m n k / (time per op).
 * One and two threads, and the plain-Java kernels, run in separate forks ({@code engram.kernels.threads} and
 * {@code engram.kernels} are read once per JVM).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class GemmBenchmark {
    /** {@code m x k x n}. */
    @Param({"64x65x256", "128x288x1024", "1024x1024x1024"})
    public String shape;

    private int m;
    private int k;
    private int n;
    private float[] a;
    private float[] b;
    private float[] c;

    /** Random operands in [-0.5, 0.5). */
    @Setup
    public void setUp() {
        String[] p = shape.split("x");
        m = Integer.parseInt(p[0]);
        k = Integer.parseInt(p[1]);
        n = Integer.parseInt(p[2]);
        Random r = new Random(7);
        a = new float[m * k];
        b = new float[k * n];
        c = new float[m * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = r.nextFloat() - 0.5f;
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = r.nextFloat() - 0.5f;
        }
    }

    /** One thread. */
    @Benchmark
    @Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Dengram.kernels.threads=1"})
    public float[] threads1() {
        LinearAlgebra.gemm(false, false, m, n, k, a, 0, k, b, 0, n, 0f, c, 0, n);
        return c;
    }

    /** The plain-Java kernels on one thread: what the Vector API path gains (formerly the engine's GemmThroughput main()). */
    @Benchmark
    @Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Dengram.kernels.threads=1",
            "-Dengram.kernels=scalar"})
    public float[] scalarThreads1() {
        LinearAlgebra.gemm(false, false, m, n, k, a, 0, k, b, 0, n, 0f, c, 0, n);
        return c;
    }

    /** Two threads (products of at least 2^21 multiply-adds are split). */
    @Benchmark
    @Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Dengram.kernels.threads=2"})
    public float[] threads2() {
        LinearAlgebra.gemm(false, false, m, n, k, a, 0, k, b, 0, n, 0f, c, 0, n);
        return c;
    }
}
