/**
 * Datasets for training and inference, the {@code tf.data} / {@code keras.utils} equivalents:
 * sources (in-memory tensors, CSV files read as they are consumed, any iterator or supplier,
 * {@link dev.engram.data.Datasets#timeseriesWindows time-series windows}) and lazy operations
 * (shuffle with a bounded buffer, batch, map, filter, take/skip, repeat, prefetch on a background
 * thread). Memory is bounded by the buffers, not by the size of the data. {@code fit},
 * {@code evaluate} and {@code predict} of the models accept a {@code Dataset<Sample>} of batches.
 */
package dev.engram.data;
