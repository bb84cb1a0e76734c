package dev.engram.io.keras;

import dev.engram.activations.Activation;
import dev.engram.initializers.Initializer;
import dev.engram.initializers.Initializers;
import dev.engram.layers.AttentionScoreMode;
import dev.engram.layers.BidirectionalMergeMode;
import dev.engram.layers.DataFormat;
import dev.engram.layers.Layers;
import dev.engram.layers.Padding;
import dev.engram.layers.RnnStateOrder;
import dev.engram.layers.UnitNormalizationConfig;
import dev.engram.models.ModelBuilder;
import dev.engram.models.Network;
import dev.engram.models.Sequential;
import dev.engram.models.SymbolicTensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Models with the sequence-model layers of issue 18 for the live interop tests and the round trips,
 * grouped by the peers that can load them: TF.js 4.22 has the pooling, Permute, rectifier, Softmax and
 * noise layers; tf-keras 2.18 and Keras 3.10 also Cropping1D, ZeroPadding1D, UpSampling1D, Identity,
 * attention and UnitNormalization (with their own norm floors); ThresholdedReLU is gone from Keras 3;
 * Keras 3.10 mis-broadcasts a value mask in Attention for batches above 1, so masked attention is
 * checked in tf-keras only; Keras 3.10 cannot read tf-keras's MultiHeadAttention config, so MultiHeadAttention
 * models are checked per generation. Conv2D (with a channels-first layer) goes to every peer; grouped Conv2D
 * and Conv1D, and Bidirectional around the generic RNN, to both Kerases (TF.js has no groups and cannot build
 * a Bidirectional RNN). The image and volume
 * layers: TF.js has all but SpatialDropout2D (and keepdims, 3-D global pooling); tf-keras pools channels-first
 * only on GPU, so those forms go to TF.js and Keras 3. The preprocessing layers go to both Kerases (TF.js gets
 * Rescaling: its model.predict throws on Resizing).
 */
public final class SequenceInteropModels {
    /** Which peer loads a group of models. */
    public enum Peer {
        /** TF.js 4.22 in Node. */
        TFJS,
        /** tf-keras 2.18 and Keras 3.10: written as KERAS_2 h5 (read by both), KERAS_3 h5 and .keras. */
        KERAS_BOTH,
        /** tf-keras 2.18 only (KERAS_2 h5). */
        TF_KERAS,
        /** Keras 3.10 only. */
        KERAS3
    }

    private SequenceInteropModels() {
    }

