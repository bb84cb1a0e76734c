package dev.engram.io.onnx.provider;

import dev.engram.io.DeclaredLayer;
import dev.engram.io.DeclaredTensor;
import dev.engram.io.LoadLimits;
import dev.engram.io.ModelDescription;
import dev.engram.io.ModelFileException;
import dev.engram.io.onnx.OnnxFormatException;
import dev.engram.io.onnx.OnnxModel;
import dev.engram.io.onnx.proto.Onnx.GraphProto;
import dev.engram.io.onnx.proto.Onnx.ModelProto;
import dev.engram.io.onnx.proto.Onnx.NodeProto;
import dev.engram.io.onnx.proto.Onnx.OperatorSetIdProto;
import dev.engram.io.onnx.proto.Onnx.StringStringEntryProto;
import dev.engram.io.onnx.proto.Onnx.TensorProto;
import dev.engram.io.onnx.proto.Onnx.TensorShapeProto;
import dev.engram.io.onnx.proto.Onnx.ValueInfoProto;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What an ONNX file declares, read straight from the protobuf without building the executor, so it
 * also works for files the importer refuses: IR version and opsets, producer, the graph inputs that
 * are not initializers and the outputs with element types and shapes (symbolic names kept), every
 * node with its operator, and the metadata.
 */
final class OnnxDescription {
    private OnnxDescription() {
    }

    /** The description of {@code path}, reported as format {@code id}. */
    static ModelDescription of(Path path, String id, LoadLimits limits) throws IOException {
        String name = ModelFileException.displayName(path);
        long size = Files.size(path);
        if (size > OnnxModel.MAX_FILE_BYTES) {
            throw new OnnxFormatException(name + ": " + size + " bytes is larger than the " + OnnxModel.MAX_FILE_BYTES
                    + " bytes a protobuf message can hold");
        }
        ModelProto p;
        try {
            p = ModelProto.parseFrom(Files.readAllBytes(path));
        } catch (IOException e) {
            if (e instanceof java.nio.file.FileSystemException) {
                throw e;
            }
            // protobuf's InvalidProtocolBufferException (relocated in the packaged jar); its text is in the cause
            throw new OnnxFormatException(name + ": not a valid ONNX ModelProto (truncated, corrupt, nested too deeply"
                    + " or not an ONNX file)", e);
        }
        GraphProto g = p.getGraph();
        if (g.getNodeCount() > limits.layers()) {
            throw new OnnxFormatException(name + ": " + LoadLimits.exceeded("the graph's nodes", g.getNodeCount(),
                    limits.layers(), "--max-layers"));
        }
        Set<String> initializers = new HashSet<>();
        for (TensorProto t : g.getInitializerList()) {
            initializers.add(t.getName());
        }
        List<DeclaredTensor> inputs = new ArrayList<>();
        for (ValueInfoProto v : g.getInputList()) {
            if (!initializers.contains(v.getName())) {
                inputs.add(tensor(v));
            }
        }
        List<DeclaredTensor> outputs = new ArrayList<>();
        for (ValueInfoProto v : g.getOutputList()) {
            outputs.add(tensor(v));
        }
        Set<String> supported = OnnxModel.supportedOperators();
        List<DeclaredLayer> nodes = new ArrayList<>();
        for (NodeProto n : g.getNodeList()) {
            boolean standard = n.getDomain().isEmpty() || n.getDomain().equals("ai.onnx");
            String op = standard ? n.getOpType() : n.getDomain() + "." + n.getOpType();
            nodes.add(new DeclaredLayer(n.getName(), op, standard && supported.contains(op)));
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        for (StringStringEntryProto e : p.getMetadataPropsList()) {
            metadata.put(e.getKey(), e.getValue());
        }
        String producer = (p.getProducerName() + " " + p.getProducerVersion()).trim();
        String kind = "ONNX model (IR version " + p.getIrVersion() + ", opsets " + opsets(p) + ")";
        return new ModelDescription(id, kind, producer.isEmpty() ? null : producer, null, true, nodes, inputs,
                outputs, List.of(), metadata, List.of());
    }

    private static String opsets(ModelProto p) {
        Map<String, Long> opsets = new TreeMap<>();
        for (OperatorSetIdProto o : p.getOpsetImportList()) {
            opsets.put(o.getDomain(), o.getVersion());
        }
        StringBuilder sb = new StringBuilder();
        opsets.forEach((d, v) -> sb.append(sb.length() == 0 ? "" : ", ").append(d.isEmpty() ? "ai.onnx" : d)
                .append(' ').append(v));
        return sb.toString();
    }

    private static DeclaredTensor tensor(ValueInfoProto v) {
        if (!v.hasType() || !v.getType().hasTensorType()) {
            return new DeclaredTensor(v.getName(), "non-tensor", null, "?");
        }
        var tt = v.getType().getTensorType();
        String type = elemType(tt.getElemType());
        if (!tt.hasShape()) {
            return new DeclaredTensor(v.getName(), type, null, "(no shape)");
        }
        List<Integer> dims = new ArrayList<>();
        StringBuilder sb = new StringBuilder("[");
        for (TensorShapeProto.Dimension d : tt.getShape().getDimList()) {
            if (sb.length() > 1) {
                sb.append(", ");
            }
            if (d.hasDimValue()) {
                dims.add(d.getDimValue() >= 0 && d.getDimValue() <= Integer.MAX_VALUE ? (int) d.getDimValue() : -1);
                sb.append(d.getDimValue());
            } else {
                dims.add(-1);
                sb.append(d.hasDimParam() && !d.getDimParam().isEmpty() ? d.getDimParam() : "?");
            }
        }
        return new DeclaredTensor(v.getName(), type, dims, sb.append(']').toString());
    }

    /** ONNX {@code TensorProto.DataType} numbers as names. */
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
