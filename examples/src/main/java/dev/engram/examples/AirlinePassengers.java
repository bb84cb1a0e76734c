package dev.engram.examples;

import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The monthly airline passengers series (Box and Jenkins, 1949-1960, thousands) prepared for
 * one-step-ahead forecasting: shared by {@link Forecast} and the browser example, so both train on
 * the same windows.
 *
 * <p>A window holds the last {@link #WINDOW} monthly log-changes, standardised with the mean and
 * standard deviation of the training months only (no look-ahead); the target is the next month's
 * standardised change. The last {@link #TEST_MONTHS} months are the test set. A predicted change
 * {@code z} turns into a forecast with {@link #forecast(int, double)}: the last observed value times
 * {@code exp(z * std + mean)}.
 */
public final class AirlinePassengers {
    /** Months of history per window (the model's timesteps). */
    public static final int WINDOW = 12;
    /** Months held out at the end of the series. */
    public static final int TEST_MONTHS = 24;

    private final double[] passengers;
    private final double[] change;
    private final double mean;
    private final double std;
    private final List<Integer> trainTargets = new ArrayList<>();
    private final List<Integer> testTargets = new ArrayList<>();

    private AirlinePassengers(double[] passengers) {
        this.passengers = passengers;
        int n = passengers.length;
        change = new double[n];
        for (int t = 1; t < n; t++) {
            change[t] = Math.log(passengers[t]) - Math.log(passengers[t - 1]);
        }
        int firstTest = n - TEST_MONTHS;
        double sum = 0;
        for (int t = 1; t < firstTest; t++) {
            sum += change[t];
        }
        mean = sum / (firstTest - 1);
        double sq = 0;
        for (int t = 1; t < firstTest; t++) {
            sq += (change[t] - mean) * (change[t] - mean);
        }
        std = Math.sqrt(sq / (firstTest - 2));
        for (int t = WINDOW + 1; t < n; t++) {
            (t < firstTest ? trainTargets : testTargets).add(t);
        }
    }

    /** Reads the series from the CSV committed in the examples jar. */
    public static AirlinePassengers load() {
        return new AirlinePassengers(readCsv());
    }

    /** Number of training windows. */
    public int trainSize() {
        return trainTargets.size();
    }

    /** Number of test windows ({@link #TEST_MONTHS}). */
    public int testSize() {
        return testTargets.size();
    }

    /** Training inputs, shape {@code [trainSize, WINDOW, 1]}. */
    public Tensor trainX() {
        return windows(trainTargets);
    }

    /** Training targets (standardised changes), shape {@code [trainSize, 1]}. */
    public Tensor trainY() {
        float[] y = new float[trainTargets.size()];
        for (int i = 0; i < y.length; i++) {
            y[i] = scaled(trainTargets.get(i));
        }
        return Tensor.wrap(Shape.of(y.length, 1), y);
    }

    /** Test inputs, shape {@code [testSize, WINDOW, 1]}, oldest test month first. */
    public Tensor testX() {
        return windows(testTargets);
    }

    /** Observed passengers in test month {@code i}. */
    public double actual(int i) {
        return passengers[testTargets.get(i)];
    }

    /** The naive forecast of test month {@code i}: the month before. */
    public double naive(int i) {
        return passengers[testTargets.get(i) - 1];
    }

    /** The forecast of test month {@code i} from the model's standardised change {@code z}. */
    public double forecast(int i, double z) {
        return naive(i) * Math.exp(z * std + mean);
    }

    /** Test month {@code i} as {@code yyyy-mm}. */
    public String month(int i) {
        int t = testTargets.get(i);
        return String.format(Locale.ROOT, "%4d-%02d", 1949 + t / 12, t % 12 + 1);
    }

    /** The whole observed series, one value per month from January 1949 (a copy). */
    public double[] series() {
        return passengers.clone();
    }

    /** Index in {@link #series()} of the first test month. */
    public int firstTestMonth() {
        return testTargets.get(0);
    }

    /** Mean of the training months' log-changes. */
    public double mean() {
        return mean;
    }

    /** Standard deviation of the training months' log-changes. */
    public double std() {
        return std;
    }

    /** Root mean squared error of {@code forecasts} against the test months. */
    public double rmse(double[] forecasts) {
        double sq = 0;
        for (int i = 0; i < forecasts.length; i++) {
            sq += (forecasts[i] - actual(i)) * (forecasts[i] - actual(i));
        }
        return Math.sqrt(sq / forecasts.length);
    }

    private float scaled(int t) {
        return (float) ((change[t] - mean) / std);
    }

    private Tensor windows(List<Integer> targets) {
        float[] x = new float[targets.size() * WINDOW];
        for (int i = 0; i < targets.size(); i++) {
            int t = targets.get(i);
            for (int k = 0; k < WINDOW; k++) {
                x[i * WINDOW + k] = scaled(t - WINDOW + k);
            }
        }
        return Tensor.wrap(Shape.of(targets.size(), WINDOW, 1), x);
    }

    /** Reads the committed CSV (comment lines start with #, then a header). */
    private static double[] readCsv() {
        try (InputStream in = AirlinePassengers.class.getResourceAsStream("airline-passengers.csv")) {
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
