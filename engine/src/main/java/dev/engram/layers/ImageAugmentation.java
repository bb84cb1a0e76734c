package dev.engram.layers;

import dev.engram.tensor.Tensor;

/**
 * A random image augmentation (Keras {@code RandomFlip}, {@code RandomRotation}, {@code RandomZoom}, ...; see
 * {@link AugmentationKind}) as Keras computes it at inference: the identity. Keras applies the random
 * transformation only when the layer is called with {@code training=True}; Engram does not implement the
 * transformations, so a training forward pass refuses with the layer named instead of fitting without the
 * augmentation the model was built with.
 */
public final class ImageAugmentation extends PassThroughLayer {
    private final ImageAugmentationConfig config;

    ImageAugmentation(String name, ImageAugmentationConfig config) {
        super(name);
        this.config = config;
    }

    @Override
    public ImageAugmentationConfig config() {
        return config;
    }

    /** Keras's image augmentation layers take no time-step mask. */
    @Override
    public boolean supportsMasking() {
        return false;
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
