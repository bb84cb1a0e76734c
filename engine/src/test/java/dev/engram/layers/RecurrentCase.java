package dev.engram.layers;

import dev.engram.activations.Activation;
import dev.engram.activations.Activations;
import dev.engram.testing.RecurrentOptions;
import dev.engram.testing.RecurrentResult;
import dev.engram.testing.ReferenceGru;
import dev.engram.testing.ReferenceLstm;
import dev.engram.testing.ReferenceSimpleRnn;

/** The recurrent layer kinds under test, with their configs and double-precision references. */
enum RecurrentCase {
    LSTM(2), GRU(1), GRU_RESET_AFTER(1), SIMPLE_RNN(1);

    final int states;

    RecurrentCase(int states) {
        this.states = states;
    }

    /** A config with the given options; dropout rates as given. */
    LayerConfig<?> config(int units, boolean goBackwards, boolean returnSequences, boolean returnState,
            boolean stateful, double dropout, double recurrentDropout, Activation act, Activation rec) {
        return switch (this) {
            case LSTM -> Layers.lstm(units).withGoBackwards(goBackwards).withReturnSequences(returnSequences)
                    .withReturnState(returnState).withStateful(stateful).withDropout(dropout)
                    .withRecurrentDropout(recurrentDropout).withActivation(act).withRecurrentActivation(rec);
            case GRU, GRU_RESET_AFTER -> Layers.gru(units).withResetAfter(this == GRU_RESET_AFTER)
                    .withGoBackwards(goBackwards).withReturnSequences(returnSequences).withReturnState(returnState)
                    .withStateful(stateful).withDropout(dropout).withRecurrentDropout(recurrentDropout)
                    .withActivation(act).withRecurrentActivation(rec);
            case SIMPLE_RNN -> Layers.simpleRnn(units).withGoBackwards(goBackwards)
                    .withReturnSequences(returnSequences).withReturnState(returnState).withStateful(stateful)
                    .withDropout(dropout).withRecurrentDropout(recurrentDropout).withActivation(act);
        };
    }

    /** The reference run; {@code bias} may be null. */
    RecurrentResult reference(double[] x, int batch, int steps, int features, int units, double[] kernel,
            double[] recurrent, double[] bias, Activation act, Activation rec, RecurrentOptions o) {
        return switch (this) {
            case LSTM -> {
                ReferenceLstm.Result r = ReferenceLstm.run(x, batch, steps, features, units, kernel, recurrent, bias,
                        act::value, rec::value, o);
                yield new RecurrentResult(r.output(), new double[][] {r.lastH(), r.lastC()});
            }
            case GRU, GRU_RESET_AFTER -> ReferenceGru.run(x, batch, steps, features, units, kernel, recurrent, bias,
                    this == GRU_RESET_AFTER, act::value, rec::value, o);
            case SIMPLE_RNN -> ReferenceSimpleRnn.run(x, batch, steps, features, units, kernel, recurrent, bias,
                    act::value, o);
        };
    }

    static Activation activation(String name) {
        return switch (name) {
            case "hardSigmoid" -> Activations.hardSigmoid();
            case "sigmoid" -> Activations.sigmoid();
            case "relu" -> Activations.relu();
            default -> Activations.tanh();
        };
    }
}
