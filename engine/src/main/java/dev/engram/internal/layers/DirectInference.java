package dev.engram.internal.layers;

import dev.engram.layers.Layer;
import dev.engram.tensor.Shape;

/**
 * The engine-internal door to a layer's allocation-free inference, which is not public API:
 * {@code Layer.inferInto} is package-private, and {@link Layer} installs the one {@link Access}
 * when it is initialised (the JDK's "shared secrets" pattern). The engine's {@code Predictor} and
 * io-onnx's recurrent runtime call {@link #inferInto}; module-info exports this package to io-onnx
 * only.
 */
public final class DirectInference {
    private static volatile Access access;

    private DirectInference() {
    }

    /** What {@link Layer} installs: a call of its package-private {@code inferInto}. */
    @FunctionalInterface
    public interface Access {
        /**
         * See {@link DirectInference#inferInto}.
         *
         * @param layer       the layer
         * @param in          the input values
         * @param inOff       where the batch starts in {@code in}
         * @param batch       the number of samples
         * @param sampleShape the per-sample input shape
         * @param out         receives the output values
         * @param outOff      where the output starts in {@code out}
         * @return false when the layer has no allocation-free path for this call
         */
        boolean inferInto(Layer layer, float[] in, int inOff, int batch, Shape sampleShape, float[] out, int outOff);
    }

    /**
     * Called once, by {@link Layer}'s static initialiser.
     *
     * @param a the access to install
     * @throws IllegalStateException when one is installed already
     */
    public static synchronized void install(Access a) {
        if (access != null) {
            throw new IllegalStateException("the layer access is installed already");
        }
        access = a;
    }

    /**
     * Allocation-free inference: writes {@code layer}'s output for {@code batch} samples of
     * per-sample shape {@code sampleShape}, read from {@code in[inOff..]}, to {@code out[outOff..]},
     * taking temporaries only from {@code Workspace.forCurrentThread()}. Returns false, writing
     * nothing, when the layer has no such path for this call (the caller then uses
     * {@link Layer#call}). Inputs are trusted: the caller checked the shapes when it planned the run.
     *
     * @param layer       a built layer (so {@link Layer} is initialised and the access installed)
     * @param in          the input values
     * @param inOff       where the batch starts in {@code in}
     * @param batch       the number of samples
     * @param sampleShape the per-sample input shape
     * @param out         receives the output values
     * @param outOff      where the output starts in {@code out}
     * @return false when the layer has no allocation-free path for this call
     */
    public static boolean inferInto(Layer layer, float[] in, int inOff, int batch, Shape sampleShape, float[] out,
            int outOff) {
        return access.inferInto(layer, in, inOff, batch, sampleShape, out, outOff);
    }
}
