package dev.engram.examples.browser;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.examples.AirlinePassengers;
import dev.engram.examples.PassengerForecaster;
import dev.engram.io.keras.TfjsWriteOptions;
import dev.engram.io.keras.tfjs.TfjsModelWriter;
import dev.engram.models.Sequential;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Trains the airline-passenger forecaster ({@link PassengerForecaster}) and writes what the browser
 * page needs into one directory:
 *
 * <ul>
 *   <li>{@code model.json} + weights: the TF.js layers model, weights split into 4 MiB shards
 *       {@code group1-shard<i>of<n>.bin} as the TF.js converter does; a model that fits one shard
 *       (the forecaster: 17 KB) gets one {@code weights.bin}, as TF.js's own save writes;</li>
 *   <li>{@code forecast.json} ({@link #FORECAST_JSON}): the test windows ({@code windows}, one array of
 *       12 standardised log-changes per test month), Engram's own outputs for them
 *       ({@code engramPredictions}), and what turns an output into passengers: {@code lastObserved},
 *       {@code mean}, {@code std} (forecast = lastObserved * exp(output * std + mean)), with
 *       {@code actual}, {@code months} and Engram's test {@code engramRmse}.</li>
 * </ul>
 *
 * <p>Usage: {@code TrainForBrowser [dir]} (default {@code target/site/model}).
 */
public final class TrainForBrowser {
    /** Name of the test-window file written next to model.json. */
    public static final String FORECAST_JSON = "forecast.json";

    private static final ObjectMapper JSON = new ObjectMapper();

    private TrainForBrowser() {
    }

    /** Trains and writes the model and {@code forecast.json} into {@code args[0]}. */
    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "target/site/model");
        float[] predictions = write(dir);
        System.out.printf(Locale.ROOT, "wrote the TF.js model and %s (%d test windows) to %s%n", FORECAST_JSON,
                predictions.length, dir.toAbsolutePath());
    }

    /**
     * Trains the forecaster and writes the TF.js model and {@code forecast.json} into {@code dir}
     * (created if missing).
     *
     * @return Engram's outputs for the test windows, as written to {@code forecast.json}
     */
    public static float[] write(Path dir) throws IOException {
        AirlinePassengers data = AirlinePassengers.load();
        return write(PassengerForecaster.train(data).model(), data, dir);
    }

    /**
     * Writes any forecaster-shaped model ({@code [batch, 12, 1]} in, {@code [batch, 1]} out) into
     * {@code dir} as a TF.js model with 4 MiB shards, with {@code forecast.json} for {@code data}'s
     * test windows and the model's predictions for them.
     *
     * @return the model's outputs for the test windows, as written to {@code forecast.json}
     */
    public static float[] write(Sequential model, AirlinePassengers data, Path dir) throws IOException {
        TfjsModelWriter.write(model, dir,
                TfjsWriteOptions.defaults().withShardBytes(TfjsWriteOptions.CONVERTER_SHARD_BYTES));
        float[] predictions = model.predict(data.testX()).toArray();
        Files.writeString(dir.resolve(FORECAST_JSON), JSON.writeValueAsString(forecastJson(data, predictions)));
        return predictions;
    }

    private static ObjectNode forecastJson(AirlinePassengers data, float[] predictions) {
        ObjectNode root = JSON.createObjectNode();
        root.put("window", AirlinePassengers.WINDOW);
        root.put("mean", data.mean());
        root.put("std", data.std());
        float[] x = data.testX().toArray();
        ArrayNode windows = root.putArray("windows");
        for (int i = 0; i < data.testSize(); i++) {
            ArrayNode w = windows.addArray();
            for (int k = 0; k < AirlinePassengers.WINDOW; k++) {
                w.add(x[i * AirlinePassengers.WINDOW + k]);
            }
        }
        ArrayNode months = root.putArray("months");
        ArrayNode last = root.putArray("lastObserved");
        ArrayNode actual = root.putArray("actual");
        ArrayNode engram = root.putArray("engramPredictions");
        double[] forecasts = new double[data.testSize()];
        for (int i = 0; i < data.testSize(); i++) {
            months.add(data.month(i));
            last.add(data.naive(i));
            actual.add(data.actual(i));
            engram.add(predictions[i]);
            forecasts[i] = data.forecast(i, predictions[i]);
        }
        root.put("engramRmse", data.rmse(forecasts));
        return root;
    }
}
