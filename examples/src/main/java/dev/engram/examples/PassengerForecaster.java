package dev.engram.examples;

import dev.engram.layers.Layers;
import dev.engram.losses.Losses;
import dev.engram.models.EarlyStopping;
import dev.engram.models.FitOptions;
import dev.engram.models.History;
import dev.engram.models.Sequential;
import dev.engram.models.Verbosity;
import dev.engram.optimizers.Optimizers;

/**
 * The airline-passenger forecaster, trained: {@code LSTM(32) -> Dense(1)} on
 * {@link AirlinePassengers} windows ({@code [batch, 12, 1]} in, {@code [batch, 1]} standardised
 * change out), seeded so every run gives the same weights.
 *
 * <p>Training: Adam (learning rate 0.005), MSE, batch 16, up to 400 epochs with a 15% validation
 * split and early stopping on the validation loss (patience 30, restoring the best weights).
 * Shared by {@link Forecast} and the browser example.
 */
public final class PassengerForecaster {
    private final Sequential model;
    private final History history;
    private final int bestEpoch;

    private PassengerForecaster(Sequential model, History history, int bestEpoch) {
        this.model = model;
        this.history = history;
        this.bestEpoch = bestEpoch;
    }

    /** Builds and trains the forecaster on the training windows of {@code data}. */
    public static PassengerForecaster train(AirlinePassengers data) {
        Sequential model = Sequential.seeded(42,
                Layers.lstm(32).inputShape(AirlinePassengers.WINDOW, 1),
                Layers.dense(1));
        model.compile(Losses.meanSquaredError(), Optimizers.adam(0.005));
        EarlyStopping early = EarlyStopping.onValidationLoss().withPatience(30).withRestoreBestWeights(true);
        History history = model.fit(data.trainX(), data.trainY(), FitOptions.epochs(400).withBatchSize(16)
                .withValidationSplit(0.15).withSeed(7).withCallbacks(early).withVerbosity(Verbosity.SILENT));
        return new PassengerForecaster(model, history, early.bestEpoch());
    }

    /** The trained model (its best weights). */
    public Sequential model() {
        return model;
    }

    /** The training history (loss and val_loss per epoch). */
    public History history() {
        return history;
    }

    /** The 0-based epoch whose weights the model holds. */
    public int bestEpoch() {
        return bestEpoch;
    }

    /** The model's raw outputs for the test windows: one standardised change per test month. */
    public float[] predictTest(AirlinePassengers data) {
        return model.predict(data.testX()).toArray();
    }
}