    /**
     * Name to model for a peer.
     *
     * @param peer the peer
     * @return the models, with random weights
     */
    public static Map<String, Network> models(Peer peer) {
        Map<String, Network> out = new LinkedHashMap<>();
        boolean keras = peer != Peer.TFJS;
        switch (peer) {
            case TFJS -> {
                out.put("pooling_rectifiers_noise", Sequential.seeded(31, poolingRectifiersNoise(false, true)));
                out.put("thresholded_relu", Sequential.seeded(32, Layers.dense(4).inputShape(5),
                        Layers.thresholdedRelu().withTheta(0.1), Layers.dense(2)));
                out.put("spatial_layers", Sequential.seeded(41, spatialLayers(Layers.globalAveragePooling2d())));
                out.put("spatial_channels_first", Sequential.seeded(42, channelsFirst(false)));
                out.put("volume_pooling", Sequential.seeded(43, volumePooling(Layers.flatten())));
                out.put("rnn_stacked_cells", Sequential.seeded(41, Layers.rnn(List.of(Layers.lstmCell(4),
                                Layers.gruCell(3), Layers.simpleRnnCell(2))).withReturnSequences(true).withGoBackwards(true)
                                .inputShape(5, 3), Layers.rnn(Layers.lstmCell(3)), Layers.dense(2)));
                out.put("rnn_return_state", rnnReturnState(false));
                out.put("conv_lstm2d", Sequential.seeded(44, Layers.convLstm2d(3, 3, 2).withStrides(2, 1)
                                .withPadding(Padding.SAME).withReturnSequences(true).inputShape(3, 6, 5, 2),
                        Layers.convLstm2d(2, 2, 2).withGoBackwards(true).withUnitForgetBias(true), Layers.flatten(),
                        Layers.dense(2)));
                out.put("conv2d", Sequential.seeded(41, conv2d()));
                // TF.js 4.22's model.predict throws on Resizing (and on an enlarging CenterCrop): Rescaling only.
                out.put("rescaling", Sequential.seeded(44, Layers.dense(4).inputShape(5),
                        Layers.rescaling(0.5).withOffset(-0.25), Layers.dense(2)));
                out.put("conv2d_transpose", Sequential.seeded(43, conv2dTranspose(false)));
                out.put("depthwise_conv2d", Sequential.seeded(45, depthwise(false)));
                out.put("separable_conv2d", Sequential.seeded(47, separable(false)));
                out.put("conv3d", Sequential.seeded(51, conv3d()));
            }
            case KERAS_BOTH -> {
                // EinsumDense as transformer blocks project (queries into heads, heads back), and augmentation layers
                // with keys both generations take
                out.put("einsum_dense", Sequential.seeded(53, Layers.einsumDense("abc,cde->abde", -1, 2, 3)
                        .withBiasAxes("de").withActivation(dev.engram.activations.Activations.tanh()).inputShape(4, 5),
                        Layers.einsumDense("abcd,cde->abe", -1, 3).withBiasAxes("e"),
                        Layers.einsumDense("...b,bc->...c", 2)));
                out.put("augmentation", Sequential.seeded(54, Layers.imageAugmentation(
                        dev.engram.layers.AugmentationKind.FLIP).withOptions(Map.of("mode", "horizontal", "seed", 3L))
                        .inputShape(5, 4, 2), Layers.imageAugmentation(dev.engram.layers.AugmentationKind.ROTATION)
                        .withOptions(Map.of("factor", 0.1, "fill_mode", "reflect", "interpolation", "bilinear")),
                        Layers.conv2d(2, 2), Layers.globalAveragePooling2d(), Layers.dense(2)));
                // Separate models: tf-keras loads h5 weights by position in its depth-sorted layer order, which
                // for parallel chains differs from Engram's execution order (see the issue-18 report).
                out.put("pooling_rectifiers_noise", Sequential.seeded(33, poolingRectifiersNoise(keras, false)));
                out.put("keras_step_layers", Sequential.seeded(38,
                        Layers.conv1d(3, 2).inputShape(8, 2), Layers.zeroPadding1d(2, 1), Layers.cropping1d(1, 2),
                        Layers.upSampling1d(2), Layers.identity(),
                        Layers.relu().withNegativeSlope(0.1).withThreshold(0.2).withMaxValue(1.5),
                        Layers.averagePooling1d(2).withDataFormat(DataFormat.CHANNELS_FIRST), Layers.flatten(),
                        Layers.dense(2)));
                out.put("spatial_layers", Sequential.seeded(44, spatialLayers(
                        Layers.globalMaxPooling2d().withKeepDims(true), Layers.flatten())));
                out.put("volume_pooling", Sequential.seeded(45, volumePooling(
                        dev.engram.layers.GlobalSpatialPoolingConfig.of(dev.engram.layers.PoolingMode.MAX, 3))));
                out.put("conv2d", Sequential.seeded(42, conv2d()));
                out.put("preprocessing", Sequential.seeded(43, preprocessing()));
                out.put("conv2d_transpose", Sequential.seeded(44, conv2dTranspose(true)));
                out.put("depthwise_conv2d", Sequential.seeded(46, depthwise(true)));
                out.put("separable_conv2d", Sequential.seeded(48, separable(true)));
                out.put("conv3d", Sequential.seeded(52, conv3d()));
                out.put("grouped_conv3d", Sequential.seeded(54, Layers.conv3d(6, 2, 3, 2).withGroups(2).withStrides(1, 2, 1)
                                .withPadding(Padding.SAME).inputShape(4, 5, 4, 4),
                        Layers.conv3d(4, 2).withGroups(2).withDilationRate(1, 1, 2).withUseBias(false),
                        Layers.conv3d(4, 1).withGroups(4), Layers.flatten(), Layers.dense(2)));
                // grouped convolutions (TF.js has no groups); the channels-first layer's width (4) is not its filter
                // count: Keras 3.10 adds the bias along the width when they are equal
                out.put("grouped_conv", Sequential.seeded(53, Layers.conv2d(6, 3, 2).withGroups(2).withStrides(2, 1)
                                .withPadding(Padding.SAME).inputShape(8, 9, 4),
                        Layers.conv2d(4, 1, 3).withGroups(2).withDilationRate(1, 2).withUseBias(false),
                        Layers.conv2d(8, 2).withGroups(4).withPadding(Padding.SAME).withDataFormat(DataFormat.CHANNELS_FIRST),
                        Layers.reshape(20, 8), Layers.conv1d(6, 3).withGroups(2).withPadding(Padding.CAUSAL)
                                .withDilationRate(2), Layers.conv1d(4, 2).withGroups(2).withStrides(2),
                        Layers.flatten(), Layers.dense(2)));
                out.put("conv1d_transpose", Sequential.seeded(49, Layers.conv1dTranspose(3, 3).withStrides(2)
                        .withPadding(Padding.SAME).withOutputPadding(1).inputShape(5, 2),
                        Layers.conv1dTranspose(2, 2).withDilationRate(2).withUseBias(false),
                        Layers.conv1dTranspose(2, 2).withStrides(3).withDataFormat(DataFormat.CHANNELS_FIRST),
                        Layers.flatten(), Layers.dense(2)));
                // channels-first 1-D layers; each biased layer's width differs from its filters (Keras 3.10 adds the
                // bias along the width when they are equal)
                out.put("conv1d_channels_first", Sequential.seeded(55, Layers.conv1d(4, 3).withStrides(2)
                                .withPadding(Padding.SAME).withDataFormat(DataFormat.CHANNELS_FIRST).inputShape(3, 9),
                        Layers.conv1d(6, 2).withPadding(Padding.CAUSAL).withDilationRate(2)
                                .withActivation(dev.engram.activations.Activations.tanh())
                                .withDataFormat(DataFormat.CHANNELS_FIRST),
                        Layers.conv1d(4, 2).withGroups(2).withUseBias(false).withDataFormat(DataFormat.CHANNELS_FIRST),
                        Layers.maxPooling1d(2).withStrides(1).withDataFormat(DataFormat.CHANNELS_FIRST),
                        Layers.globalAveragePooling1d().withDataFormat(DataFormat.CHANNELS_FIRST), Layers.dense(2)));
                out.put("depthwise_conv1d", Sequential.seeded(56, Layers.depthwiseConv1d(3).withDepthMultiplier(2)
                                .withStrides(2).withPadding(Padding.SAME).inputShape(9, 3),
                        Layers.depthwiseConv1d(2).withDilationRate(2)
                                .withActivation(dev.engram.activations.Activations.tanh()),
                        Layers.depthwiseConv1d(2).withDepthMultiplier(2).withUseBias(false)
                                .withDataFormat(DataFormat.CHANNELS_FIRST), Layers.flatten(), Layers.dense(2)));
                out.put("separable_conv1d", Sequential.seeded(57, Layers.separableConv1d(4, 3).withDepthMultiplier(2)
                                .withStrides(2).withPadding(Padding.SAME).inputShape(9, 3),
                        Layers.separableConv1d(3, 2).withDilationRate(2).withUseBias(false),
                        Layers.separableConv1d(2, 2).withPadding(Padding.SAME).withDataFormat(DataFormat.CHANNELS_FIRST),
                        Layers.flatten(), Layers.dense(2)));
                ModelBuilder b = new ModelBuilder("attention", 39);
                SymbolicTensor[] att = attention(b);
                out.put("attention", b.build(List.of(att[0], att[1], att[2]),
                        List.of(att[3], att[4], att[5], att[6], att[7], att[8])));
                Activation sigmoid = dev.engram.activations.Activations.sigmoid();
                Initializer glorot = Initializers.glorotUniform();
                out.put("rnn_stacked_cells", Sequential.seeded(42, Layers.rnn(List.of(
                                Layers.lstmCell(4).withRecurrentActivation(sigmoid).withKernelInitializer(glorot),
                                Layers.gruCell(3).withRecurrentActivation(sigmoid).withResetAfter(true)
                                        .withKernelInitializer(glorot),
                                Layers.simpleRnnCell(2).withKernelInitializer(glorot))).withReturnSequences(true)
                                .withGoBackwards(true).withStateOrder(RnnStateOrder.FIRST_CELL_FIRST).inputShape(5, 3),
                        Layers.rnn(Layers.lstmCell(3).withRecurrentActivation(sigmoid).withKernelInitializer(glorot))
                                .withStateOrder(RnnStateOrder.FIRST_CELL_FIRST), Layers.dense(2)));
                out.put("rnn_return_state", rnnReturnState(true));
                // Bidirectional around the generic RNN (TF.js 4.22 cannot build one); the wrapped RNNs read forwards:
                // Keras 3.10 refuses a wrapped layer with go_backwards true
                out.put("bidirectional_rnn", Sequential.seeded(46, Layers.bidirectional(Layers.rnn(List.of(
                                Layers.lstmCell(4).withRecurrentActivation(sigmoid).withKernelInitializer(glorot),
                                Layers.gruCell(3).withRecurrentActivation(sigmoid).withResetAfter(true)
                                        .withKernelInitializer(glorot))).withReturnSequences(true)
                                .withStateOrder(RnnStateOrder.FIRST_CELL_FIRST), BidirectionalMergeMode.SUM)
                                .withZeroMaskedSteps(true).inputShape(5, 3),
                        Layers.bidirectional(Layers.rnn(Layers.simpleRnnCell(2).withKernelInitializer(glorot))
                                .withStateOrder(RnnStateOrder.FIRST_CELL_FIRST)).withZeroMaskedSteps(true),
                        Layers.dense(2)));
                out.put("conv_lstm2d", Sequential.seeded(45, Layers.convLstm2d(3, 3, 2).withStrides(2, 1)
                                .withPadding(Padding.SAME).withReturnSequences(true).withKernelInitializer(glorot)
                                .withRecurrentActivation(sigmoid).inputShape(3, 6, 5, 2),
                        Layers.convLstm2d(2, 2, 2).withDilationRate(1, 2).withDataFormat(DataFormat.CHANNELS_FIRST)
                                .withGoBackwards(true).withKernelInitializer(glorot).withRecurrentActivation(sigmoid),
                        Layers.flatten(), Layers.dense(2)));
            }
            case TF_KERAS -> {
                // tf-keras's RandomCrop inference: the centred window of the crop's aspect ratio, resized
                out.put("random_crop_tf_keras", Sequential.seeded(51, Layers.randomCrop(3, 4).inputShape(6, 5, 2),
                        Layers.conv2d(2, 2), Layers.flatten(), Layers.dense(2)));
                out.put("masked_attention", maskedAttention());
                out.put("masked_multi_head_attention", maskedMultiHeadAttention());
                // MultiHeadAttention per generation: Keras 3.10 refuses tf-keras's config (query_shape, key_shape and
                // value_shape, which tf-keras requires), also in tf-keras 2.18's own files
                out.put("multi_head_attention", multiHeadAttention());
                out.put("multi_head_attention_axes", multiHeadAttentionAxes(false));
                out.put("multi_head_attention_axes_masked", multiHeadAttentionAxesMasked(false));
                out.put("thresholded_relu", Sequential.seeded(34, Layers.dense(4).inputShape(5),
                        Layers.thresholdedRelu().withTheta(0.1).withPassesMask(true), Layers.dense(2)));
                out.put("unit_normalization_tf_keras", Sequential.seeded(40,
                        Layers.unitNormalization().withNormFloor(UnitNormalizationConfig.TF_KERAS_NORM_FLOOR)
                                .inputShape(4, 3), Layers.spatialDropout1d(0.2), Layers.dense(2)));
                // Keras 3.10 cannot build a SpatialDropout2D from a Keras 2 config (trainable, noise_shape) either.
                out.put("spatial_dropout_tf_keras", Sequential.seeded(47, Layers.dense(3).inputShape(4, 3, 2),
                        Layers.spatialDropout2d(0.2), Layers.flatten(), Layers.dense(2)));
            }
            case KERAS3 -> {
                // Keras 3's RandomCrop passes its input on at inference (Keras builds the next layers for the declared
                // crop: only layers whose weights ignore the image size may follow); RMSNormalization and a colour layer
                out.put("keras3_image_layers", Sequential.seeded(52, Layers.rmsNormalization().withAxes(-2, -1)
                        .withEpsilon(1e-3).inputShape(5, 4, 3), Layers.randomCrop(3, 3)
                        .withInference(dev.engram.layers.RandomCropInference.UNCHANGED),
                        Layers.imageAugmentation(dev.engram.layers.AugmentationKind.HUE).withOptions(Map.of("factor",
                                0.2, "value_range", List.of(0, 1), "data_format", "channels_last")),
                        Layers.conv2d(2, 2), Layers.rmsNormalization(), Layers.globalAveragePooling2d(),
                        Layers.dense(2)));
                out.put("keras3_layers", Sequential.seeded(35,
                        Layers.unitNormalization().withAxes(1, 2).inputShape(4, 3),
                        Layers.zeroPadding1d(1, 1).withDataFormat(DataFormat.CHANNELS_FIRST),
                        Layers.maxPooling1d(2).withStrides(1).withDataFormat(DataFormat.CHANNELS_FIRST),
                        Layers.spatialDropout1d(0.2), Layers.dense(2)));
                ModelBuilder b = new ModelBuilder("keras3_multi_head_attention", 42);
                SymbolicTensor q = b.input("query", 3, 4);
                SymbolicTensor v = b.input("value", 5, 2);
                // dropout and the scores output: Keras 3's unfused path (weights times the mask after the softmax)
                List<SymbolicTensor> att = b.applyAll(Layers.multiHeadAttention(2, 2).withDropout(0.2)
                        .withReturnAttentionScores(true), q, v);
                out.put("keras3_multi_head_attention", b.build(List.of(q, v), att));
                out.put("multi_head_attention", multiHeadAttention());
                out.put("multi_head_attention_axes", multiHeadAttentionAxes(true));
                out.put("multi_head_attention_axes_masked", multiHeadAttentionAxesMasked(true));
                out.put("spatial_channels_first", Sequential.seeded(46, channelsFirst(true)));
                out.put("masked_value_merges", maskedValueMerges());
            }
        }
        for (Network m : out.values()) {
            LayerRoundTripTest.randomize(m, 7);
        }
        return out;
    }

