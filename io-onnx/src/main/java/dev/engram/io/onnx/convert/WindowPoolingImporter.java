package dev.engram.io.onnx.convert;

import dev.engram.io.onnx.UnsupportedOnnxException;
import dev.engram.io.onnx.convert.LayerChain.Form;
import dev.engram.io.onnx.runtime.NodeContext;
import dev.engram.layers.DataFormat;
import dev.engram.layers.Layers;
import dev.engram.layers.Padding;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * 1-D {@code MaxPool} / {@code AveragePool} of a sequence transposed to channels-first
 * {@code [batch, features, time]} (Engram's and tf2onnx's form of Max/AveragePooling1D, with the
 * Transpose back after it) as a channels-last pooling layer, or of an NCL graph input as a channels-first one: no pads is valid padding; TF's same
 * padding is {@code auto_pad SAME_UPPER}, or the explicit pads of TF's split ({@code [(k-1)/2, k/2]} at stride 1;
 * with a longer stride they depend on the length, which must then be known). AveragePool must not count the pads
 * (TF averages the real steps); ceil mode and dilations are refused.
 */
final class WindowPoolingImporter extends OnnxNodeImporter {
    WindowPoolingImporter(ConversionGraph graph, LayerChain chain) {
        super(graph, chain, "MaxPool/AveragePool over the time axis of a channels-first sequence",
                List.of("MaxPool", "AveragePool"));
    }

    @Override
    void apply(NodeContext n) throws UnsupportedOnnxException {
        long[] kernel = n.attrInts("kernel_shape");
        if (chain.form != Form.CHANNEL_SEQ || kernel == null || kernel.length != 1 || chain.inputOrderReverse
                || chain.reversedInput) {
            throw graph.refuse(n.describe() + ": " + n.opType() + " maps to a pooling layer only with a 1-D window over "
                    + "the time axis of a sequence transposed to [batch, features, time], in time order");
        }
        int k = (int) kernel[0];
        long[] st = n.attrInts("strides");
        int s = st == null || st.length == 0 ? 1 : (int) st[0];
        long[] dil = n.attrInts("dilations");
        boolean average = n.opType().equals("AveragePool");
        if (n.attrInt("ceil_mode", 0) != 0 || dil != null && Arrays.stream(dil).anyMatch(d -> d != 1)) {
            throw graph.refuse(n.describe() + ": ceil_mode and dilations have no pooling-layer form");
        }
        Padding padding = padding(n, k, s);
        if (average && padding == Padding.SAME && n.attrInt("count_include_pad", 0) != 0) {
            throw graph.refuse(n.describe() + ": AveragePool counting the pads differs from TF's same-padded average");
        }
        var layer = average ? Layers.averagePooling1d(k) : Layers.maxPooling1d(k);
        // An NCL graph input (PyTorch's layout) keeps its layers channels-first; a transposed sequence is channels-last.
        chain.add(layer.withStrides(s).withPadding(padding).withDataFormat(chain.channelsFirstSequence
                ? DataFormat.CHANNELS_FIRST : DataFormat.CHANNELS_LAST), Map.of(), "");
        if (chain.steps >= 0) {
            chain.steps = padding.outputLength((int) chain.steps, k, s, 1);
        }
        chain.lstmIndex = -1;
        chain.moveTo(n, Form.CHANNEL_SEQ);
    }

    private Padding padding(NodeContext n, int k, int s) throws UnsupportedOnnxException {
        String auto = n.attrString("auto_pad", "NOTSET");
        long[] pads = n.attrInts("pads");
        boolean none = pads == null || Arrays.stream(pads).allMatch(p -> p == 0);
        if (auto.equals("VALID") || auto.equals("NOTSET") && none) {
            return Padding.VALID;
        }
        // TF's same split (the odd step at the end): length-independent at stride 1, else for the known length.
        long steps = chain.steps;
        int total = s == 1 ? k - 1 : steps < 0 ? -1
                : Math.max((Padding.SAME.outputLength((int) steps, k, s, 1) - 1) * s + k - (int) steps, 0);
        if (auto.equals("SAME_UPPER") || auto.equals("NOTSET") && total >= 0 && pads.length == 2
                && pads[0] == total / 2 && pads[1] == total - total / 2) {
            return Padding.SAME;
        }
        throw graph.refuse(n.describe() + ": pads " + Arrays.toString(pads) + " (auto_pad " + auto + ") are neither "
                + "valid nor TF's same padding for " + (steps < 0 ? "every length" : steps + " steps"));
    }
}
