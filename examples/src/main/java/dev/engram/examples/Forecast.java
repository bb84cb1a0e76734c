package dev.engram.examples;

import dev.engram.layers.Layers;
import dev.engram.losses.Losses;
import dev.engram.models.EarlyStopping;
import dev.engram.models.FitOptions;
import dev.engram.models.History;
import dev.engram.models.Sequential;
import dev.engram.models.Verbosity;
import dev.engram.optimizers.Optimizers;
import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One-step-ahead forecasting of the monthly airline passengers series (Box and Jenkins, 1949-1960).
 *
 * <p>The model reads the last 12 monthly log-changes and predicts the next one; the forecast is the
 * last observed value times {@code exp} of that change. Changes are standardised with statistics of
 * the training part only. The last 24 months are the test set; the model trains on the rest with a
 * 15% validation split and early stopping (restoring the best weights). It reports test RMSE in
 * passengers (thousands) next to the naive forecast "next month = this month", and draws the
 * forecast against the actual series into a PNG (argument 1, default {@code target/forecast.png}).
 */
public final class Forecast {
    private static final int WINDOW = 12;
    private static final int TEST_MONTHS = 24;

    private Forecast() {
    }

    /** Trains, evaluates on the last two years and prints the comparison. */
    public static void main(String[] args) {
        double[] passengers = load();
        int n = passengers.length;
        double[] change = new double[n];
        for (int t = 1; t < n; t++) {
            change[t] = Math.log(passengers[t]) - Math.log(passengers[t - 1]);
        }
        int firstTest = n - TEST_MONTHS;
        // Scaling statistics from the training months only (no look-ahead).
        double mean = 0;
        double sq = 0;
        for (int t = 1; t < firstTest; t++) {
            mean += change[t];
        }
        mean /= firstTest - 1;
        for (int t = 1; t < firstTest; t++) {
            sq += (change[t] - mean) * (change[t] - mean);
        }
        double std = Math.sqrt(sq / (firstTest - 2));

        List<Integer> trainTargets = new ArrayList<>();
        List<Integer> testTargets = new ArrayList<>();
        for (int t = WINDOW + 1; t < n; t++) {
            (t < firstTest ? trainTargets : testTargets).add(t);
        }
        Tensor trainX = windows(change, trainTargets, mean, std);
        Tensor trainY = targets(change, trainTargets, mean, std);
        Tensor testX = windows(change, testTargets, mean, std);

        Sequential model = Sequential.seeded(42,
                Layers.lstm(32).inputShape(WINDOW, 1),
                Layers.dense(1));
        model.compile(Losses.meanSquaredError(), Optimizers.adam(0.005));
        EarlyStopping early = EarlyStopping.onValidationLoss().withPatience(30).withRestoreBestWeights(true);
        History history = model.fit(trainX, trainY, FitOptions.epochs(400).withBatchSize(16)
                .withValidationSplit(0.15).withSeed(7).withCallbacks(early).withVerbosity(Verbosity.SILENT));
        System.out.printf(Locale.ROOT, "trained %d epochs on %d windows; best val_loss %.4f at epoch %d%n",
                history.epochs(), trainTargets.size(), history.get("val_loss").get(early.bestEpoch()),
                early.bestEpoch() + 1);

        float[] predicted = model.predict(testX).toArray();
        double[] forecasts = new double[testTargets.size()];
        double modelSq = 0;
        double naiveSq = 0;
        System.out.println("month     actual  forecast  naive");
        for (int i = 0; i < testTargets.size(); i++) {
            int t = testTargets.get(i);
            double forecast = passengers[t - 1] * Math.exp(predicted[i] * std + mean);
            forecasts[i] = forecast;
            double naive = passengers[t - 1];
            modelSq += sq(forecast - passengers[t]);
            naiveSq += sq(naive - passengers[t]);
            System.out.printf(Locale.ROOT, "%4d-%02d %8.0f %9.1f %6.0f%n", 1949 + t / 12, t % 12 + 1, passengers[t],
                    forecast, naive);
        }
        double modelRmse = Math.sqrt(modelSq / testTargets.size());
        double naiveRmse = Math.sqrt(naiveSq / testTargets.size());
        System.out.printf(Locale.ROOT, "test RMSE (last %d months): LSTM %.1f, naive last value %.1f (%.0f%% lower)%n",
                TEST_MONTHS, modelRmse, naiveRmse, 100 * (1 - modelRmse / naiveRmse));
        Path chart = Path.of(args.length > 0 ? args[0] : "target/forecast.png");
        try {
            ForecastChart.write(chart, passengers, firstTest, forecasts);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        System.out.println("chart of forecast against actual: " + chart.toAbsolutePath());
    }

    private static double sq(double v) {
        return v * v;
    }

    private static Tensor windows(double[] change, List<Integer> targets, double mean, double std) {
        float[] x = new float[targets.size() * WINDOW];
        for (int i = 0; i < targets.size(); i++) {
            int t = targets.get(i);
            for (int k = 0; k < WINDOW; k++) {
                x[i * WINDOW + k] = (float) ((change[t - WINDOW + k] - mean) / std);
            }
        }
        return Tensor.wrap(Shape.of(targets.size(), WINDOW, 1), x);
    }

    private static Tensor targets(double[] change, List<Integer> targets, double mean, double std) {
        float[] y = new float[targets.size()];
        for (int i = 0; i < y.length; i++) {
            y[i] = (float) ((change[targets.get(i)] - mean) / std);
        }
        return Tensor.wrap(Shape.of(y.length, 1), y);
    }

    /** Reads the committed CSV (comment lines start with #, then a header). */
    static double[] load() {
        try (InputStream in = Forecast.class.getResourceAsStream("airline-passengers.csv")) {
            if (in == null) {
                throw new IllegalStateException("airline-passengers.csv is missing from the examples jar");
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            List<Double> values = new ArrayList<>();
            String line;
            boolean header = true;
            while ((line = r.readLine()) != null) {
                if (line.startsWith("#") || line.isBlank()) {
                    continue;
                }
                if (header) {
                    header = false;
                    continue;
                }
                values.add(Double.parseDouble(line.substring(line.indexOf(',') + 1).trim()));
            }
            return values.stream().mapToDouble(Double::doubleValue).toArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