    /**
     * Keras 3's value-masking merges (MergeMaskRule.KERAS3): Multiply, Maximum and Minimum of two masked sequences and
     * of a masked and an unmasked one, as the model's outputs, so the values at the padded steps are compared.
     */
    private static Network maskedValueMerges() {
        ModelBuilder b = new ModelBuilder("masked_value_merges", 49);
        SymbolicTensor ids = b.input("ids", 6);
        SymbolicTensor a = b.apply(Layers.embedding(12, 3).withMaskZero(true), ids);
        SymbolicTensor c = b.apply(Layers.embedding(12, 3), ids);
        SymbolicTensor d = b.apply(Layers.dense(3), a);
        dev.engram.layers.MergeMaskRule keras3 = dev.engram.layers.MergeMaskRule.KERAS3;
        return b.build(List.of(ids), List.of(b.apply(Layers.multiply().withMaskRule(keras3), a, d),
                b.apply(Layers.multiply().withMaskRule(keras3), a, c),
                b.apply(Layers.maximum().withMaskRule(keras3), d, c, a),
                b.apply(Layers.minimum().withMaskRule(keras3), c, a)));
    }

    /**
     * Rescaling, Keras's Resizing (half-pixel, bilinear with the aspect crop and nearest), CenterCrop cropping one
     * column and enlarging, and a given Normalization (an adapted one's random weights could hold a negative variance).
     */
    private static dev.engram.layers.LayerConfig[] preprocessing() {
        return new dev.engram.layers.LayerConfig[] {
            Layers.rescaling(0.5).withOffset(-0.1).inputShape(6, 5, 2),
            Layers.resizing(4, 7).withSampling(dev.engram.layers.ResizeSampling.HALF_PIXEL).withCropToAspectRatio(true),
            Layers.centerCrop(3, 6).withMode(dev.engram.layers.CenterCropMode.PRESERVE_ASPECT),
            Layers.resizing(5, 4).withInterpolation(dev.engram.layers.Interpolation.NEAREST)
                    .withSampling(dev.engram.layers.ResizeSampling.HALF_PIXEL),
            Layers.centerCrop(7, 6).withMode(dev.engram.layers.CenterCropMode.PRESERVE_ASPECT),
            Layers.normalization().withAxes(3).withMeanAndVariance(new float[] {0.2f, -0.3f}, new float[] {1.5f, 0.5f}),
            Layers.flatten(), Layers.dense(2)};
    }

