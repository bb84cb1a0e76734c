package dev.engram.spark;

import org.apache.spark.sql.SparkSession;

/**
 * One local[2] Spark session for every test class of this JVM: starting Spark costs seconds, so
 * the classes share it (stopped by Spark's shutdown hook). Task failures are retried up to 4 times
 * ({@code local[2,4]}) so that the retry tests see Spark's own recovery.
 */
final class TestSpark {
    private static SparkSession session;

    private TestSpark() {
    }

    static synchronized SparkSession get() {
        if (session == null) {
            session = SparkSession.builder()
                    .master("local[2,4]")
                    .appName("engram-spark-tests")
                    .config("spark.ui.enabled", "false")
                    .config("spark.sql.shuffle.partitions", "2")
                    .config("spark.driver.bindAddress", "127.0.0.1")
                    .config("spark.driver.host", "127.0.0.1")
                    .getOrCreate();
            session.sparkContext().setLogLevel("ERROR");
        }
        return session;
    }
}
