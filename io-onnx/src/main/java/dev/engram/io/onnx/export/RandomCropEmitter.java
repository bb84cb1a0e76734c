package dev.engram.io.onnx.export;

import dev.engram.io.onnx.UnsupportedOnnxException;
import dev.engram.layers.Layer;
import dev.engram.layers.RandomCropConfig;
import dev.engram.layers.ResizingConfig;
import java.util.List;
import java.util.SplittableRandom;

/**
 * RandomCrop as it computes at inference: no node for Keras 3's (the input unchanged); for tf-keras's, the
 * {@code Resizing} it equals (the centred window of the crop's aspect ratio, bilinear, half-pixel), emitted as
 * {@link ImageResizeEmitter#RESIZING} emits a Resizing layer built for the same input.
 */
final class RandomCropEmitter extends KeyedEmitter<RandomCropConfig> {
    RandomCropEmitter() {
        super(RandomCropConfig.class, "RandomCrop");
    }

    @Override
    public List<ExportValue> emit(GraphBuilder g, Layer layer, RandomCropConfig c, List<ExportValue> ins)
            throws UnsupportedOnnxException {
        ResizingConfig r = c.inferenceResize();
        if (r == null) {
            return List.of(ins.get(0));
        }
        Layer resize = r.create(layer.name());
        resize.build(layer.inputShape(), new SplittableRandom(0)); // no weights: the source is unused
        return ImageResizeEmitter.RESIZING.emit(g, resize, r, ins);
    }
}
