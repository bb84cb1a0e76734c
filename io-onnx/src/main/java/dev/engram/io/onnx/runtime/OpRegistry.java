package dev.engram.io.onnx.runtime;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/** The operators of the default ONNX domain that the executor implements, by op type. */
public final class OpRegistry {
    /** Lowest default-domain opset accepted. */
    public static final int MIN_OPSET = 7;
    /** Highest default-domain opset accepted. */
    public static final int MAX_OPSET = 22;

    private static final Map<String, Op> OPS;

    static {
        Map<String, Op> m = new TreeMap<>();
        ElementwiseOps.register(m);
        BinaryOps.register(m);
        MatrixOps.register(m);
        ShapeOps.register(m);
        IndexOps.register(m);
        RecurrentOps.register(m);
        ConvOps.register(m);
        ConvTransposeOps.register(m);
        RectifierOps.register(m);
        NormOps.register(m);
        ReduceOps.register(m);
        LogicOps.register(m);
        FillOps.register(m);
        SequenceOps.register(m);
        PoolOps.register(m);
        ResizeOps.register(m);
        GroupNormOps.register(m);
        ControlFlowOps.register(m);
        ExtraReduceOps.register(m);
        ExtraElementwiseOps.register(m);
        EinsumOps.register(m);
        OPS = Collections.unmodifiableMap(m);
    }

    private OpRegistry() {
    }

    /** The implementation of {@code opType}, or null. */
    public static Op get(String opType) {
        return OPS.get(opType);
    }

    /** Supported op types, sorted. */
    public static java.util.Set<String> supported() {
        return OPS.keySet();
    }
}
