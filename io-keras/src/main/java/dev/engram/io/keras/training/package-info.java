/**
 * What a saved model says about training, in every Keras-family format: Keras
 * {@code training_config}/{@code compile_config} and TF.js {@code trainingConfig} to and from
 * engine losses and optimizers ({@link dev.engram.io.keras.training.TrainingConfigs},
 * {@link dev.engram.io.keras.training.KerasTrainingConfigWriter},
 * {@link dev.engram.io.keras.training.TfjsTrainingConfig}), and optimizer state
 * ({@link dev.engram.io.keras.training.KerasOptimizerState}). Not exported.
 */
package dev.engram.io.keras.training;
