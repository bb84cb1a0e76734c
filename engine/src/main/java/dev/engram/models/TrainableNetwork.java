package dev.engram.models;

import dev.engram.layers.ForwardPass;
import dev.engram.layers.Parameter;
import dev.engram.layers.TrainingContext;
import dev.engram.tensor.Tensor;
import java.util.List;

/** What the training loop needs from a model; Sequential (and later graph models) implement it. */
interface TrainableNetwork {

    /** The model's name for messages. */
    String name();

    /** Every parameter, in the model's weight order. */
    List<Parameter> parameters();

    /** A training-mode pass through the whole network. */
    ForwardPass forward(Tensor x, TrainingContext context);

    /** Inference. */
    Tensor predict(Tensor x);
}