    /**
     * The image layers channels-last on [7, 6, 2]: a per-pixel Dense, ZeroPadding2D, strided same-padded
     * max and average pooling, Cropping2D, UpSampling2D, then {@code tail} and Dense(2).
     */
    private static dev.engram.layers.LayerConfig[] spatialLayers(dev.engram.layers.LayerConfig... tail) {
        List<dev.engram.layers.LayerConfig> l = new java.util.ArrayList<>(List.of(
                Layers.dense(3).inputShape(7, 6, 2), Layers.zeroPadding2d(1, 0, 2, 1),
                Layers.maxPooling2d(3, 2).withStrides(2, 1).withPadding(Padding.SAME),
                Layers.averagePooling2d(2, 3).withStrides(1, 2).withPadding(Padding.SAME),
                Layers.cropping2d(1, 0, 0, 1), Layers.upSampling2d(2, 1)));
        l.addAll(List.of(tail));
        l.add(Layers.dense(2));
        return l.toArray(new dev.engram.layers.LayerConfig[0]);
    }

    /** The channels-first forms (Keras 3 also Cropping2D and SpatialDropout2D) on [3, 6, 5]. */
    private static dev.engram.layers.LayerConfig[] channelsFirst(boolean keras3) {
        DataFormat f = DataFormat.CHANNELS_FIRST;
        List<dev.engram.layers.LayerConfig> l = new java.util.ArrayList<>(List.of(
                Layers.zeroPadding2d(1, 0, 0, 1).withDataFormat(f).inputShape(3, 6, 5),
                Layers.maxPooling2d(2, 2).withStrides(1, 1).withDataFormat(f),
                Layers.averagePooling2d(2, 2).withPadding(Padding.SAME).withDataFormat(f),
                Layers.upSampling2d(2, 1).withDataFormat(f)));
        if (keras3) {
            l.addAll(List.of(Layers.cropping2d(1, 1, 0, 1).withDataFormat(f), Layers.spatialDropout2d(0.2).withDataFormat(f)));
        }
        // TF.js ends with a channels-first Flatten (moves the channels last), Keras 3 with a channels-first global pool.
        l.add(keras3 ? Layers.globalAveragePooling2d().withDataFormat(f) : Layers.flatten().withDataFormat(f));
        l.add(Layers.dense(2));
        return l.toArray(new dev.engram.layers.LayerConfig[0]);
    }

