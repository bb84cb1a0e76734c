package dev.engram.models;

import dev.engram.layers.Parameter;
import dev.engram.optimizers.Optimizer;
import dev.engram.tensor.Tensor;
import java.util.List;
import java.util.Map;

/**
 * The callbacks' view of one {@code fit} call, and the loop's position: what a {@link TrainingState}
 * records and {@code resume} restores.
 */
final class FitSession implements TrainingSession {
    private final Network net;
    private final Optimizer optimizer;
    private final int epochs;
    private final BatchSource source;
    int currentBatchSize;
    long seed;
    int epoch;
    int batch;
    final Map<String, Metric> metricOf;
    EpochTotals totals;
    boolean stop;
    boolean begun;
    boolean inEpochEnd;

    FitSession(Network net, Optimizer optimizer, int epochs, BatchSource source,
            Map<String, Metric> metricOf) {
        this.metricOf = metricOf;
        this.totals = new EpochTotals(metricOf);
        this.net = net;
        this.optimizer = optimizer;
        this.epochs = epochs;
        this.source = source;
    }

    @Override
    public int epochs() {
        return epochs;
    }

    @Override
    public int batchesPerEpoch() {
        return source.batchesPerEpoch();
    }

    @Override
    public int batchSize() {
        return source.batchSize();
    }

    @Override
    public int currentBatchSize() {
        return currentBatchSize;
    }

    @Override
    public long samplesPerEpoch() {
        return source.samplesPerEpoch();
    }

    @Override
    public int epoch() {
        // In onEpochEnd the position already points at the next epoch; callbacks see the finished one.
        return inEpochEnd ? epoch - 1 : epoch;
    }

    @Override
    public void stopTraining() {
        stop = true;
    }

    @Override
    public boolean stopRequested() {
        return stop;
    }

    @Override
    public Network model() {
        return net;
    }

    @Override
    public Optimizer optimizer() {
        return optimizer;
    }

    @Override
    public List<Tensor> weights() {
        return net.parameters().stream().map(Parameter::value).toList();
    }

    @Override
    public void setWeights(List<Tensor> weights) {
        net.setWeights(weights);
    }

    @Override
    public TrainingState state() {
        double lr = optimizer.schedule() == null ? optimizer.learningRate() : Double.NaN;
        return new TrainingState(epoch, batch, weights(), optimizer.state(), optimizer.iterations(), lr, seed,
                totals.flatten(), totals.samples);
    }

    @Override
    public void resume(TrainingState state) {
        if (begun) {
            throw new IllegalStateException("model '" + net.name() + "': a training state can be resumed only"
                    + " before the first epoch (in onTrainBegin or with FitOptions.withResume)");
        }
        setWeights(state.weights());
        optimizer.setState(state.optimizerState(), state.iterations());
        if (!Double.isNaN(state.learningRate()) && optimizer.schedule() == null) {
            optimizer.setLearningRate(state.learningRate());
        }
        seed = state.seed();
        epoch = state.epoch();
        batch = state.batch();
        totals = EpochTotals.restore(metricOf, state.epochTotals(), state.epochSamples());
    }
}
