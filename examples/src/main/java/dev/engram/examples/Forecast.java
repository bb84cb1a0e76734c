package dev.engram.examples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * One-step-ahead forecasting of the monthly airline passengers series (Box and Jenkins, 1949-1960).
 *
 * <p>The model reads the last 12 monthly log-changes and predicts the next one; the forecast is the
 * last observed value times {@code exp} of that change (data preparation: {@link AirlinePassengers};
 * model and training: {@link PassengerForecaster}). The last 24 months are the test set. It reports
 * test RMSE in passengers (thousands) next to the naive forecast "next month = this month", and draws
 * the forecast against the actual series into a PNG (argument 1, default {@code target/forecast.png}).
 */
public final class Forecast {
    private Forecast() {
    }

    /** Trains, evaluates on the last two years, prints the comparison and draws the chart. */
    public static void main(String[] args) {
        AirlinePassengers data = AirlinePassengers.load();
        PassengerForecaster trained = PassengerForecaster.train(data);
        System.out.printf(Locale.ROOT, "trained %d epochs on %d windows; best val_loss %.4f at epoch %d%n",
                trained.history().epochs(), data.trainSize(),
                trained.history().get("val_loss").get(trained.bestEpoch()), trained.bestEpoch() + 1);

        float[] predicted = trained.predictTest(data);
        int n = data.testSize();
        double[] forecasts = new double[n];
        double[] naive = new double[n];
        System.out.println("month     actual  forecast  naive");
        for (int i = 0; i < n; i++) {
            forecasts[i] = data.forecast(i, predicted[i]);
            naive[i] = data.naive(i);
            System.out.printf(Locale.ROOT, "%s %8.0f %9.1f %6.0f%n", data.month(i), data.actual(i), forecasts[i],
                    naive[i]);
        }
        double modelRmse = data.rmse(forecasts);
        double naiveRmse = data.rmse(naive);
        System.out.printf(Locale.ROOT, "test RMSE (last %d months): LSTM %.1f, naive last value %.1f (%.0f%% lower)%n",
                AirlinePassengers.TEST_MONTHS, modelRmse, naiveRmse, 100 * (1 - modelRmse / naiveRmse));
        Path chart = Path.of(args.length > 0 ? args[0] : "target/forecast.png");
        try {
            ForecastChart.write(chart, data.series(), data.firstTestMonth(), forecasts);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        System.out.println("chart of forecast against actual: " + chart.toAbsolutePath());
    }
}