    /** Strided same-padded 3-D max and average pooling on [4, 6, 5, 2], then {@code head} and Dense(2). */
    private static dev.engram.layers.LayerConfig[] volumePooling(dev.engram.layers.LayerConfig head) {
        return new dev.engram.layers.LayerConfig[] {
            Layers.maxPooling3d(2, 2, 1).withStrides(1, 2, 2).withPadding(Padding.SAME).inputShape(4, 6, 5, 2),
            Layers.averagePooling3d(2, 2, 2).withPadding(Padding.SAME), head, Layers.dense(2)};
    }

    /**
     * RNN([LSTMCell(3), GRUCell(2)], returnState) over [4, 2]: the output, then every cell's final state
     * in the peer's order (TF.js: GRU h, LSTM h, c; Keras: LSTM h, c, GRU h).
     */
    private static Network rnnReturnState(boolean keras) {
        ModelBuilder b = new ModelBuilder("rnn_return_state", 43);
        SymbolicTensor x = b.input("x", 4, 2);
        Activation gate = keras ? dev.engram.activations.Activations.sigmoid()
                : dev.engram.activations.Activations.hardSigmoid();
        Initializer kernel = keras ? Initializers.glorotUniform() : Initializers.glorotNormalTfjs();
        List<SymbolicTensor> outs = b.applyAll(Layers.rnn(List.of(
                Layers.lstmCell(3).withRecurrentActivation(gate).withKernelInitializer(kernel),
                Layers.gruCell(2).withRecurrentActivation(gate).withResetAfter(keras).withKernelInitializer(kernel)))
                .withReturnState(true)
                .withStateOrder(keras ? RnnStateOrder.FIRST_CELL_FIRST : RnnStateOrder.LAST_CELL_FIRST), x);
        return b.build(List.of(x), outs);
    }

