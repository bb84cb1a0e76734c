package dev.engram.cli;

import dev.engram.io.onnx.proto.Onnx.GraphProto;
import dev.engram.io.onnx.proto.Onnx.ModelProto;
import dev.engram.io.onnx.proto.Onnx.NodeProto;
import dev.engram.io.onnx.proto.Onnx.OperatorSetIdProto;
import dev.engram.io.onnx.proto.Onnx.TensorProto;
import dev.engram.io.onnx.proto.Onnx.TensorShapeProto;
import dev.engram.io.onnx.proto.Onnx.ValueInfoProto;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What {@code inspect} shows of an ONNX file that {@link dev.engram.io.onnx.OnnxModel} does not
 * expose: declared input/output types and shapes and the operator census. Read straight from the
 * protobuf, so it also works for files the importer refuses.
 *
 * @param irVersion  {@code ir_version}
 * @param opsets     domain ("" = default) to version
 * @param producer   {@code producer_name producer_version}
 * @param inputs     graph inputs that are not initializers
 * @param outputs    graph outputs
 * @param operators  op type (prefixed with its domain when not the default) to node count
 */
public record OnnxInfo(long irVersion, Map<String, Long> opsets, String producer, List<Io> inputs, List<Io> outputs,
        Map<String, Integer> operators) {

    /**
     * One graph input or output.
     *
     * @param name  its name
     * @param type  element type name (float32, int64, ...)
     * @param dims  dimensions, -1 where symbolic or missing; null when the file declares no shape
     * @param shape the shape as text, symbolic names kept: {@code [batch, seq, 3]}
     */
    public record Io(String name, String type, int[] dims, String shape) {
    }

    /** Parses {@code path}; exit 3 if it is not a valid ModelProto. */
    public static OnnxInfo of(Path path) {
        ModelProto p;
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (IOException e) {
            throw Failures.classify(e);
        }
        try {
            p = ModelProto.parseFrom(bytes);
        } catch (IOException e) {
            // only protobuf's InvalidProtocolBufferException (relocated inside io-onnx) is left here
            throw CliException.badModel(path.getFileName() + ": not a valid ONNX ModelProto (truncated, corrupt,"
                    + " nested too deeply or not an ONNX file)", e);
        }
        GraphProto g = p.getGraph();
        Map<String, Long> opsets = new TreeMap<>();
        for (OperatorSetIdProto o : p.getOpsetImportList()) {
            opsets.put(o.getDomain(), o.getVersion());
        }
        Set<String> initializers = new HashSet<>();
        for (TensorProto t : g.getInitializerList()) {
            initializers.add(t.getName());
        }
        List<Io> inputs = new ArrayList<>();
        for (ValueInfoProto v : g.getInputList()) {
            if (!initializers.contains(v.getName())) {
                inputs.add(io(v));
            }
        }
        List<Io> outputs = new ArrayList<>();
        for (ValueInfoProto v : g.getOutputList()) {
            outputs.add(io(v));
        }
        Map<String, Integer> ops = new TreeMap<>();
        for (NodeProto n : g.getNodeList()) {
            String key = n.getDomain().isEmpty() || n.getDomain().equals("ai.onnx") ? n.getOpType()
                    : n.getDomain() + "." + n.getOpType();
            ops.merge(key, 1, Integer::sum);
        }
        String producer = (p.getProducerName() + " " + p.getProducerVersion()).trim();
        return new OnnxInfo(p.getIrVersion(), opsets, producer, inputs, outputs, ops);
    }

    private static Io io(ValueInfoProto v) {
        if (!v.hasType() || !v.getType().hasTensorType()) {
            return new Io(v.getName(), "non-tensor", null, "?");
        }
        var tt = v.getType().getTensorType();
        String type = elemType(tt.getElemType());
        if (!tt.hasShape()) {
            return new Io(v.getName(), type, null, "(no shape)");
        }
        List<TensorShapeProto.Dimension> ds = tt.getShape().getDimList();
        int[] dims = new int[ds.size()];
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < ds.size(); i++) {
            TensorShapeProto.Dimension d = ds.get(i);
            if (i > 0) {
                sb.append(", ");
            }
            if (d.hasDimValue()) {
                dims[i] = (int) d.getDimValue();
                sb.append(d.getDimValue());
            } else {
                dims[i] = -1;
                sb.append(d.hasDimParam() && !d.getDimParam().isEmpty() ? d.getDimParam() : "?");
            }
        }
        return new Io(v.getName(), type, dims, sb.append(']').toString());
    }

    private static String elemType(int t) {
        return switch (t) {
            case 1 -> "float32";
            case 2 -> "uint8";
            case 3 -> "int8";
            case 5 -> "int16";
            case 6 -> "int32";
            case 7 -> "int64";
            case 9 -> "bool";
            case 10 -> "float16";
            case 11 -> "float64";
            case 16 -> "bfloat16";
            default -> "type " + t;
        };
    }
}
