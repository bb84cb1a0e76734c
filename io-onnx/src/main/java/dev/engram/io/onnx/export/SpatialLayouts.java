package dev.engram.io.onnx.export;

/**
 * The permutations between the engine's channels-last images and volumes and ONNX's channels-first
 * convolution and pooling layout, the one place the exporter crosses that boundary.
 */
final class SpatialLayouts {
    private SpatialLayouts() {
    }

    /** {@code [N, spatial..., C] -> [N, C, spatial...]} for {@code rank} spatial axes. */
    static long[] toChannelsFirst(int rank) {
        long[] p = new long[rank + 2];
        p[1] = rank + 1;
        for (int a = 0; a < rank; a++) {
            p[a + 2] = a + 1;
        }
        return p;
    }

    /** {@code [N, C, spatial...] -> [N, spatial..., C]} for {@code rank} spatial axes. */
    static long[] toChannelsLast(int rank) {
        long[] p = new long[rank + 2];
        for (int a = 0; a < rank; a++) {
            p[a + 1] = a + 2;
        }
        p[rank + 1] = 1;
        return p;
    }

    /** The tensor axes (batch included) of the spatial axes. */
    static long[] spatialAxes(int rank, boolean channelsLast) {
        long[] axes = new long[rank];
        for (int a = 0; a < rank; a++) {
            axes[a] = channelsLast ? a + 1 : a + 2;
        }
        return axes;
    }
}
