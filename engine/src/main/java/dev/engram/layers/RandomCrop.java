package dev.engram.layers;

import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.util.random.RandomGenerator;

/**
 * Keras {@code RandomCrop} as Keras computes it at inference, which depends on the generation
 * ({@link RandomCropInference}): tf-keras 2.18 resizes the centred window of the crop's aspect ratio to
 * {@code height x width} (its {@code smart_resize}, computed here by a {@link Resizing}); Keras 3.10 returns the
 * input unchanged (so the output keeps the input's size). In training both crop at a random place, which Engram
 * does not implement: a training forward pass refuses with the layer named.
 */
public final class RandomCrop extends Layer {
    private final RandomCropConfig config;
    private Resizing resize;

    RandomCrop(String name, RandomCropConfig config) {
        super(name);
        this.config = config;
    }

    @Override
    public RandomCropConfig config() {
        return config;
    }

    @Override
    protected Shape doBuild(Shape inputShape, RandomGenerator random) {
        ResizingConfig r = config.inferenceResize();
        if (r == null) {
            if (inputShape.rank() != 3) {
                throw new IncompatibleShapeException(name(), 0, StepView.anyOfRank(4), inputShape.prepend(Shape.UNKNOWN),
                        "(RandomCrop takes images [batch, height, width, channels])");
            }
            return inputShape;
        }
        resize = new Resizing(name(), r);
        return resize.build(inputShape, random);
    }

    @Override
    protected void checkInput(int index, Tensor input) {
        if (resize == null) {
            super.checkInput(index, input);
        }
    }

    @Override
    protected Tensor doCall(Tensor input) {
        return resize == null ? input : resize.call(input);
    }

    @Override
    boolean inferInto(float[] in, int inOff, int batch, Shape sampleShape, float[] out, int outOff) {
        return resize == null ? copyThrough(in, inOff, batch, sampleShape, out, outOff)
                : resize.inferInto(in, inOff, batch, sampleShape, out, outOff);
    }

    /**
     * Refuses: the crop is random in training, which Engram does not reproduce.
     *
     * @throws UnsupportedOperationException always, naming the layer
     */
    @Override
    protected ForwardPass doForward(Tensor input, TrainingContext context) {
        throw ImageAugmentation.trainingRefusal(name(), "RandomCrop");
    }
}
