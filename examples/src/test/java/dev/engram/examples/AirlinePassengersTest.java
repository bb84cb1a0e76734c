package dev.engram.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The shared forecasting data: window layout, test split and the way back to passengers. */
class AirlinePassengersTest {
    private final AirlinePassengers data = AirlinePassengers.load();

    @Test
    void splitsThe144MonthsIntoTrainingAndTheLastTwoYears() {
        // 144 months; targets start after one change and a 12-month window (month 13).
        assertEquals(144 - 13 - 24, data.trainSize());
        assertEquals(24, data.testSize());
        assertArrayEquals(new int[] {data.trainSize(), 12, 1}, data.trainX().shape().toArray());
        assertArrayEquals(new int[] {24, 12, 1}, data.testX().shape().toArray());
        assertEquals("1959-01", data.month(0));
        assertEquals("1960-12", data.month(23));
        assertEquals(432, data.actual(23));
        assertEquals(390, data.naive(23));
    }

    @Test
    void consecutiveWindowsShiftByOneMonth() {
        float[] x = data.testX().toArray();
        for (int i = 1; i < data.testSize(); i++) {
            for (int k = 0; k < 11; k++) {
                assertEquals(x[(i - 1) * 12 + k + 1], x[i * 12 + k], "window " + i + " step " + k);
            }
        }
    }

    @Test
    void theTrueStandardisedChangeForecastsTheActualValue() {
        for (int i = 0; i < data.testSize(); i++) {
            double z = (Math.log(data.actual(i) / data.naive(i)) - data.mean()) / data.std();
            assertEquals(data.actual(i), data.forecast(i, z), 1e-9 * data.actual(i), data.month(i));
        }
        double[] actual = new double[data.testSize()];
        for (int i = 0; i < actual.length; i++) {
            actual[i] = data.actual(i);
        }
        assertEquals(0, data.rmse(actual));
    }
}
