package dev.engram.models;

import dev.engram.data.Dataset;
import dev.engram.data.Sample;
import dev.engram.tensor.Tensor;
import java.util.List;
import java.util.Map;

/**
 * Options of {@code fit}, with TF.js defaults. Start from {@link #epochs(int)} and adjust with the
 * {@code withX} methods: {@code FitOptions.epochs(10).withBatchSize(16).withShuffle(false)}.
 *
 * @param epochs          passes over the training data, &gt; 0
 * @param batchSize       samples per update, default 32
 * @param shuffle         reshuffle the training rows each epoch, default true
 * @param seed            seed for shuffling and dropout, or null for a random one
 * @param validationSplit fraction of rows, taken from the end before shuffling, held out for validation; default 0
 * @param validationX     explicit validation inputs, one per model input (overrides validationSplit), or null
 * @param validationY     explicit validation targets, one per model output, or null
 * @param callbacks       extra callbacks, in call order
 * @param verbosity       progress output, default {@link Verbosity#AUTO}; ignored when a {@link Progress} is
 *                        among the callbacks
 * @param initialEpoch    the epoch (0-based) to start at, as Keras's {@code initial_epoch}; default 0
 * @param resume          a state to continue from (sets the weights, the optimizer, the position and the
 *                        seed when training begins), or null
 * @param stepsPerEpoch   with a dataset: batches per epoch, continuing the previous epoch's pass (0: one
 *                        full pass per epoch, the default)
 * @param validationDataset with a dataset: validation batches evaluated after each epoch, or null
 * @param validationSteps batches of the validation dataset to evaluate (0: all, the default)
 * @param classWeight     loss weight per class index (Keras {@code class_weight}; single-output models), or null
 * @param sampleWeight    loss weight per training sample ({@code [samples]}), or null; not with classWeight
 */
