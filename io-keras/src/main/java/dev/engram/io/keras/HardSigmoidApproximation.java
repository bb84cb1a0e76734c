package dev.engram.io.keras;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.io.keras.kerasv3.KerasV3Archive;
import dev.engram.io.keras.topology.KerasTopology;
import dev.engram.models.Network;
import dev.engram.tensor.Tensor;
import java.util.List;
import java.util.Objects;

/**
 * An explicit, opt-in approximation for Keras 3: a copy of a model in which every
 * {@code hard_sigmoid} 0.2x+0.5 (TF.js, Keras 2, Engram's default LSTM recurrent activation) is
 * replaced by Keras 3's x/6+0.5, with the deviation this causes measured on caller-supplied probe
 * inputs. Nothing converts this way by default: a KERAS_2 file keeps 0.2x+0.5 (and is refused by
 * Keras 3, see the layer codecs' Keras3Guard); a KERAS_3 file or {@code .keras} archive of a 0.2 model is refused.
 *
 * <pre>{@code
 * var approx = HardSigmoidApproximation.toKeras3(model, List.of(xValidation));
 * if (approx.maxAbsDeviation() < 1e-2) KerasV3Archive.write(approx.model(), path);
 * }</pre>
 */
public final class HardSigmoidApproximation {
    private HardSigmoidApproximation() {
    }

    /**
     * The approximated model and what it costs.
     *
     * @param model           the copy with Keras 3's hard sigmoid (same layer names and weights)
     * @param maxAbsDeviation the largest absolute difference of any output element between
     *                        {@code model} and the original on the probes
     * @param meanAbsDeviation the mean absolute difference over all output elements
     */
    public record Result(Network model, double maxAbsDeviation, double meanAbsDeviation) {
        /** A one-line report, e.g. for a log or the CLI. */
        @Override
        public String toString() {
            return String.format(java.util.Locale.ROOT,
                    "hard_sigmoid 0.2x+0.5 -> x/6+0.5: max |deviation| %.3g, mean |deviation| %.3g on the probes",
                    maxAbsDeviation, meanAbsDeviation);
        }
    }

    /**
     * Copies {@code model} with every 0.2x+0.5 hard sigmoid replaced by x/6+0.5 and predicts both on
     * {@code probes} (one tensor per model input, batch first).
     *
     * @param model the model with Keras 2 / TF.js hard sigmoids; not changed
     * @param probes inputs to compare the two models on, one tensor per model input, {@code [batch, ...]}
     * @return the copy and the largest and mean absolute output deviation on the probes
     * @throws ModelFormatException if the model cannot be expressed as a Keras config at all
     */
    public static Result toKeras3(Network model, List<Tensor> probes) throws ModelFormatException {
        Objects.requireNonNull(probes, "probes");
        if (probes.size() != model.inputShapes().size()) {
            throw new IllegalArgumentException("model '" + model.name() + "' has " + model.inputShapes().size()
                    + " input(s), got " + probes.size() + " probe tensor(s)");
        }
        // The Keras 2 config names 0.2x+0.5 "hard_sigmoid"; reading that name with Keras 3's meaning is
        // exactly what the conversion does (and what Keras 3 would silently do with an unguarded file).
        ObjectNode config = KerasTopology.toJson(model, KerasDialect.KERAS_2);
        Network copy = KerasTopology.toModel(config, KerasDialect.KERAS_3, model.name());
        copy.setWeights(model.getWeights());
        List<Tensor> want = model.predict(probes);
        List<Tensor> got = copy.predict(probes);
        double max = 0;
        double sum = 0;
        long n = 0;
        for (int o = 0; o < want.size(); o++) {
            float[] a = want.get(o).toArray();
            float[] b = got.get(o).toArray();
            for (int i = 0; i < a.length; i++) {
                double dv = Math.abs((double) a[i] - b[i]);
                max = Math.max(max, dv);
                sum += dv;
            }
            n += a.length;
        }
        return new Result(copy, max, n == 0 ? 0 : sum / n);
    }
}
