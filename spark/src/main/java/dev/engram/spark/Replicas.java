package dev.engram.spark;

import dev.engram.models.GradientStep;
import dev.engram.models.Network;
import dev.engram.layers.Parameter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Executor side of training: one model per task thread and training run (a {@link GradientStep}
 * uses its model's gradient arrays, so threads cannot share one), built once by the run's
 * {@link NetworkFactory} and given the driver's current weights at every step.
 */
final class Replicas {
    private static final ThreadLocal<Map<String, Replica>> MINE = ThreadLocal.withInitial(HashMap::new);

    private Replicas() {
    }

    /** A thread's copy of the run's model. */
    record Replica(Network network, GradientStep step) {
        void setWeights(float[][] weights) {
            Replicas.setWeights(network, weights);
        }
    }

    /** Copies {@code weights} (one array per parameter) into {@code network}'s parameters. */
    static void setWeights(Network network, float[][] weights) {
        List<Parameter> ps = network.parameters();
        for (int i = 0; i < weights.length; i++) {
            System.arraycopy(weights[i], 0, ps.get(i).data(), 0, weights[i].length);
        }
    }

    static Replica get(String runId, NetworkFactory factory) {
        Map<String, Replica> map = MINE.get();
        Replica r = map.get(runId);
        if (r == null) {
            // One run at a time per thread in practice; drop replicas of earlier runs.
            map.clear();
            Network net = factory.create();
            r = new Replica(net, GradientStep.of(net));
            map.put(runId, r);
        }
        return r;
    }

    /** Copies of the current weights of {@code network}, one array per parameter. */
    static float[][] weightsOf(Network network) {
        List<Parameter> ps = network.parameters();
        float[][] w = new float[ps.size()][];
        for (int i = 0; i < w.length; i++) {
            w[i] = ps.get(i).data().clone();
        }
        return w;
    }
}
