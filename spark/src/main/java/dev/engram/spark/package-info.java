/**
 * Engram on Apache Spark: batch scoring of Datasets ({@link dev.engram.spark.EngramSpark}, the ML
 * Transformer {@link dev.engram.spark.EngramModel}), fixed-length windows of time series
 * ({@link dev.engram.spark.SeriesWindows}), and synchronous data-parallel training
 * ({@link dev.engram.spark.GradientAveraging}, {@link dev.engram.spark.ParameterAveraging}).
 * Spark is a provided dependency; nothing outside this package depends on it.
 */
package dev.engram.spark;