    /** Pooling, Permute, the rectifiers, PReLU, Softmax and (optionally) the noise layers on [9, 3]. */
    private static dev.engram.layers.LayerConfig[] poolingRectifiersNoise(boolean keras, boolean withSpatialDropout) {
        List<dev.engram.layers.LayerConfig> l = new java.util.ArrayList<>(List.of(
                Layers.conv1d(4, 2).withPadding(Padding.SAME).inputShape(9, 3),
                Layers.maxPooling1d(3).withStrides(2).withPadding(Padding.SAME),
                Layers.relu().withMaxValue(0.9),
                Layers.leakyRelu().withAlpha(0.2).withPassesMask(keras),
                Layers.averagePooling1d(2).withStrides(1).withPadding(Padding.SAME),
                Layers.prelu().withSharedAxes(1),
                Layers.elu().withPassesMask(keras),
                Layers.permute(2, 1),
                Layers.softmax(-1).withPassesMask(keras)));
        if (withSpatialDropout) {
            // Keras 3.10 cannot build a SpatialDropout1D from a Keras 2 config, so the shared Keras model has none.
            l.add(Layers.spatialDropout1d(0.2));
        }
        l.addAll(List.of(Layers.gaussianNoise(0.1), Layers.gaussianDropout(0.1), Layers.alphaDropout(0.1),
                Layers.flatten(), Layers.dense(2)));
        return l.toArray(new dev.engram.layers.LayerConfig[0]);
    }

    /**
     * Conv2D with non-square kernels, strides, same and valid padding, dilation, no bias, a regularizer and a
     * channels-first layer (read by TF.js 4.22, tf-keras 2.18 and Keras 3.10 alike) on [9, 8, 2].
     */
    private static dev.engram.layers.LayerConfig[] conv2d() {
        return new dev.engram.layers.LayerConfig[] {
            Layers.conv2d(4, 3, 2).withStrides(2, 1).withPadding(Padding.SAME)
                    .withActivation(dev.engram.activations.Activations.relu())
                    .withKernelRegularizer(dev.engram.regularizers.Regularizers.l2(0.01)).inputShape(9, 8, 2),
            Layers.conv2d(3, 3).withDilationRate(1, 2).withActivation(dev.engram.activations.Activations.tanh())
                    .withUseBias(false),
            Layers.conv2d(2, 2).withPadding(Padding.SAME).withDataFormat(DataFormat.CHANNELS_FIRST),
            Layers.flatten(), Layers.dense(2)};
    }

    /**
     * Conv3D with non-cubic kernels, strides, same and valid padding, dilation, no bias, a regularizer and a
     * channels-first layer (read by TF.js 4.22, tf-keras 2.18 and Keras 3.10 alike) on [5, 6, 4, 2].
     */
    private static dev.engram.layers.LayerConfig[] conv3d() {
        return new dev.engram.layers.LayerConfig[] {
            Layers.conv3d(3, 2, 3, 2).withStrides(2, 1, 1).withPadding(Padding.SAME)
                    .withActivation(dev.engram.activations.Activations.relu())
                    .withKernelRegularizer(dev.engram.regularizers.Regularizers.l2(0.01)).inputShape(5, 6, 4, 2),
            Layers.conv3d(3, 2).withDilationRate(1, 2, 1).withActivation(dev.engram.activations.Activations.tanh())
                    .withUseBias(false),
            Layers.conv3d(2, 2).withPadding(Padding.SAME).withDataFormat(DataFormat.CHANNELS_FIRST),
            Layers.flatten(), Layers.dense(2)};
    }

