package dev.engram.bench;

import dev.engram.activations.Activations;
import dev.engram.layers.Layers;
import dev.engram.losses.Losses;
import dev.engram.models.FitOptions;
import dev.engram.models.Sequential;
import dev.engram.models.Verbosity;
import dev.engram.optimizers.Optimizers;
import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;

/**
 * Workload CNN (issue 18): the canonical TF.js MNIST convnet of the TF.js tutorial, Conv2D(8, 5x5, relu,
 * input [28, 28, 1]) -> MaxPooling2D(2x2, strides 2) -> Conv2D(16, 5x5, relu) -> MaxPooling2D -> Flatten
 * -> Dense(10, softmax), Adam(0.001), categorical cross-entropy, the tutorial's batch of 512, on
 * synthetic digits made by the same formula in every harness (no download): image {@code i} has class
 * {@code k = i % 10}, a blurred ring of radius {@code 5 + k/3} around a class-dependent centre and a bar
 * at angle {@code k * pi / 10} through it, plus {@code 0.15 * (noise(i, r, c) + 0.5)}, clipped to [0, 1].
 */
public final class ConvnetWorkload {
    /** Samples in the full training set (slow peers train on a subset). */
    public static final int SAMPLES = 2048;
    /** The tutorial's batch size. */
    public static final int BATCH = 512;
    /** Forward multiply-adds times 2 per sample: the two convolutions and the Dense head. */
    public static final double FORWARD_FLOPS = 2.0 * (24 * 24 * 8 * 25 + 8 * 8 * 16 * 200 + 256 * 10);

    private ConvnetWorkload() {
    }

    /** The model, seeded. */
    public static Sequential model() {
        Sequential m = Sequential.seeded(Workloads.SEED,
                Layers.conv2d(8, 5).withActivation(Activations.relu()).inputShape(28, 28, 1),
                Layers.maxPooling2d(2, 2),
                Layers.conv2d(16, 5).withActivation(Activations.relu()),
                Layers.maxPooling2d(2, 2),
                Layers.flatten(),
                Layers.dense(10).withActivation(Activations.softmax()));
        m.compile(Losses.categoricalCrossentropy(), Optimizers.adam(0.001));
        return m;
    }

    /** Images {@code [n, 28, 28, 1]}. */
    public static Tensor images(int n) {
        float[] x = new float[n * 28 * 28];
        for (int i = 0; i < n; i++) {
            int k = i % 10;
            double cr = 14 + ((k % 3) - 1) * 3;
            double cc = 14 + (((k / 3) % 3) - 1) * 3;
            double radius = 5 + k / 3.0;
            double angle = k * Math.PI / 10;
            for (int r = 0; r < 28; r++) {
                for (int c = 0; c < 28; c++) {
                    double dr = r - cr;
                    double dc = c - cc;
                    double dist = Math.hypot(dr, dc);
                    double ring = Math.exp(-Math.pow(dist - radius, 2) / 2);
                    double across = dr * Math.cos(angle) - dc * Math.sin(angle);
                    double bar = dist < 9 ? Math.exp(-across * across / 1.5) : 0;
                    double v = ring + 0.8 * bar + 0.15 * (Workloads.noise(i, r, c) + 0.5);
                    x[(i * 28 + r) * 28 + c] = (float) Math.min(1, Math.max(0, v));
                }
            }
        }
        return Tensor.wrap(Shape.of(n, 28, 28, 1), x);
    }

    /** One-hot labels {@code [n, 10]}, class {@code i % 10}. */
    public static Tensor labels(int n) {
        return Workloads.oneHotTargets(n, 10);
    }

    /** One epoch, no shuffling, silent. */
    public static FitOptions oneEpoch() {
        return FitOptions.epochs(1).withBatchSize(BATCH).withShuffle(false).withVerbosity(Verbosity.SILENT);
    }
}
