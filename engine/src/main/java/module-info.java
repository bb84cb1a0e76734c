/**
 * Engram's engine: tensors, layers, activations, initializers, losses, optimizers, models and
 * training. Kernels live in unexported {@code internal} packages.
 *
 * <p>The JDK Vector API is optional: with {@code --add-modules jdk.incubator.vector} the kernels
 * use it, without it they run plain-Java loops with the same results.
 */
// "module": the qualified export names io-onnx, which the engine's own build does not see.
@SuppressWarnings("module")
module dev.engram.engine {
    // static: resolved only when the application adds the module; the kernel selector checks the
    // boot layer and falls back to the scalar kernels otherwise.
    requires static jdk.incubator.vector;

    exports dev.engram.activations;
    exports dev.engram.callbacks;
    exports dev.engram.constraints;
    exports dev.engram.data;
    exports dev.engram.initializers;
    exports dev.engram.io;
    exports dev.engram.layers;
    exports dev.engram.layers.recurrent;
    exports dev.engram.losses;
    exports dev.engram.models;
    exports dev.engram.optimizers;
    exports dev.engram.optimizers.schedules;
    exports dev.engram.regularizers;
    exports dev.engram.tensor;

    // The Predictor's allocation-free layer path, for io-onnx's recurrent runtime only (not public API).
    exports dev.engram.internal.layers to dev.engram.io.onnx;
}
