package dev.engram.initializers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Moments and bounds of large draws against the formulas. With 120,000 values the sample mean has
 * a standard error of {@code stddev / 346} and the sample stddev about {@code stddev / 490}; the
 * tolerances below are more than 5 standard errors, so a seeded run fails only on a real bug.
 */
class InitializerStatisticsTest {
    private static final Shape BIG = Shape.of(300, 400); // fanIn 300, fanOut 400, fanAvg 350
    /** scipy.stats.truncnorm.std(-2, 2). */
    private static final double TRUNCATED_STD = 0.87962566103423978;

    @Test
    void randomUniformStaysInItsRangeWithUniformMoments() {
        float[] v = draw(Initializers.randomUniform(-0.3, 0.7));
        for (float e : v) {
            assertTrue(e >= -0.3f && e <= 0.7f, "outside [-0.3, 0.7): " + e);
        }
        assertMoments(v, 0.2, 1 / Math.sqrt(12));
    }

    @Test
    void randomNormalHasItsMeanAndStddev() {
        assertMoments(draw(Initializers.randomNormal(1.0, 2.0)), 1.0, 2.0);
    }

    @Test
    void truncatedNormalRedrawsBeyondTwoStddev() {
        float[] v = draw(Initializers.truncatedNormal(1.0, 2.0));
        for (float e : v) {
            assertTrue(e >= -3.0f && e <= 5.0f, "beyond 2 stddev of the mean: " + e);
        }
        assertMoments(v, 1.0, 2.0 * TRUNCATED_STD);
    }

    @Test
    void varianceScalingDistributions() {
        // scale 3, FAN_IN: variance 3 / 300 = 0.01, target stddev 0.1.
        float[] uniform = draw(Initializers.varianceScaling(3, FanMode.FAN_IN, Distribution.UNIFORM));
        double limit = Math.sqrt(3 * 0.01);
        assertBounded(uniform, limit);
        assertMoments(uniform, 0, 0.1);

        assertMoments(draw(Initializers.varianceScaling(3, FanMode.FAN_IN, Distribution.NORMAL)), 0, 0.1);

        float[] corrected = draw(Initializers.varianceScaling(3, FanMode.FAN_IN, Distribution.TRUNCATED_NORMAL));
        assertBounded(corrected, 2 * 0.1 / TRUNCATED_STD);
        assertMoments(corrected, 0, 0.1);

        float[] tfjs = draw(Initializers.varianceScaling(3, FanMode.FAN_IN,
                Distribution.TRUNCATED_NORMAL_UNCORRECTED));
        assertBounded(tfjs, 2 * 0.1);
        assertMoments(tfjs, 0, 0.1 * TRUNCATED_STD);
    }

    @Test
    void fanModesPickTheirFan() {
        assertMoments(draw(Initializers.varianceScaling(1, FanMode.FAN_OUT, Distribution.NORMAL)), 0,
                Math.sqrt(1.0 / 400));
        assertMoments(draw(Initializers.varianceScaling(1, FanMode.FAN_AVG, Distribution.NORMAL)), 0,
                Math.sqrt(1.0 / 350));
    }

    @Test
    void glorotHeLecunShortcuts() {
        assertMoments(draw(Initializers.glorotUniform()), 0, Math.sqrt(1.0 / 350));
        assertBounded(draw(Initializers.glorotUniform()), Math.sqrt(6.0 / 700));
        assertMoments(draw(Initializers.glorotNormal()), 0, Math.sqrt(1.0 / 350));
        assertMoments(draw(Initializers.glorotNormalTfjs()), 0, Math.sqrt(1.0 / 350) * TRUNCATED_STD);
        assertMoments(draw(Initializers.heNormal()), 0, Math.sqrt(2.0 / 300));
        assertMoments(draw(Initializers.heNormalTfjs()), 0, Math.sqrt(2.0 / 300) * TRUNCATED_STD);
        assertBounded(draw(Initializers.heUniform()), Math.sqrt(6.0 / 300));
        assertMoments(draw(Initializers.lecunNormal()), 0, Math.sqrt(1.0 / 300));
        assertMoments(draw(Initializers.lecunNormalTfjs()), 0, Math.sqrt(1.0 / 300) * TRUNCATED_STD);
        assertBounded(draw(Initializers.lecunUniform()), Math.sqrt(3.0 / 300));
        assertMoments(draw(Initializers.lecunUniform()), 0, Math.sqrt(1.0 / 300));
    }

    @Test
    void shortcutsAreVarianceScalingValues() {
        assertEquals(Initializers.varianceScaling(1, FanMode.FAN_AVG, Distribution.UNIFORM), Initializers.glorotUniform());
        assertEquals(new VarianceScaling(1, FanMode.FAN_AVG, Distribution.TRUNCATED_NORMAL_UNCORRECTED,
                java.util.OptionalLong.empty()), Initializers.glorotNormalTfjs());
        assertEquals(2.0, Initializers.heUniform().scale());
        assertEquals(Distribution.TRUNCATED_NORMAL, Initializers.lecunNormal().distribution());
    }

    @Test
    void constants() {
        Tensor z = Initializers.zeros().initialize(Shape.of(2, 3), null);
        assertEquals(Tensor.zeros(Shape.of(2, 3)), z);
        assertEquals(Tensor.filled(Shape.of(4), 1f), Initializers.ones().initialize(Shape.of(4), null));
        assertEquals(Tensor.filled(Shape.of(2, 2), 0.25f),
                Initializers.constant(0.25).initialize(Shape.of(2, 2), new SplittableRandom(1)));
        assertEquals(Initializers.zeros(), Initializers.constant(0));
    }

    private static float[] draw(Initializer init) {
        return init.initialize(BIG, new SplittableRandom(20240611L)).toArray();
    }

    private static void assertBounded(float[] v, double limit) {
        for (float e : v) {
            assertTrue(Math.abs(e) <= limit * (1 + 1e-6), "|" + e + "| > " + limit);
        }
    }

    private static void assertMoments(float[] v, double mean, double stddev) {
        double s = 0;
        for (float e : v) {
            s += e;
        }
        double m = s / v.length;
        double ss = 0;
        for (float e : v) {
            ss += (e - m) * (e - m);
        }
        double sd = Math.sqrt(ss / (v.length - 1));
        assertEquals(mean, m, 0.02 * stddev, "mean");
        assertEquals(stddev, sd, 0.015 * stddev, "stddev");
    }
}