    /**
     * Conv2DTranspose with same and valid padding, strides larger than the kernel and a channels-first layer on
     * [4, 5, 2]; for Keras also an output padding and a dilation (TF.js 4.22 has neither).
     */
    private static dev.engram.layers.LayerConfig[] conv2dTranspose(boolean keras) {
        var second = Layers.conv2dTranspose(2, 3).withStrides(2).withUseBias(false)
                .withActivation(dev.engram.activations.Activations.tanh());
        var third = Layers.conv2dTranspose(2, 2).withDataFormat(DataFormat.CHANNELS_FIRST);
        return new dev.engram.layers.LayerConfig[] {
            Layers.conv2dTranspose(3, 3, 2).withStrides(2, 1).withPadding(Padding.SAME)
                    .withActivation(dev.engram.activations.Activations.relu()).inputShape(4, 5, 2),
            keras ? second.withOutputPadding(new dev.engram.layers.Conv2DTransposeConfig.OutputPadding(1, 1)) : second,
            keras ? third.withDilationRate(2) : third.withStrides(3),
            Layers.flatten(), Layers.dense(2)};
    }

    /** DepthwiseConv2D with a depth multiplier, same padding, strides and a channels-first layer (Keras: dilated). */
    private static dev.engram.layers.LayerConfig[] depthwise(boolean keras) {
        var second = Layers.depthwiseConv2d(3).withUseBias(false).withDataFormat(DataFormat.CHANNELS_FIRST)
                .withActivation(dev.engram.activations.Activations.tanh());
        return new dev.engram.layers.LayerConfig[] {
            Layers.depthwiseConv2d(3, 2).withDepthMultiplier(2).withStrides(2, 1).withPadding(Padding.SAME)
                    .withActivation(dev.engram.activations.Activations.relu()).inputShape(7, 6, 3),
            keras ? second.withDilationRate(1, 2) : second, Layers.flatten(), Layers.dense(2)};
    }

    /**
     * SeparableConv2D with a depth multiplier, strides, same padding, dilation and a channels-first layer (TF.js:
     * without its bias, which TF.js 4.22 adds along the wrong axis).
     */
    private static dev.engram.layers.LayerConfig[] separable(boolean keras) {
        return new dev.engram.layers.LayerConfig[] {
            Layers.separableConv2d(4, 3).withDepthMultiplier(2).withStrides(2, 1).withPadding(Padding.SAME)
                    .withActivation(dev.engram.activations.Activations.relu()).inputShape(9, 8, 3),
            Layers.separableConv2d(3, 3).withDilationRate(2, 2).withUseBias(false),
            Layers.separableConv2d(2, 2).withPadding(Padding.SAME).withDataFormat(DataFormat.CHANNELS_FIRST)
                    .withUseBias(keras),
            Layers.flatten(), Layers.dense(2)};
    }

    /** Inputs query, value, key and the outputs of five attention calls (one with its scores): 3 + 6 tensors. */
    private static SymbolicTensor[] attention(ModelBuilder b) {
        SymbolicTensor q = b.input("query", 3, 4);
        SymbolicTensor v = b.input("value", 5, 2);
        SymbolicTensor k = b.input("key", 5, 4);
        SymbolicTensor dot = b.apply(Layers.attention().withUseScale(true), q, v, k);
        SymbolicTensor concat = b.apply(Layers.attention().withScoreMode(AttentionScoreMode.CONCAT).withUseScale(true),
                q, v, k);
        List<SymbolicTensor> causal = b.applyAll(Layers.attention().withUseCausalMask(true)
                .withReturnAttentionScores(true), q, q);
        SymbolicTensor add = b.apply(Layers.additiveAttention(), q, k);
        SymbolicTensor addCausal = b.apply(Layers.additiveAttention().withUseScale(false).withUseCausalMask(true), q, q);
        return new SymbolicTensor[] {q, v, k, dot, concat, causal.get(0), causal.get(1), add, addCausal};
    }

    /**
     * MultiHeadAttention chained so that every peer orders its weights alike: self-attention over the query,
     * then cross-attention with a key and a causal mask (value size 2, 5 outputs), then attention without
     * biases (3 heads of 2, 3 outputs).
     */
    private static Network multiHeadAttention() {
        ModelBuilder b = new ModelBuilder("multi_head_attention", 41);
        SymbolicTensor q = b.input("query", 3, 4);
        SymbolicTensor v = b.input("value", 5, 2);
        SymbolicTensor k = b.input("key", 5, 6);
        SymbolicTensor self = b.apply(Layers.multiHeadAttention(2, 3), q, q);
        SymbolicTensor cross = b.apply(Layers.multiHeadAttention(2, 3).withValueDim(2).withOutputDim(5)
                .withUseCausalMask(true), self, v, k);
        SymbolicTensor plain = b.apply(Layers.multiHeadAttention(3, 2).withUseBias(false).withOutputDim(3), cross, v);
        return b.build(List.of(q, v, k), List.of(plain));
    }

