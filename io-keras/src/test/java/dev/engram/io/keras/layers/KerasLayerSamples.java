package dev.engram.io.keras.layers;

import dev.engram.activations.Activations;
import dev.engram.constraints.Constraints;
import dev.engram.initializers.Initializer;
import dev.engram.initializers.Initializers;
import dev.engram.io.keras.KerasDialect;
import dev.engram.layers.BatchNormalizationConfig;
import dev.engram.layers.BidirectionalConfig;
import dev.engram.layers.BidirectionalMergeMode;
import dev.engram.layers.GlobalPooling1DConfig;
import dev.engram.layers.LayerConfig;
import dev.engram.layers.CategoryOutputMode;
import dev.engram.layers.CenterCropMode;
import dev.engram.layers.Layers;
import dev.engram.layers.MergeMaskRule;
import dev.engram.layers.ResizeSampling;
import dev.engram.layers.Padding;
import dev.engram.layers.PoolingMode;
import dev.engram.layers.WeightRules;
import dev.engram.regularizers.Regularizers;
import dev.engram.tensor.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The sample configurations {@link KerasLayersTest} runs through every codec: for each layer, the options each
 * dialect can say, with a name and an input shape. A new codec without samples fails
 * {@link KerasLayersTest#everyCodecHasSamples}.
 */
final class KerasLayerSamples {
    private KerasLayerSamples() {
    }

    /**
     * Samples with a name and an input shape, covering each codec's options; the mask-semantics
     * fields take the dialect's value (they are the dialect's, not the file's).
     */
    private static List<LayerConfig<?>> samples(KerasDialect d) {
        // The engine's default kernel initializer is TF.js's glorotNormal, which Keras has no name for
        // (it is written as the VarianceScaling that draws the same distribution): use each dialect's own.
        Initializer k = d == KerasDialect.TFJS ? Initializers.glorotNormalTfjs() : Initializers.glorotNormal();
        WeightRules rules = WeightRules.NONE.withKernelRegularizer(Regularizers.l1l2(0.01, 0.02))
                .withRecurrentRegularizer(Regularizers.l2(0.003)).withBiasConstraint(Constraints.nonNeg());
        List<LayerConfig<?>> out = new ArrayList<>();
        out.add(Layers.dense(3).withKernelInitializer(k).withActivation(Activations.tanh()).withKernelRegularizer(Regularizers.l2(0.5))
                .withBiasConstraint(Constraints.maxNorm(2, 0)).withName("dense_a").inputShape(4));
        out.add(Layers.dense(2).withKernelInitializer(Initializers.heUniform()).withUseBias(false).withName("dense_b").inputShape(5, 3));
        out.add(Layers.lstm(3).withKernelInitializer(k).withRecurrentActivation(Activations.sigmoid()).withReturnSequences(true)
                .withDropout(0.1).withWeightRules(rules).withName("lstm_a").inputShape(5, 2));
        out.add(Layers.lstm(2).withKernelInitializer(Initializers.lecunUniform()).withRecurrentActivation(Activations.sigmoid()).withUseBias(false)
                .withUnitForgetBias(false).withGoBackwards(true).withName("lstm_b").inputShape(4, 3));
        out.add(Layers.gru(3).withKernelInitializer(k).withRecurrentActivation(Activations.sigmoid()).withResetAfter(false)
                .withRecurrentDropout(0.2).withName("gru_a").inputShape(5, 2));
        out.add(Layers.gru(2).withKernelInitializer(k).withRecurrentActivation(Activations.sigmoid()).withResetAfter(true)
                .withReturnSequences(true).withName("gru_b").inputShape(4, 2));
        out.add(Layers.simpleRnn(3).withKernelInitializer(k).withWeightRules(rules).withStateful(false).withName("rnn_a").inputShape(5, 2));
        out.add(Layers.dropout(0.25).withName("dropout_a").inputShape(4));
        out.add(Layers.activation(Activations.relu()).withName("activation_a").inputShape(4));
        out.add(new BidirectionalConfig(Layers.lstm(2).withKernelInitializer(k)
                .withRecurrentActivation(Activations.sigmoid()).withReturnSequences(true).withName("lstm_c"), BidirectionalMergeMode.SUM, "bidirectional_a",
                Shape.of(5, 3), d.bidirectionalZeroesMaskedSteps()));
        out.add(new BidirectionalConfig(Layers.gru(2).withKernelInitializer(k)
                .withRecurrentActivation(Activations.sigmoid()).withResetAfter(false).withName("gru_c"), BidirectionalMergeMode.NONE, "bidirectional_b",
                Shape.of(5, 3), d.bidirectionalZeroesMaskedSteps()));
        out.add(Layers.timeDistributed(Layers.dense(2).withKernelInitializer(k).withName("dense_c")).withName("time_distributed_a")
                .inputShape(5, 3));
        out.add(Layers.embedding(10, 3).withMaskZero(true).withName("embedding_a").inputShape(6));
        out.add(Layers.masking(0.5).withName("masking_a").inputShape(5, 3));
        out.add(Layers.repeatVector(3).withName("repeat_vector_a").inputShape(4));
        out.add(Layers.flatten().withName("flatten_a").inputShape(5, 3));
        out.add(Layers.reshape(3, -1).withName("reshape_a").inputShape(6));
        out.add(Layers.conv1d(4, 3).withKernelInitializer(k).withStrides(2).withPadding(Padding.SAME).withDilationRate(1)
                .withName("conv1d_a").inputShape(9, 2));
        out.add(Layers.conv1d(2, 2).withKernelInitializer(Initializers.orthogonal()).withPadding(Padding.CAUSAL).withDilationRate(2).withUseBias(false)
                .withName("conv1d_b").inputShape(8, 3));
        out.add(Layers.conv1dTranspose(3, 3).withKernelInitializer(k).withStrides(2).withPadding(Padding.SAME)
                .withOutputPadding(1).withActivation(Activations.tanh()).withName("conv1d_transpose_a").inputShape(5, 2));
        out.add(Layers.conv1dTranspose(2, 2).withKernelInitializer(k).withDilationRate(2).withUseBias(false)
                .withDataFormat(dev.engram.layers.DataFormat.CHANNELS_FIRST).withName("conv1d_transpose_b")
                .inputShape(3, 6));
        out.add(Layers.conv2d(4, 3, 2).withKernelInitializer(k).withStrides(2, 1).withPadding(Padding.SAME)
                .withActivation(Activations.relu()).withKernelRegularizer(Regularizers.l2(0.01))
                .withBiasConstraint(Constraints.nonNeg()).withName("conv2d_a").inputShape(7, 6, 2));
        out.add(Layers.conv2d(2, 2).withKernelInitializer(Initializers.heUniform()).withDilationRate(2, 1).withUseBias(false)
                .withDataFormat(dev.engram.layers.DataFormat.CHANNELS_FIRST).withName("conv2d_b").inputShape(3, 6, 5));
        // grouped: Keras only (TF.js has no groups; roundTrip expects the TF.js refusal)
        out.add(Layers.conv2d(4, 3, 2).withKernelInitializer(k).withGroups(2).withPadding(Padding.SAME)
                .withName("conv2d_grouped").inputShape(7, 6, 4));
        out.add(Layers.conv1d(6, 2).withKernelInitializer(k).withGroups(3).withPadding(Padding.CAUSAL)
                .withName("conv1d_grouped").inputShape(8, 3));
        out.add(Layers.conv1d(4, 3).withKernelInitializer(k).withStrides(2).withPadding(Padding.SAME)
                .withDataFormat(dev.engram.layers.DataFormat.CHANNELS_FIRST).withName("conv1d_channels_first")
                .inputShape(2, 9));
        out.add(Layers.conv1d(4, 2).withKernelInitializer(k).withGroups(2).withPadding(Padding.CAUSAL)
                .withDataFormat(dev.engram.layers.DataFormat.CHANNELS_FIRST).withName("conv1d_grouped_channels_first")
                .inputShape(4, 8));
        out.add(Layers.conv2dTranspose(3, 3, 2).withKernelInitializer(k).withStrides(2, 1).withPadding(Padding.SAME)
                .withActivation(Activations.tanh()).withKernelRegularizer(Regularizers.l1(0.01))
                .withName("conv2d_transpose_a").inputShape(4, 5, 2));
        out.add(Layers.conv2dTranspose(2, 2).withKernelInitializer(k).withStrides(2).withUseBias(false)
                .withOutputPadding(new dev.engram.layers.Conv2DTransposeConfig.OutputPadding(1, 0))
                .withDataFormat(dev.engram.layers.DataFormat.CHANNELS_FIRST).withName("conv2d_transpose_b")
                .inputShape(3, 4, 4));
        out.add(Layers.depthwiseConv2d(3, 2).withKernelInitializer(k).withDepthMultiplier(2).withStrides(2, 1)
                .withPadding(Padding.SAME).withActivation(Activations.relu()).withKernelRegularizer(Regularizers.l2(0.02))
                .withName("depthwise_a").inputShape(6, 5, 3));
        out.add(Layers.depthwiseConv2d(2).withKernelInitializer(k).withDilationRate(2).withUseBias(false)
                .withDataFormat(dev.engram.layers.DataFormat.CHANNELS_FIRST).withName("depthwise_b").inputShape(2, 6, 6));
        out.add(Layers.depthwiseConv1d(3).withKernelInitializer(k).withDepthMultiplier(2).withStrides(2)
                .withPadding(Padding.SAME).withActivation(Activations.relu()).withKernelRegularizer(Regularizers.l2(0.02))
                .withName("depthwise_1d_a").inputShape(9, 3));
        out.add(Layers.depthwiseConv1d(2).withKernelInitializer(k).withDilationRate(2).withUseBias(false)
                .withDataFormat(dev.engram.layers.DataFormat.CHANNELS_FIRST).withName("depthwise_1d_b").inputShape(2, 7));
        out.add(Layers.separableConv1d(4, 3).withKernelInitializers(k, Initializers.heUniform()).withDepthMultiplier(2)
                .withStrides(2).withPadding(Padding.SAME).withActivation(Activations.relu())
                .withKernelRegularizers(Regularizers.l2(0.01), null).withName("separable_1d_a").inputShape(9, 3));
        out.add(Layers.separableConv1d(2, 2).withKernelInitializers(k, k).withDilationRate(2).withUseBias(false)
                .withDataFormat(dev.engram.layers.DataFormat.CHANNELS_FIRST).withName("separable_1d_b").inputShape(3, 7));
        out.add(Layers.separableConv2d(4, 3).withKernelInitializers(k, Initializers.heUniform()).withDepthMultiplier(2)
                .withStrides(2, 1).withPadding(Padding.SAME).withActivation(Activations.relu())
                .withKernelRegularizers(Regularizers.l2(0.01), null).withName("separable_a").inputShape(7, 6, 3));
        out.add(Layers.separableConv2d(2, 2).withKernelInitializers(k, k).withDilationRate(2, 1).withUseBias(false)
                .withDataFormat(dev.engram.layers.DataFormat.CHANNELS_FIRST).withName("separable_b").inputShape(2, 6, 6));
        for (PoolingMode mode : PoolingMode.values()) {
            out.add(new GlobalPooling1DConfig(mode, "pooling_" + mode.name().toLowerCase(Locale.ROOT), Shape.of(5, 3),
                    d.poolingUsesMask(mode)));
            // channels-first and keepdims: Keras only (TF.js 4.22 has neither; roundTrip expects the TF.js refusal)
            out.add(new GlobalPooling1DConfig(mode, "pooling_first_" + mode.name().toLowerCase(Locale.ROOT),
                    Shape.of(3, 5), d.poolingUsesMask(mode), dev.engram.layers.DataFormat.CHANNELS_FIRST, true));
        }
        out.add(Layers.layerNormalization().withEpsilon(1e-5).withCenter(false).withName("layer_norm_a")
                .inputShape(5, 3));
        out.add(Layers.batchNormalization().withMomentum(0.9).withScale(false).withName("batch_norm_a")
                .inputShape(4));
        // other axes: channels-first batch statistics, a layer norm over two axes, Keras 3's RMS scaling
        out.add(Layers.batchNormalization().withAxis(1).withName("batch_norm_first").inputShape(3, 5));
        out.add(Layers.layerNormalization().withAxes(List.of(1, 2)).withName("layer_norm_two_axes").inputShape(5, 3));
        out.add(Layers.layerNormalization().withRmsScaling(true).withName("layer_norm_rms").inputShape(5, 3));
        out.add(new BatchNormalizationConfig(0.95, 1e-4, true, true, Layers.batchNormalization().betaInitializer(),
                Layers.batchNormalization().gammaInitializer(), Layers.batchNormalization().movingMeanInitializer(),
                Layers.batchNormalization().movingVarianceInitializer(), "batch_norm_b", Shape.of(5, 3)));
        // merges read with their dialect's mask rule (Keras 3 ORs masks, the others AND them)
        MergeMaskRule mergeRule = d.isKeras3() ? MergeMaskRule.KERAS3 : MergeMaskRule.ALL;
        out.add(Layers.concatenate(1).withName("concatenate_a").withMaskRule(mergeRule));
        out.add(Layers.add().withName("add_a").withMaskRule(mergeRule));
        out.add(Layers.multiply().withName("multiply_a").withMaskRule(mergeRule));
        out.add(Layers.average().withName("average_a").withMaskRule(mergeRule));
        out.add(Layers.subtract().withName("subtract_a").withMaskRule(mergeRule));
        out.add(Layers.maximum().withName("maximum_a").withMaskRule(mergeRule));
        out.add(Layers.minimum().withName("minimum_a").withMaskRule(mergeRule));
        out.add(Layers.dot(-1).withNormFloor(DotCodec.floor(d)).withName("dot_a"));
        out.add(Layers.dot(1, 2).withNormalize(true).withNormFloor(DotCodec.floor(d)).withName("dot_b"));
        // another dialect's floor: refused in this one
        out.add(Layers.dot(2).withNormalize(true).withNormFloor(DotCodec.floor(d == KerasDialect.TFJS
                ? KerasDialect.KERAS_3 : KerasDialect.TFJS)).withName("dot_c"));
        addSequenceLayers(out, d);
        addSpatialLayers(out);
        addKeras3OnlyLayers(out, d);
        return out;
    }

    /** Keras 3 / tf-keras layers outside TF.js: EinsumDense, RMSNormalization, the augmentation layers. */
    private static void addKeras3OnlyLayers(List<LayerConfig<?>> out, KerasDialect d) {
        Initializer k = d == KerasDialect.TFJS ? Initializers.glorotNormalTfjs() : Initializers.glorotNormal();
        out.add(Layers.einsumDense("abc,cde->abde", Shape.UNKNOWN, 2, 3).withBiasAxes("de")
                .withInitializers(k, Initializers.zeros()).withActivation(Activations.relu())
                .withRegularizers(Regularizers.l2(0.25), null).withName("einsum_dense_a").inputShape(4, 5));
        out.add(Layers.einsumDense("...b,bc->...c", 4).withInitializers(k, Initializers.zeros())
                .withName("einsum_dense_b").inputShape(3, 5));
        out.add(Layers.imageAugmentation(dev.engram.layers.AugmentationKind.ROTATION).withOptions(java.util.Map.of(
                "factor", List.of(-0.2, 0.3), "fill_mode", "nearest", "interpolation", "bilinear", "seed", 7L,
                "fill_value", 0.5)).withName("random_rotation_a").inputShape(6, 5, 3));
        // Keras 3 keys (data_format): refused by tf-keras; tf-keras's RandomHeight: refused by Keras 3
        out.add(Layers.imageAugmentation(dev.engram.layers.AugmentationKind.FLIP).withOptions(java.util.Map.of(
                "mode", "horizontal", "seed", 3L, "data_format", "channels_last")).withName("random_flip_a")
                .inputShape(6, 5, 3));
        out.add(Layers.imageAugmentation(dev.engram.layers.AugmentationKind.HEIGHT).withOptions(java.util.Map.of(
                "factor", 0.2, "interpolation", "bilinear")).withName("random_height_a").inputShape(6, 5, 3));
        out.add(Layers.rmsNormalization().withAxes(-2, -1).withEpsilon(1e-5).withName("rms_normalization_a")
                .inputShape(4, 3));
        out.add(Layers.randomCrop(4, 3).withSeed(11L).withName("random_crop_a").inputShape(6, 5, 3));
        out.add(Layers.randomCrop(4, 3).withInference(dev.engram.layers.RandomCropInference.UNCHANGED)
                .withDataFormat(dev.engram.layers.DataFormat.CHANNELS_FIRST).withName("random_crop_b").inputShape(3, 6, 5));
    }

    /** The issue-18 image and volume layers: both data formats, 2-D and 3-D, keepdims, every padding form. */
    private static void addSpatialLayers(List<LayerConfig<?>> out) {
        var first = dev.engram.layers.DataFormat.CHANNELS_FIRST;
        out.add(Layers.maxPooling2d(3, 2).withStrides(2, 1).withPadding(Padding.SAME).withName("max_pooling2d_a")
                .inputShape(7, 6, 2));
        out.add(Layers.averagePooling2d(2, 2).withDataFormat(first).withName("average_pooling2d_a").inputShape(3, 6, 4));
        out.add(Layers.maxPooling3d(2, 2, 1).withName("max_pooling3d_a").inputShape(4, 4, 3, 2));
        out.add(Layers.averagePooling3d(1, 2, 2).withStrides(1, 1, 2).withPadding(Padding.SAME).withDataFormat(first)
                .withName("average_pooling3d_a").inputShape(2, 3, 4, 5));
        out.add(Layers.globalAveragePooling2d().withName("global_average_pooling2d_a").inputShape(4, 3, 2));
        out.add(Layers.globalMaxPooling2d().withDataFormat(first).withName("global_max_pooling2d_a").inputShape(2, 4, 3));
        out.add(Layers.globalAveragePooling2d().withKeepDims(true).withName("global_average_pooling2d_b")
                .inputShape(4, 3, 2));
        out.add(dev.engram.layers.GlobalSpatialPoolingConfig.of(PoolingMode.MAX, 3).withName("global_max_pooling3d_a")
                .inputShape(2, 3, 4, 2));
        out.add(Layers.zeroPadding2d(1, 2, 0, 3).withName("zero_padding2d_a").inputShape(3, 4, 2));
        out.add(Layers.zeroPadding2d(1, 1, 1, 1).withDataFormat(first).withName("zero_padding2d_b").inputShape(2, 3, 4));
        out.add(Layers.cropping2d(1, 0, 2, 1).withName("cropping2d_a").inputShape(4, 5, 2));
        out.add(Layers.upSampling2d(2, 3).withName("up_sampling2d_a").inputShape(3, 2, 2));
        out.add(Layers.upSampling2d(2, 2).withDataFormat(first).withName("up_sampling2d_b").inputShape(2, 3, 2));
        out.add(Layers.spatialDropout2d(0.2).withSeed(4).withName("spatial_dropout2d_a").inputShape(4, 3, 2));
        out.add(Layers.spatialDropout2d(0.3).withDataFormat(first).withName("spatial_dropout2d_b").inputShape(2, 4, 3));
        out.add(Layers.flatten().withDataFormat(first).withName("flatten_b").inputShape(3, 4, 2));
    }

    /** The issue-18 layers, with each dialect's mask behaviour and norm floor. */
    private static void addSequenceLayers(List<LayerConfig<?>> out, KerasDialect d) {
        boolean keras = d != KerasDialect.TFJS;
        out.add(Layers.permute(2, 1).withName("permute_a").inputShape(3, 4));
        out.add(Layers.maxPooling1d(3).withStrides(2).withPadding(Padding.SAME).withName("max_pooling_a").inputShape(9, 2));
        out.add(Layers.averagePooling1d(2).withDataFormat(dev.engram.layers.DataFormat.CHANNELS_FIRST)
                .withName("average_pooling_a").inputShape(4, 6));
        out.add(Layers.cropping1d(1, 2).withName("cropping_a").inputShape(6, 2));
        out.add(Layers.upSampling1d(3).withName("up_sampling_a").inputShape(4, 2));
        out.add(Layers.zeroPadding1d(2, 1).withName("zero_padding_a").inputShape(3, 2));
        out.add(Layers.zeroPadding1d(1, 0).withDataFormat(dev.engram.layers.DataFormat.CHANNELS_FIRST)
                .withName("zero_padding_b").inputShape(3, 2));
        out.add(Layers.identity().withName("identity_a").inputShape(3));
        out.add(Layers.relu().withMaxValue(1.5).withName("relu_a").inputShape(4));
        out.add(Layers.relu().withNegativeSlope(0.1).withThreshold(0.2).withName("relu_b").inputShape(4));
        out.add(Layers.leakyRelu().withAlpha(0.2).withPassesMask(keras).withName("leaky_relu_a").inputShape(4));
        out.add(Layers.elu().withPassesMask(keras).withName("elu_a").inputShape(4));
        out.add(Layers.elu().withAlpha(0.7).withPassesMask(keras).withName("elu_b").inputShape(4));
        out.add(Layers.thresholdedRelu().withTheta(0.3).withPassesMask(keras).withName("thresholded_relu_a").inputShape(4));
        out.add(Layers.prelu().withSharedAxes(1).withAlphaInitializer(Initializers.constant(0.25)).withName("prelu_a")
                .inputShape(5, 3));
        out.add(Layers.softmax(-1).withPassesMask(keras).withName("softmax_a").inputShape(5, 3));
        out.add(Layers.attention().withUseScale(true).withScoreMode(dev.engram.layers.AttentionScoreMode.CONCAT)
                .withDropout(0.1).withName("attention_a"));
        out.add(Layers.additiveAttention().withDropout(0.2).withName("additive_attention_a"));
        out.add(Layers.groupNormalization(2).withEpsilon(1e-2).withCenter(false).withName("group_norm_a")
                .inputShape(5, 4));
        out.add(Layers.groupNormalization(-1).withAxis(1).withScale(false).withName("group_norm_b").inputShape(3, 4));
        boolean zeroes = MultiHeadAttentionCodec.zeroesMaskedWeights(d);
        out.add(Layers.multiHeadAttention(2, 3).withValueDim(2).withOutputDim(5).withUseBias(false)
                .withZeroMaskedWeights(zeroes).withName("multi_head_attention_a"));
        var seeded = Layers.multiHeadAttention(1, 4).withDropout(0.1).withZeroMaskedWeights(zeroes)
                .withName("multi_head_attention_b");
        out.add(d.isKeras3() ? seeded.withSeed(3) : seeded); // tf-keras's MultiHeadAttention has no seed
        out.add(Layers.multiHeadAttention(2, 3).withAttentionAxes(List.of(1, 2)).withZeroMaskedWeights(zeroes)
                .withName("multi_head_attention_axes"));
        // Keras's attention_axes as saved: one axis, reverse order, negative (counted on the projected query)
        out.add(Layers.multiHeadAttention(2, 3).withAttentionAxes(List.of(1)).withZeroMaskedWeights(zeroes)
                .withName("multi_head_attention_axis1"));
        out.add(Layers.multiHeadAttention(2, 3).withAttentionAxes(List.of(2, 1)).withZeroMaskedWeights(zeroes)
                .withName("multi_head_attention_axes_reversed"));
        out.add(Layers.multiHeadAttention(2, 3).withAttentionAxes(List.of(-3)).withZeroMaskedWeights(zeroes)
                .withName("multi_head_attention_axis_negative"));
        // dropout with the other generation's masked weights: refused
        out.add(Layers.multiHeadAttention(1, 4).withDropout(0.1).withZeroMaskedWeights(!zeroes)
                .withName("multi_head_attention_c"));
        out.add(Layers.spatialDropout1d(0.2).withSeed(5).withName("spatial_dropout_a").inputShape(5, 3));
        out.add(Layers.gaussianNoise(0.3).withName("gaussian_noise_a").inputShape(4));
        out.add(Layers.gaussianDropout(0.2).withName("gaussian_dropout_a").inputShape(4));
        out.add(Layers.alphaDropout(0.1).withName("alpha_dropout_a").inputShape(4));
        Initializer k = d == KerasDialect.TFJS ? Initializers.glorotNormalTfjs() : Initializers.glorotNormal();
        dev.engram.layers.RnnStateOrder order = d == KerasDialect.TFJS ? dev.engram.layers.RnnStateOrder.LAST_CELL_FIRST
                : dev.engram.layers.RnnStateOrder.FIRST_CELL_FIRST;
        out.add(Layers.rnn(List.of(Layers.lstmCell(3).withKernelInitializer(k).withRecurrentActivation(Activations.sigmoid())
                        .withUnitForgetBias(true).withName("lstm_cell_a"),
                Layers.gruCell(2).withKernelInitializer(k).withRecurrentActivation(Activations.sigmoid())
                        .withResetAfter(keras).withDropout(0.1).withName("gru_cell_a"),
                Layers.simpleRnnCell(2).withKernelInitializer(k).withUseBias(false).withName("simple_rnn_cell_a")))
                .withReturnSequences(true).withGoBackwards(true).withStateOrder(order).withName("rnn_a").inputShape(5, 2));
        out.add(Layers.rnn(Layers.gruCell(3).withKernelInitializer(k).withRecurrentActivation(Activations.sigmoid())
                .withResetAfter(false).withName("gru_cell_b")).withUnroll(true).withStateOrder(order).withName("rnn_b")
                .inputShape(4, 2));
        // Bidirectional around an RNN: Keras only (TF.js 4.22 cannot build it; roundTrip expects the refusal)
        out.add(new BidirectionalConfig(Layers.rnn(List.of(Layers.lstmCell(3).withKernelInitializer(k)
                        .withRecurrentActivation(Activations.sigmoid()), Layers.gruCell(2).withKernelInitializer(k)
                        .withRecurrentActivation(Activations.sigmoid()).withResetAfter(keras)))
                .withReturnSequences(true).withStateOrder(order).withName("rnn_c"), BidirectionalMergeMode.AVE,
                "bidirectional_rnn_a", Shape.of(5, 2), d.bidirectionalZeroesMaskedSteps()));
        out.add(new BidirectionalConfig(Layers.rnn(Layers.simpleRnnCell(2).withKernelInitializer(k)).withStateOrder(order)
                .withName("rnn_d"),
                BidirectionalMergeMode.CONCAT, "bidirectional_rnn_b", Shape.of(4, 3), d.bidirectionalZeroesMaskedSteps()));
        out.add(Layers.convLstm2d(3, 3, 2).withStrides(2, 1).withPadding(Padding.SAME).withKernelInitializer(k)
                .withRecurrentActivation(Activations.sigmoid()).withUnitForgetBias(keras).withReturnSequences(true)
                .withWeightRules(WeightRules.NONE.withRecurrentRegularizer(Regularizers.l2(0.01)))
                .withName("conv_lstm2d_a").inputShape(4, 6, 5, 2));
        out.add(Layers.convLstm2d(2, 2, 2).withDilationRate(2, 1).withDataFormat(dev.engram.layers.DataFormat.CHANNELS_FIRST)
                .withKernelInitializer(k).withRecurrentActivation(Activations.sigmoid()).withUseBias(false)
                .withGoBackwards(true).withDropout(0.2).withRecurrentDropout(0.1)
                .withName("conv_lstm2d_b").inputShape(3, 2, 5, 4));
        out.add(Layers.conv3d(3, 2, 3, 2).withKernelInitializer(k).withStrides(2, 1, 1).withPadding(Padding.SAME)
                .withActivation(Activations.relu()).withKernelRegularizer(Regularizers.l2(0.01))
                .withBiasConstraint(Constraints.nonNeg()).withName("conv3d_a").inputShape(5, 6, 4, 2));
        out.add(Layers.conv3d(2, 2).withKernelInitializer(Initializers.heUniform()).withDilationRate(1, 2, 1)
                .withUseBias(false).withDataFormat(dev.engram.layers.DataFormat.CHANNELS_FIRST).withName("conv3d_b")
                .inputShape(3, 4, 6, 5));
        // grouped: Keras only (TF.js has no groups; roundTrip expects the TF.js refusal)
        out.add(Layers.conv3d(4, 2, 1, 2).withKernelInitializer(k).withGroups(2).withPadding(Padding.SAME)
                .withName("conv3d_g").inputShape(3, 4, 5, 6));
        out.add(Layers.unitNormalization().withAxes(1, 2).withNormFloor(d.isKeras3()
                ? dev.engram.layers.UnitNormalizationConfig.KERAS3_NORM_FLOOR
                : dev.engram.layers.UnitNormalizationConfig.TF_KERAS_NORM_FLOOR).withName("unit_normalization_a")
                .inputShape(4, 3));
        addPreprocessingLayers(out, d);
        // Each Keras dialect writes only its own scaling of ActivityRegularization; TF.js has no such layer.
        out.add(Layers.activityRegularization(dev.engram.regularizers.ActivityRegularizer.batchMean(
                Regularizers.l1l2(0.01, 0.02))).withName("activity_regularization_a").inputShape(4));
        out.add(Layers.activityRegularization(dev.engram.regularizers.ActivityRegularizer.of(Regularizers.l2(0.03)))
                .withName("activity_regularization_b").inputShape(3, 2));
    }

    /** The preprocessing layers, with each dialect's resize sampling and CenterCrop rule. */
    private static void addPreprocessingLayers(List<LayerConfig<?>> out, KerasDialect d) {
        boolean tfjs = d == KerasDialect.TFJS;
        out.add(Layers.rescaling(1 / 255.0).withOffset(-1).withName("rescaling_a").inputShape(4, 4, 3));
        out.add(Layers.resizing(3, 5).withInterpolation(dev.engram.layers.Interpolation.NEAREST)
                .withSampling(tfjs ? ResizeSampling.ASYMMETRIC : ResizeSampling.HALF_PIXEL).withName("resizing_a")
                .inputShape(6, 4, 2));
        out.add(Layers.resizing(2, 2).withSampling(tfjs ? ResizeSampling.ALIGN_CORNERS : ResizeSampling.HALF_PIXEL)
                .withCropToAspectRatio(!tfjs).withName("resizing_b").inputShape(5, 3, 1));
        out.add(Layers.centerCrop(2, 3).withMode(tfjs ? CenterCropMode.STRETCH : CenterCropMode.PRESERVE_ASPECT)
                .withName("center_crop_a").inputShape(5, 4, 2));
        out.add(Layers.categoryEncoding(6).withOutputMode(CategoryOutputMode.COUNT).withName("category_encoding_a")
                .inputShape(4));
        out.add(Layers.categoryEncoding(3).withOutputMode(CategoryOutputMode.ONE_HOT).withName("category_encoding_b")
                .inputShape(1));
        out.add(Layers.normalization().withName("normalization_a").inputShape(4, 3));
        out.add(Layers.normalization().withAxes(1, 2).withMeanAndVariance(new float[] {1, 2, 3, 4, 5, 6},
                new float[] {0.5f, 1, 2, 3, 4, 5}).withInvert(true).withName("normalization_b").inputShape(2, 3));
        out.add(Layers.normalization().withAxes().withMeanAndVariance(new float[] {2}, new float[] {3})
                .withName("normalization_c").inputShape(5));
    }

    static List<LayerConfig<?>> of(KerasLayerCodec<?> codec, KerasDialect d) {
        return samples(d).stream().filter(s -> s.getClass() == codec.configType()).toList();
    }
}
