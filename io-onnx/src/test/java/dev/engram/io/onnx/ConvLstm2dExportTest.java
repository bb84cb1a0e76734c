package dev.engram.io.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.engram.activations.Activations;
import dev.engram.layers.DataFormat;
import dev.engram.layers.Layers;
import dev.engram.layers.Padding;
import dev.engram.models.Network;
import dev.engram.models.SymbolicTensor;
import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * ConvLSTM2D over a sequence of unknown length exports as one {@code Scan} whose body is a step; ONNX Runtime and
 * the io-onnx runtime reproduce the engine's predictions for several lengths (rtol 1e-5, atol 1e-6), from zero
 * states and from given ones, forwards and backwards, channels last and first. A known length stays unrolled.
 */
class ConvLstm2dExportTest {
    private static final Agreement AGREEMENT = new Agreement();

    private static Network zeroStates() {
        return NetworkModels.seq(Layers.convLstm2d(3, 3, 2).withPadding(Padding.SAME).withStrides(2, 1)
                        .withReturnSequences(true).withGoBackwards(true).inputShape(Shape.UNKNOWN, 5, 6, 2),
                Layers.convLstm2d(2, 2, 2).withDilationRate(2, 1).withDataFormat(DataFormat.CHANNELS_FIRST)
                        .withRecurrentActivation(Activations.sigmoid()).withActivation(Activations.relu()));
    }

    private static Network givenStates() {
        return NetworkModels.functional(b -> {
            SymbolicTensor x = b.input("x", Shape.UNKNOWN, 4, 5, 2);
            SymbolicTensor h0 = b.input("h0", 4, 5, 3);
            SymbolicTensor c0 = b.input("c0", 4, 5, 3);
            List<SymbolicTensor> outs = b.applyAll(Layers.convLstm2d(3, 3, 3).withPadding(Padding.SAME)
                    .withUseBias(false).withReturnState(true).withReturnSequences(true), x, h0, c0);
            return List.of(List.of(x, h0, c0), outs);
        });
    }

    /** Inputs of {@code steps} time steps (the other sizes from the model). */
    private static List<Tensor> inputs(Network m, int steps) {
        List<Tensor> xs = new ArrayList<>();
        int k = 0;
        for (Shape s : m.inputShapes()) {
            int[] dims = s.prepend(2).toArray();
            for (int i = 0; i < dims.length; i++) {
                dims[i] = dims[i] == Shape.UNKNOWN ? steps : dims[i];
            }
            Shape full = Shape.of(dims);
            float[] d = new float[full.size()];
            for (int i = 0; i < d.length; i++) {
                d[i] = (float) (1.4 * Math.sin(0.53 * i + 0.7 * k) + 0.3 * Math.cos(1.7 * i));
            }
            xs.add(Tensor.wrap(full, d));
            k++;
        }
        return xs;
    }

    private static void check(String what, Network m) throws Exception {
        NetworkModels.deterministic(m);
        byte[] onnx = OnnxExporter.toBytes(m, OnnxExportOptions.defaults());
        var proto = dev.engram.io.onnx.proto.Onnx.ModelProto.parseFrom(onnx);
        long layers = m.layers().stream().filter(l -> l.config() instanceof dev.engram.layers.ConvLstm2DConfig).count();
        assertEquals(layers, proto.getGraph().getNodeList().stream().filter(n -> n.getOpType().equals("Scan")).count(),
                what + ": one Scan per ConvLSTM2D over a sequence of unknown length");
        List<String> names = ExportNetworkOrtTest.inputNames(m);
        OnnxModel ours = OnnxModel.load(onnx, what + ".onnx");
        for (int steps : new int[] {1, 2, 5}) {
            List<Tensor> xs = inputs(m, steps);
            List<Tensor> expected = m.predict(xs);
            List<Tensor> ort = OrtRunner.runAll(onnx, names, xs);
            Map<String, Tensor> feed = new LinkedHashMap<>();
            for (int i = 0; i < names.size(); i++) {
                feed.put(names.get(i), xs.get(i));
            }
            Map<String, Tensor> got = ours.predict(feed);
            assertEquals(expected.size(), ort.size(), what + ": output count");
            for (int i = 0; i < expected.size(); i++) {
                AGREEMENT.check(what + " T=" + steps + " ORT output " + i, expected.get(i), ort.get(i));
                AGREEMENT.check(what + " T=" + steps + " io-onnx runtime output " + i, expected.get(i),
                        got.get(ours.outputNames().get(i)));
            }
        }
    }

    @Test
    void anUnknownLengthRunsAsAScanFromZeroStates() throws Exception {
        check("conv_lstm2d_scan", zeroStates());
    }

    @Test
    void anUnknownLengthRunsAsAScanFromGivenStates() throws Exception {
        check("conv_lstm2d_scan_states", givenStates());
    }

    @Test
    void aKnownLengthIsUnrolled() throws Exception {
        Network m = NetworkModels.seq(Layers.convLstm2d(2, 2, 2).inputShape(3, 4, 4, 1));
        var proto = dev.engram.io.onnx.proto.Onnx.ModelProto.parseFrom(OnnxExporter.toBytes(m,
                OnnxExportOptions.defaults()));
        assertTrue(proto.getGraph().getNodeList().stream().noneMatch(n -> n.getOpType().equals("Scan")));
        assertEquals(3, proto.getGraph().getNodeList().stream().filter(n -> n.getOpType().equals("Conv")
                && n.getOutput(0).contains("_zx")).count(), "one input Conv per step");
    }

    @AfterAll
    static void report() {
        System.out.println("[agreement] ConvLSTM2D Scan export, engine vs ONNX Runtime and the io-onnx runtime: "
                + AGREEMENT);
    }
}
