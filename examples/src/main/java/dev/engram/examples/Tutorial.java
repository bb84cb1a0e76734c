package dev.engram.examples;

import dev.engram.layers.Layers;
import dev.engram.losses.Losses;
import dev.engram.models.FitOptions;
import dev.engram.models.Sequential;
import dev.engram.optimizers.Optimizers;
import dev.engram.tensor.Tensor;

/**
 * The TensorFlow.js time-series tutorial, line for line in Java: an LSTM(16) reading one time step
 * of one feature, a Dense(1) head, mean squared error and Adam, ten epochs on two samples, then a
 * prediction for the input 3.
 *
 * <p>The tutorial's own text passes 2-D tensors {@code [[1], [2]]} to the LSTM; recurrent layers
 * take {@code [batch, timesteps, features]}, so the inputs here are {@code [[[1]], [[2]]]} (Engram
 * rejects the 2-D form with a message saying exactly that).
 */
public final class Tutorial {
    private Tutorial() {
    }

    /** Runs the tutorial and prints the model summary, the training log and the prediction. */
    public static void main(String[] args) {
        var model = Sequential.of(
                Layers.lstm(16).inputShape(1, 1),
                Layers.dense(1));
        model.printSummary();
        model.compile(Losses.meanSquaredError(), Optimizers.adam());

        var xs = Tensor.of(new float[][][] {{{1}}, {{2}}});
        var ys = Tensor.of(new float[][] {{1}, {2}});
        model.fit(xs, ys, FitOptions.epochs(10));

        model.predict(Tensor.of(new float[][][] {{{3}}})).print();
    }
}
