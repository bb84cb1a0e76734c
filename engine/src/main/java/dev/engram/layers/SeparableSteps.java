package dev.engram.layers;

import dev.engram.internal.conv.Conv2dPlan;
import dev.engram.internal.conv.DepthwiseConv2dKernel;
import dev.engram.internal.kernels.Kernels;

/**
 * The two steps of a depthwise-separable convolution on channels-last values, shared by {@link SeparableConv2D} and
 * {@link SeparableConv1D} (a sequence is an image one row high): the depthwise step without bias, then the
 * pointwise {@code [channels·M, filters]} GEMM plus bias; and their backward pass.
 */
final class SeparableSteps {
    private static final Kernels K = Kernels.get();

    private SeparableSteps() {
    }

    /** The depthwise step's output {@code [rows, channels·M]}. */
    static float[] depthwise(Conv2dPlan p, int multiplier, float[] x, float[] kernel) {
        float[] d = new float[Math.multiplyExact(p.rows(), p.channels() * multiplier)];
        DepthwiseConv2dKernel.forward(p, multiplier, x, kernel, d);
        return d;
    }

    /** The pre-activation {@code d · pointwise + bias} ({@code bias} may be null), {@code [rows, filters]}. */
    static float[] pointwise(Conv2dPlan p, int middle, float[] d, float[] pointwise, float[] bias, int filters) {
        float[] z = new float[Math.multiplyExact(p.rows(), filters)];
        if (bias != null) {
            K.broadcastRows(bias, 0, p.rows(), filters, z, 0, filters);
        }
        K.gemm(false, false, p.rows(), filters, middle, d, 0, middle, pointwise, 0, filters, bias != null ? 1f : 0f, z,
                0, filters);
        return z;
    }

    /**
     * Back-propagates the pre-activation gradient {@code dz}: adds the bias, pointwise and depthwise kernels'
     * gradients (the bias may be null) and returns the channels-last input gradient.
     */
    static float[] backward(Conv2dPlan p, int multiplier, float[] x, float[] d, float[] dz, Parameter depthwise,
            Parameter pointwise, Parameter bias, int filters) {
        int mid = p.channels() * multiplier;
        if (bias != null) {
            K.addColumnSums(dz, 0, p.rows(), filters, filters, bias.grad(), 0);
        }
        K.gemm(true, false, mid, filters, p.rows(), d, 0, mid, dz, 0, filters, 1f, pointwise.grad(), 0, filters);
        float[] dd = new float[d.length];
        K.gemm(false, true, p.rows(), mid, filters, dz, 0, filters, pointwise.data(), 0, filters, 0f, dd, 0, mid);
        return DepthwiseConv2dKernel.backward(p, multiplier, x, depthwise.data(), dd, depthwise.grad());
    }
}