public record FitOptions(int epochs, int batchSize, boolean shuffle, Long seed, double validationSplit,
        List<Tensor> validationX, List<Tensor> validationY, List<Callback> callbacks, Verbosity verbosity,
        int initialEpoch, TrainingState resume, int stepsPerEpoch, Dataset<Sample> validationDataset,
        int validationSteps, Map<Integer, Double> classWeight, Tensor sampleWeight) {

    /**
     * Validates the fields.
     *
     * @param epochs passes over the training data, &gt; 0
     * @param batchSize samples per update, &gt; 0
     * @param shuffle whether the training rows are reshuffled each epoch
     * @param seed seed for shuffling and dropout, or null for a random one
     * @param validationSplit fraction of rows held out from the end, in [0, 1)
     * @param validationX validation inputs, one per model input, or null (then validationY must be null too)
     * @param validationY validation targets, one per model output, or null (then validationX must be null too)
     * @param callbacks extra callbacks in call order; copied
     * @param verbosity progress output when no {@link Progress} callback is given
     * @param initialEpoch 0-based epoch to start at, &gt;= 0
     * @param resume state to continue from, or null
     * @param stepsPerEpoch with a dataset: batches per epoch, &gt;= 0 (0: one full pass)
     * @param validationDataset validation batches evaluated after each epoch, or null
     * @param validationSteps batches of validationDataset to evaluate, &gt;= 0 (0: all)
     * @param classWeight loss weight per class index, or null; copied
     * @param sampleWeight loss weight per training sample ({@code [samples]}), or null
     * @throws IllegalArgumentException when a count is out of range, validationSplit is outside [0, 1), only one of
     *                                  validationX/validationY is given, or both classWeight and sampleWeight are
     *                                  given
     */
    public FitOptions {
        if (epochs <= 0) {
            throw new IllegalArgumentException("epochs must be > 0, got " + epochs);
        }
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batchSize must be > 0, got " + batchSize);
        }
        if (!(validationSplit >= 0 && validationSplit < 1)) {
            throw new IllegalArgumentException("validationSplit must be in [0, 1), got " + validationSplit);
        }
        if ((validationX == null) != (validationY == null)) {
            throw new IllegalArgumentException("validation data needs both inputs and targets");
        }
        if (classWeight != null && sampleWeight != null) {
            throw new IllegalArgumentException("give classWeight or sampleWeight, not both (as Keras)");
        }
        classWeight = classWeight == null ? null : Map.copyOf(classWeight);
        if (stepsPerEpoch < 0 || validationSteps < 0) {
            throw new IllegalArgumentException("stepsPerEpoch and validationSteps must be >= 0, got " + stepsPerEpoch
                    + " and " + validationSteps);
        }
        if (initialEpoch < 0) {
            throw new IllegalArgumentException("initialEpoch must be >= 0, got " + initialEpoch);
        }
        callbacks = List.copyOf(callbacks);
        validationX = validationX == null ? null : List.copyOf(validationX);
        validationY = validationY == null ? null : List.copyOf(validationY);
    }

    /**
     * TF.js defaults with the given number of epochs.
     *
     * @param epochs passes over the training data, &gt; 0
     * @return options with batch size 32, shuffling, no validation and automatic progress output
     * @throws IllegalArgumentException when {@code epochs} is not positive
     */
    public static FitOptions epochs(int epochs) {
        return new FitOptions(epochs, 32, true, null, 0, null, null, List.of(), Verbosity.AUTO, 0, null, 0, null, 0,
                null, null);
    }

    /**
     * With another batch size.
     *
     * @param n samples per gradient update, &gt; 0; the last batch of an epoch may be smaller
     * @return the changed options
     * @throws IllegalArgumentException when {@code n} is not positive
     */
    public FitOptions withBatchSize(int n) {
        return new FitOptions(epochs, n, shuffle, seed, validationSplit, validationX, validationY, callbacks,
                verbosity, initialEpoch, resume, stepsPerEpoch, validationDataset, validationSteps, classWeight,
                sampleWeight);
    }

    /**
     * With or without per-epoch shuffling.
     *
     * @param s true to reshuffle the training rows before each epoch, false to keep their order
     * @return the changed options
     */
    public FitOptions withShuffle(boolean s) {
        return new FitOptions(epochs, batchSize, s, seed, validationSplit, validationX, validationY, callbacks,
                verbosity, initialEpoch, resume, stepsPerEpoch, validationDataset, validationSteps, classWeight,
                sampleWeight);
    }

    /**
     * With a seed for shuffling and dropout masks.
     *
     * @param s seed for the shuffling order and dropout masks, so a run can be repeated
     * @return the changed options
     */
    public FitOptions withSeed(long s) {
        return new FitOptions(epochs, batchSize, shuffle, s, validationSplit, validationX, validationY, callbacks,
                verbosity, initialEpoch, resume, stepsPerEpoch, validationDataset, validationSteps, classWeight,
                sampleWeight);
    }

    /**
     * Hold out the last {@code fraction} of the rows for validation.
     *
     * @param fraction share of the rows, in [0, 1), taken from the end before shuffling
     * @return the changed options
     * @throws IllegalArgumentException when {@code fraction} is outside [0, 1)
     */
    public FitOptions withValidationSplit(double fraction) {
        return new FitOptions(epochs, batchSize, shuffle, seed, fraction, validationX, validationY, callbacks,
                verbosity, initialEpoch, resume, stepsPerEpoch, validationDataset, validationSteps, classWeight,
                sampleWeight);
    }

    /**
     * Validate on the given data after each epoch (single-input, single-output models).
     *
     * @param x validation inputs, {@code [samples, ...]} as the model's input
     * @param y validation targets, {@code [samples, ...]} as the model's output
     * @return the changed options
     */
    public FitOptions withValidationData(Tensor x, Tensor y) {
        return withValidationData(List.of(x), List.of(y));
    }

    /**
     * Validate on the given data after each epoch: one tensor per model input and per output.
     *
     * @param x validation inputs in the model's input order, each {@code [samples, ...]}
     * @param y validation targets in the model's output order, each {@code [samples, ...]}
     * @return the changed options
     */
    public FitOptions withValidationData(List<Tensor> x, List<Tensor> y) {
        return new FitOptions(epochs, batchSize, shuffle, seed, validationSplit, x, y, callbacks, verbosity,
                initialEpoch, resume, stepsPerEpoch, validationDataset, validationSteps, classWeight, sampleWeight);
    }

    /**
     * With these callbacks (replacing any given before).
     *
     * @param c the callbacks, called in this order
     * @return the changed options
     */
    public FitOptions withCallbacks(Callback... c) {
        return new FitOptions(epochs, batchSize, shuffle, seed, validationSplit, validationX, validationY, List.of(c),
                verbosity, initialEpoch, resume, stepsPerEpoch, validationDataset, validationSteps, classWeight,
                sampleWeight);
    }

    /**
     * With another progress output.
     *
     * @param v how much progress to print when no {@link Progress} callback is given
     * @return the changed options
     */
    public FitOptions withVerbosity(Verbosity v) {
        return new FitOptions(epochs, batchSize, shuffle, seed, validationSplit, validationX, validationY, callbacks,
                v, initialEpoch, resume, stepsPerEpoch, validationDataset, validationSteps, classWeight,
                sampleWeight);
    }

    /**
     * Start at epoch {@code e} (0-based): epochs {@code e..epochs-1} run, as Keras's {@code initial_epoch}.
     *
     * @param e the first epoch to run, 0-based, &gt;= 0
     * @return the changed options
     * @throws IllegalArgumentException when {@code e} is negative
     */
    public FitOptions withInitialEpoch(int e) {
        return new FitOptions(epochs, batchSize, shuffle, seed, validationSplit, validationX, validationY, callbacks,
                verbosity, e, resume, stepsPerEpoch, validationDataset, validationSteps, classWeight, sampleWeight);
    }

    /**
     * Continue from {@code state} (null: start afresh): when training begins the model's weights, the
     * optimizer and the seed are restored and the loop goes on at the state's epoch and batch.
     *
     * @param state a state saved by a previous run (e.g. by a checkpoint callback), or null
     * @return the changed options
     */
    public FitOptions withResume(TrainingState state) {
        return new FitOptions(epochs, batchSize, shuffle, seed, validationSplit, validationX, validationY, callbacks,
                verbosity, initialEpoch, state, stepsPerEpoch, validationDataset, validationSteps, classWeight,
                sampleWeight);
    }

    /**
     * With a dataset: {@code n} batches per epoch, continuing one pass across epochs (TF.js batchesPerEpoch).
     *
     * @param n batches per epoch, &gt;= 0; 0 means one full pass over the dataset per epoch
     * @return the changed options
     * @throws IllegalArgumentException when {@code n} is negative
     */
    public FitOptions withStepsPerEpoch(int n) {
        return new FitOptions(epochs, batchSize, shuffle, seed, validationSplit, validationX, validationY, callbacks,
                verbosity, initialEpoch, resume, n, validationDataset, validationSteps, classWeight, sampleWeight);
    }

    /**
     * Validate on a dataset of batches after each epoch, all of it or its first {@code steps} batches (0: all).
     *
     * @param data the validation batches, or null for none
     * @param steps how many batches of {@code data} to evaluate, &gt;= 0 (0: all)
     * @return the changed options
     * @throws IllegalArgumentException when {@code steps} is negative
     */
    public FitOptions withValidationData(Dataset<Sample> data, int steps) {
        return new FitOptions(epochs, batchSize, shuffle, seed, validationSplit, validationX, validationY, callbacks,
                verbosity, initialEpoch, resume, stepsPerEpoch, data, steps, classWeight, sampleWeight);
    }

    /**
     * Weight each training sample's loss by its class (Keras {@code class_weight}): the arg-max of a
     * one-hot target, else the rounded target; unlisted classes weigh 1. Validation is not weighted.
     *
     * @param weights loss weight per class index, or null for none; not together with a sample weight
     * @return the changed options
     * @throws IllegalArgumentException when a sample weight is already set
     */
    public FitOptions withClassWeight(Map<Integer, Double> weights) {
        return new FitOptions(epochs, batchSize, shuffle, seed, validationSplit, validationX, validationY, callbacks,
                verbosity, initialEpoch, resume, stepsPerEpoch, validationDataset, validationSteps, weights,
                sampleWeight);
    }

    /**
     * Weight each training sample's loss ({@code [samples]}, Keras sample_weight); validation rows are cut off.
     *
     * @param weights {@code [samples]} loss weight per training row, or null for none; not together with class
     *                weights
     * @return the changed options
     * @throws IllegalArgumentException when class weights are already set
     */
    public FitOptions withSampleWeight(Tensor weights) {
        return new FitOptions(epochs, batchSize, shuffle, seed, validationSplit, validationX, validationY, callbacks,
                verbosity, initialEpoch, resume, stepsPerEpoch, validationDataset, validationSteps, classWeight,
                weights);
    }
}
