package dev.engram.layers;

import dev.engram.tensor.Shape;

/**
 * The per-sample input of a 2-D image layer, {@code [height, width, channels]} or
 * {@code [channels, height, width]} by its data format, validated the same way for every
 * convolution (the channel count must be known; height and width may be unknown).
 *
 * @param height the height, or {@link Shape#UNKNOWN}
 * @param width the width, or {@link Shape#UNKNOWN}
 * @param channels the channel count
 */
record ImageInput(int height, int width, int channels) {

    /**
     * The input hint of an image layer in data format {@code f}.
     *
     * @param f the layer's data format
     * @return {@code [batch, height, width, channels]} or {@code [batch, channels, height, width]}
     */
    static String hint(DataFormat f) {
        return f == DataFormat.CHANNELS_LAST ? "[batch, height, width, channels]" : "[batch, channels, height, width]";
    }

    /**
     * Reads and checks a layer's per-sample input shape.
     *
     * @param layer the layer, named in the error
     * @param perSample the per-sample input shape given to {@code build}
     * @param f the layer's data format
     * @return the image's sizes
     * @throws IncompatibleShapeException when the shape is not rank 3 or the channels are unknown
     */
    static ImageInput of(Layer layer, Shape perSample, DataFormat f) {
        boolean last = f == DataFormat.CHANNELS_LAST;
        int channelAxis = last ? 2 : 0;
        if (perSample.rank() != 3 || perSample.dim(channelAxis) == Shape.UNKNOWN) {
            throw new IncompatibleShapeException(layer.name(), 0, Shape.of(Shape.UNKNOWN, Shape.UNKNOWN, Shape.UNKNOWN,
                    Shape.UNKNOWN), perSample.prepend(Shape.UNKNOWN), hint(f) + " with known channels ("
                            + layer.typeName() + ")");
        }
        return new ImageInput(perSample.dim(last ? 0 : 1), perSample.dim(last ? 1 : 2), perSample.dim(channelAxis));
    }

    /**
     * A per-sample image shape in data format {@code f}.
     *
     * @param f the data format
     * @param height the height
     * @param width the width
     * @param channels the channel count
     * @return {@code [height, width, channels]} or {@code [channels, height, width]}
     */
    static Shape shape(DataFormat f, int height, int width, int channels) {
        return f == DataFormat.CHANNELS_LAST ? Shape.of(height, width, channels) : Shape.of(channels, height, width);
    }
}
