package dev.engram.initializers;

/**
 * Which fan {@link VarianceScaling} divides its scale by (Keras {@code mode}: {@code fan_in},
 * {@code fan_out}, {@code fan_avg}; TF.js {@code fanIn}, {@code fanOut}, {@code fanAvg}).
 */
public enum FanMode {
    /** The number of inputs: {@code shape[-2] * receptiveField} (He and LeCun initializers). */
    FAN_IN,
    /** The number of outputs: {@code shape[-1] * receptiveField}. */
    FAN_OUT,
    /** The mean of fan-in and fan-out (Glorot initializers). */
    FAN_AVG
}
