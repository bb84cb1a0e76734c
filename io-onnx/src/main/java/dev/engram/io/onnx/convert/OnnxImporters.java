package dev.engram.io.onnx.convert;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.stream.Collectors;

/**
 * The converter's registry: each {@link OnnxNodeImporter}, by the op types it takes. The list of
 * what converts (in refusals) is derived from the importers, so it cannot drift from them.
 */
final class OnnxImporters {
    /** One line per importer. */
    private static final List<BiFunction<ConversionGraph, LayerChain, OnnxNodeImporter>> IMPORTERS = List.of(
            RecurrentImporter::new,
            DenseImporter::new,
            PoolingImporter::new,
            LayoutImporter::new,
            ConvImporter::new,
            SpatialPoolImporter::new,
            UpSamplingImporter::new,
            ResizeImporter::new,
            GroupNormImporter::new,
            RectifierImporter::new,
            StepEdgeImporter::new,
            BiasImporter::new,
            NormImporter::new);

    private OnnxImporters() {
    }

    /** The importers of one walk, by op type; an op claimed twice is a programming error. */
    static Map<String, OnnxNodeImporter> forWalk(ConversionGraph graph, LayerChain chain) {
        Map<String, OnnxNodeImporter> byOp = new LinkedHashMap<>();
        for (var factory : IMPORTERS) {
            OnnxNodeImporter importer = factory.apply(graph, chain);
            for (String op : importer.ops()) {
                if (byOp.put(op, importer) != null) {
                    throw new IllegalStateException("two ONNX importers for op " + op);
                }
            }
        }
        return byOp;
    }

    /** What the converter maps, importer by importer. */
    static String supported() {
        return forWalk(null, null).values().stream().distinct().map(OnnxNodeImporter::describes)
                .collect(Collectors.joining("; "));
    }

    /** Every op type some importer takes. */
    static List<String> ops() {
        return List.copyOf(forWalk(null, null).keySet());
    }
}