    /**
     * MultiHeadAttention over other axes: 2-D self-attention over an image's pixels, then attention along the width
     * with the rows as batch rows, returning the scores (the generation's masked-weights form).
     */
    private static Network multiHeadAttentionAxes(boolean keras3) {
        ModelBuilder b = new ModelBuilder("multi_head_attention_axes", 47);
        SymbolicTensor image = b.input("image", 3, 4, 5);
        SymbolicTensor memory = b.input("memory", 3, 2, 3);
        SymbolicTensor pixels = b.apply(Layers.multiHeadAttention(2, 3).withAttentionAxes(List.of(1, 2)), image, image);
        List<SymbolicTensor> rows = b.applyAll(Layers.multiHeadAttention(2, 2).withValueDim(3)
                .withAttentionAxes(List.of(2)).withReturnAttentionScores(true).withZeroMaskedWeights(keras3), pixels,
                memory);
        return b.build(List.of(image, memory), rows);
    }

    /**
     * MultiHeadAttention over the axes of rank-4 and rank-5 inputs with Keras's masks, each generation's
     * fully-masked-position semantics: (1,) on rank 4 (not the default) with the causal mask, (2, 1) with an attention
     * mask [batch, Wq, Hq, Wk, Hk] and scores, -3 (the width), the default (every middle axis) on rank 5 and (1, 3)
     * with a full-rank attention mask and scores; attention-mask inputs are 0/1 with fully masked positions.
     */
    private static Network multiHeadAttentionAxesMasked(boolean keras3) {
        ModelBuilder b = new ModelBuilder("multi_head_attention_axes_masked", 48);
        SymbolicTensor image = b.input("image", 3, 4, 5);
        SymbolicTensor imageMask = b.input("image_mask", 4, 3, 4, 3);
        SymbolicTensor volume = b.input("volume", 2, 3, 2, 4);
        SymbolicTensor volumeMask = b.input("volume_mask", 3, 2, 2, 2, 2);
        SymbolicTensor height = b.apply(Layers.multiHeadAttention(2, 3).withAttentionAxes(List.of(1))
                .withUseCausalMask(true).withZeroMaskedWeights(keras3), image, image);
        List<SymbolicTensor> reversed = b.applyAll(Layers.multiHeadAttention(2, 2).withAttentionAxes(List.of(2, 1))
                .withAttentionMaskInput(true).withReturnAttentionScores(true).withZeroMaskedWeights(keras3), height,
                image, imageMask);
        // unmasked: the masked-weights form does not matter (read back as the default)
        SymbolicTensor width = b.apply(Layers.multiHeadAttention(1, 3).withAttentionAxes(List.of(-3)).withOutputDim(2),
                reversed.get(0), image);
        SymbolicTensor all = b.apply(Layers.multiHeadAttention(2, 2).withValueDim(3), volume, volume);
        List<SymbolicTensor> vol = b.applyAll(Layers.multiHeadAttention(2, 2).withAttentionAxes(List.of(1, 3))
                .withAttentionMaskInput(true).withReturnAttentionScores(true).withZeroMaskedWeights(keras3), all,
                volume, volumeMask);
        return b.build(List.of(image, imageMask, volume, volumeMask), List.of(reversed.get(1), width, vol.get(0),
                vol.get(1)));
    }

    /** Query and value masks from Embedding(mask_zero) into MultiHeadAttention with its scores (tf-keras semantics). */
    private static Network maskedMultiHeadAttention() {
        ModelBuilder b = new ModelBuilder("masked_multi_head_attention", 43);
        SymbolicTensor qi = b.input("query_ids", 6);
        SymbolicTensor vi = b.input("value_ids", 6);
        SymbolicTensor qe = b.apply(Layers.embedding(12, 4).withMaskZero(true), qi);
        SymbolicTensor ve = b.apply(Layers.embedding(12, 4).withMaskZero(true), vi);
        List<SymbolicTensor> att = b.applyAll(Layers.multiHeadAttention(2, 3).withReturnAttentionScores(true)
                .withZeroMaskedWeights(false), qe, ve);
        SymbolicTensor pooled = b.apply(Layers.globalAveragePooling1d().withUseMask(true), att.get(0));
        return b.build(List.of(qi, vi), List.of(pooled, att.get(1)));
    }

    private static Network maskedAttention() {
        ModelBuilder b = new ModelBuilder("masked_attention", 37);
        SymbolicTensor qi = b.input("query_ids", 6);
        SymbolicTensor vi = b.input("value_ids", 6);
        SymbolicTensor qe = b.apply(Layers.embedding(12, 3).withMaskZero(true), qi);
        SymbolicTensor ve = b.apply(Layers.embedding(12, 3).withMaskZero(true), vi);
        SymbolicTensor att = b.apply(Layers.attention(), qe, ve);
        SymbolicTensor add = b.apply(Layers.additiveAttention(), qe, ve);
        SymbolicTensor seq = b.apply(Layers.lstm(3).withRecurrentActivation(dev.engram.activations.Activations.sigmoid()),
                att);
        SymbolicTensor pooled = b.apply(Layers.globalAveragePooling1d().withUseMask(true), add);
        // Output order puts the AdditiveAttention branch first: tf-keras loads h5 weights by position in its
        // depth-sorted layer order, and Engram writes its execution order (see the report on issue 18).
        return b.build(List.of(qi, vi), List.of(pooled, seq));
    }
}
