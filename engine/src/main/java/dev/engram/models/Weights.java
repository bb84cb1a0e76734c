package dev.engram.models;

import dev.engram.layers.Parameter;
import dev.engram.tensor.Tensor;
import java.util.List;

/** Weight snapshots shared by the model types. */
final class Weights {
    private Weights() {
    }

    static List<Tensor> get(List<Parameter> params) {
        return params.stream().map(Parameter::value).toList();
    }

    static void set(String model, List<Parameter> ps, List<Tensor> weights) {
        if (weights.size() != ps.size()) {
            throw new IllegalArgumentException("model '" + model + "' has " + ps.size() + " weights "
                    + ps.stream().map(p -> p.path() + " " + p.shape()).toList() + " but " + weights.size() + " were given");
        }
        for (int i = 0; i < ps.size(); i++) {
            ps.get(i).assign(weights.get(i));
        }
    }
}
