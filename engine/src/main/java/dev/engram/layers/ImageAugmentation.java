package dev.engram.layers;

import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.util.random.RandomGenerator;

/**
 * A random image augmentation (Keras {@code RandomFlip}, {@code RandomRotation}, {@code RandomZoom}, ...; see
 * {@link AugmentationKind}) as Keras computes it at inference: the identity. Keras applies the random
 * transformation only when the layer is called with {@code training=True}; Engram does not implement the
 * transformations, so a training forward pass refuses with the layer named instead of fitting without the
 * augmentation the model was built with.
 */
public final class ImageAugmentation extends Layer {
    private final ImageAugmentationConfig config;

    ImageAugmentation(String name, ImageAugmentationConfig config) {
        super(name);
        this.config = config;
    }

    @Override
    public ImageAugmentationConfig config() {
        return config;
    }

    @Override
    protected Shape doBuild(Shape inputShape, RandomGenerator random) {
        return inputShape;
    }

    @Override
    protected Tensor doCall(Tensor input) {
        return input;
    }

    @Override
    boolean inferInto(float[] in, int inOff, int batch, Shape sampleShape, float[] out, int outOff) {
        return copyThrough(in, inOff, batch, sampleShape, out, outOff);
    }

    /**
     * Refuses: the augmentation is random in training, which Engram does not reproduce.
     *
     * @throws UnsupportedOperationException always, naming the layer
     */
    @Override
    protected ForwardPass doForward(Tensor input, TrainingContext context) {
        throw trainingRefusal(name(), "image augmentation " + config.kind());
    }

    /** The refusal of a training pass through an augmentation layer (also {@link RandomCrop}'s). */
    static UnsupportedOperationException trainingRefusal(String layer, String what) {
        return new UnsupportedOperationException("layer '" + layer + "' (" + what + ") transforms its input at random"
                + " in training, which Engram does not implement; it is the identity at inference (predict works)."
                + " To train, remove the layer and augment the training data beforehand, or train in Keras");
    }
}
