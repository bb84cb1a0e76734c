package dev.engram.models;

import dev.engram.layers.ForwardPass;
import dev.engram.layers.Parameter;
import dev.engram.layers.TrainingContext;
import dev.engram.tensor.Tensor;
import java.util.List;

/** What the training loop needs from a model; {@link Sequential} and {@link Model} implement it. */
interface TrainableNetwork extends Network {

    /** The model's name for messages. */
    String name();

    /** Every parameter, in the model's weight order. */
    List<Parameter> parameters();

    /** Names of the outputs, used to label per-output losses and metrics. */
    List<String> outputNames();

    /** A training-mode pass through the whole network. */
    ForwardPass forward(List<Tensor> xs, TrainingContext context);

    /** Inference on every input, returning every output. */
    List<Tensor> predictAll(List<Tensor> xs);
}
