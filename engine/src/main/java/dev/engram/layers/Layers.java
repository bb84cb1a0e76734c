package dev.engram.layers;

/**
 * Entry point for layer configurations, named like TF.js's {@code tf.layers}:
 * {@code Layers.lstm(16).inputShape(1, 1)}, {@code Layers.dense(1)}.
 */
public final class Layers {
    private Layers() {
    }

    /**
     * A fully connected layer with {@code units} outputs and TF.js defaults.
     *
     * @param units output size, {@code > 0}
     * @return the layer configuration
     */
    public static DenseConfig dense(int units) {
        return DenseConfig.of(units);
    }

    /**
     * An LSTM with {@code units} hidden units and TF.js defaults.
     *
     * @param units size of the hidden state, {@code > 0}
     * @return the layer configuration
     */
    public static LstmConfig lstm(int units) {
        return LstmConfig.of(units);
    }

    /**
     * A GRU with {@code units} hidden units and TF.js defaults (resetAfter false, hard-sigmoid gates).
     *
     * @param units size of the hidden state, {@code > 0}
     * @return the layer configuration
     */
    public static GruConfig gru(int units) {
        return GruConfig.of(units);
    }

    /**
     * A fully-connected recurrent layer (TF.js SimpleRNN) with {@code units} hidden units, tanh.
     *
     * @param units size of the hidden state, {@code > 0}
     * @return the layer configuration
     */
    public static SimpleRnnConfig simpleRnn(int units) {
        return SimpleRnnConfig.of(units);
    }

    /**
     * The generic recurrent layer over one cell (TF.js {@code tf.layers.rnn({cell})}, Keras {@code RNN(cell)}).
     *
     * @param cell the cell, e.g. {@link #lstmCell(int)}
     * @return the layer configuration, TF.js defaults
     */
    public static RnnConfig rnn(RecurrentLayerConfig<?> cell) {
        return RnnConfig.of(cell);
    }

    /**
     * The generic recurrent layer over stacked cells (TF.js {@code tf.layers.rnn({cell: [...]})} and
     * {@code stackedRNNCells}, Keras {@code RNN([...])} and {@code StackedRNNCells}).
     *
     * @param cells the cells, first to last, at least one
     * @return the layer configuration, TF.js defaults (states listed last cell first)
     */
    public static RnnConfig rnn(java.util.List<? extends RecurrentLayerConfig<?>> cells) {
        return RnnConfig.stacked(cells);
    }

    /**
     * An LSTM cell for {@link #rnn}: the per-step math of {@link #lstm(int)} with the same TF.js
     * defaults; its sequence options stay unset (they are the RNN's).
     *
     * @param units size of the hidden state, {@code > 0}
     * @return the cell configuration
     */
    public static LstmConfig lstmCell(int units) {
        return LstmConfig.of(units);
    }

    /**
     * A GRU cell for {@link #rnn}: the per-step math of {@link #gru(int)} with the same TF.js defaults.
     *
     * @param units size of the hidden state, {@code > 0}
     * @return the cell configuration
     */
    public static GruConfig gruCell(int units) {
        return GruConfig.of(units);
    }

    /**
     * A SimpleRNN cell for {@link #rnn}: the per-step math of {@link #simpleRnn(int)}.
     *
     * @param units size of the hidden state, {@code > 0}
     * @return the cell configuration
     */
    public static SimpleRnnConfig simpleRnnCell(int units) {
        return SimpleRnnConfig.of(units);
    }

    /**
     * A convolutional LSTM (TF.js {@code tf.layers.convLstm2d}, Keras {@code ConvLSTM2D}) with TF.js defaults.
     *
     * @param filters      output and state channels, {@code > 0}
     * @param kernelHeight tap rows
     * @param kernelWidth  tap columns
     * @return the layer configuration
     */
    public static ConvLstm2DConfig convLstm2d(int filters, int kernelHeight, int kernelWidth) {
        return ConvLstm2DConfig.of(filters, kernelHeight, kernelWidth);
    }

    /**
     * Dropout with the given rate.
     *
     * @param rate fraction of inputs dropped during training, in {@code [0, 1)}
     * @return the layer configuration
     */
    public static DropoutConfig dropout(double rate) {
        return DropoutConfig.of(rate);
    }

    /**
     * Joins its inputs along the last axis.
     *
     * @return the layer configuration
     */
    public static MergeConfig concatenate() {
        return new MergeConfig(MergeMode.CONCATENATE, -1, null);
    }

    /**
     * Joins its inputs along {@code axis} (negative counts from the end; 0 is the batch and not allowed).
     *
     * @param axis the axis to join along (negative counts from the end)
     * @return the layer configuration
     */
    public static MergeConfig concatenate(int axis) {
        return new MergeConfig(MergeMode.CONCATENATE, axis, null);
    }

    /**
     * Element-wise sum of inputs of equal shape.
     *
     * @return the layer configuration
     */
    public static MergeConfig add() {
        return new MergeConfig(MergeMode.ADD, -1, null);
    }

    /**
     * Element-wise product of inputs of equal shape.
     *
     * @return the layer configuration
     */
    public static MergeConfig multiply() {
        return new MergeConfig(MergeMode.MULTIPLY, -1, null);
    }

    /**
     * Element-wise mean of inputs of equal shape.
     *
     * @return the layer configuration
     */
    public static MergeConfig average() {
        return new MergeConfig(MergeMode.AVERAGE, -1, null);
    }

    /**
     * Element-wise difference {@code a - b} of exactly two inputs of equal shape (Keras/TF.js {@code Subtract}).
     *
     * @return the layer configuration
     */
    public static MergeConfig subtract() {
        return new MergeConfig(MergeMode.SUBTRACT, -1, null);
    }

    /**
     * Element-wise maximum of inputs of equal shape (Keras/TF.js {@code Maximum}).
     *
     * @return the layer configuration
     */
    public static MergeConfig maximum() {
        return new MergeConfig(MergeMode.MAXIMUM, -1, null);
    }

    /**
     * Element-wise minimum of inputs of equal shape (Keras/TF.js {@code Minimum}).
     *
     * @return the layer configuration
     */
    public static MergeConfig minimum() {
        return new MergeConfig(MergeMode.MINIMUM, -1, null);
    }

    /**
     * Dot products of two inputs' samples along one axis of each (Keras/TF.js {@code Dot}); {@code axes} of
     * the inputs with the batch as axis 0, negative counting from the end.
     *
     * @param axes one axis for both inputs, or the axis of the first and of the second input
     * @return the layer configuration (normalize false)
     */
    public static DotConfig dot(int... axes) {
        return DotConfig.of(axes);
    }

    /**
     * Multi-head attention over {@code [query, value]} or {@code [query, value, key]} with Keras defaults
     * (value size = keyDim, biases, output size = the query's features, no dropout).
     *
     * @param numHeads number of heads, &gt; 0
     * @param keyDim   size of each head's query and key projection, &gt; 0
     * @return the layer configuration
     */
    public static MultiHeadAttentionConfig multiHeadAttention(int numHeads, int keyDim) {
        return MultiHeadAttentionConfig.of(numHeads, keyDim);
    }

    /**
     * Group normalization over the last axis with Keras defaults (epsilon 1e-3, center, scale).
     *
     * @param groups number of channel groups (dividing the channels), or -1 for one group per channel
     * @return the layer configuration
     */
    public static GroupNormalizationConfig groupNormalization(int groups) {
        return GroupNormalizationConfig.of(groups);
    }

    /**
     * Runs a recurrent layer (LSTM, GRU, SimpleRNN) in both directions and concatenates the outputs.
     *
     * @param recurrent the recurrent layer run forwards (a copy runs backwards)
     * @return the layer configuration
     */
    public static BidirectionalConfig bidirectional(LayerConfig<?> recurrent) {
        return BidirectionalConfig.of(recurrent);
    }

    /**
     * Runs a recurrent layer in both directions and merges the outputs with {@code mergeMode}.
     *
     * @param recurrent the recurrent layer run forwards (a copy runs backwards)
     * @param mergeMode how the two directions are combined
     * @return the layer configuration
     */
    public static BidirectionalConfig bidirectional(LayerConfig<?> recurrent, BidirectionalMergeMode mergeMode) {
        return BidirectionalConfig.of(recurrent).withMergeMode(mergeMode);
    }

    /**
     * Applies {@code layer} to every time step of a {@code [batch, timesteps, ...]} input.
     *
     * @param layer the layer applied to every time step
     * @return the layer configuration
     */
    public static TimeDistributedConfig timeDistributed(LayerConfig<?> layer) {
        return TimeDistributedConfig.of(layer);
    }

    /**
     * Repeats a {@code [batch, features]} input {@code n} times into {@code [batch, n, features]}.
     *
     * @param n number of repetitions, {@code > 0}
     * @return the layer configuration
     */
    public static RepeatVectorConfig repeatVector(int n) {
        return RepeatVectorConfig.of(n);
    }

    /**
     * Flattens each sample to one axis.
     *
     * @return the layer configuration
     */
    public static FlattenConfig flatten() {
        return new FlattenConfig(null, null);
    }

    /**
     * Reshapes each sample to {@code targetShape} (one dimension may be -1).
     *
     * @param targetShape the shape without the batch dimension; at most one {@code -1}
     * @return the layer configuration
     */
    public static ReshapeConfig reshape(int... targetShape) {
        return ReshapeConfig.of(targetShape);
    }

    /**
     * Applies an activation function as a layer.
     *
     * @param activation the function applied elementwise (softmax: on the last axis)
     * @return the layer configuration
     */
    public static ActivationLayerConfig activation(dev.engram.activations.Activation activation) {
        return ActivationLayerConfig.of(activation);
    }

    /**
     * Masks the time steps whose features all equal {@code maskValue}.
     *
     * @param maskValue time steps whose features all equal it are masked
     * @return the layer configuration
     */
    public static MaskingConfig masking(double maskValue) {
        return MaskingConfig.of(maskValue);
    }

    /**
     * A lookup table of {@code inputDim} learned vectors of size {@code outputDim}, TF.js defaults.
     *
     * @param inputDim  vocabulary size: indices in {@code [0, inputDim)}
     * @param outputDim size of each embedding vector
     * @return the layer configuration
     */
    public static EmbeddingConfig embedding(int inputDim, int outputDim) {
        return EmbeddingConfig.of(inputDim, outputDim);
    }

    /**
     * A 1-D convolution with {@code filters} output channels and {@code kernelSize} taps, TF.js
     * defaults (valid padding, stride 1, dilation 1, linear, bias); set the rest with {@code withX}.
     *
     * @param filters    number of output channels, {@code > 0}
     * @param kernelSize width of the window, {@code > 0}
     * @return the layer configuration
     */
    public static Conv1DConfig conv1d(int filters, int kernelSize) {
        return Conv1DConfig.of(filters, kernelSize);
    }

    /**
     * A transposed 1-D convolution (Keras {@code Conv1DTranspose}) with {@code filters} output channels
     * and {@code kernelSize} taps: valid padding, stride 1, no output padding, channels-last, linear,
     * bias. Input {@code [batch, steps, channels]}.
     *
     * @param filters    number of output channels, {@code > 0}
     * @param kernelSize taps, {@code > 0}
     * @return the layer configuration
     */
    public static Conv1DTransposeConfig conv1dTranspose(int filters, int kernelSize) {
        return Conv1DTransposeConfig.of(filters, kernelSize);
    }

    /**
     * A 2-D convolution with {@code filters} output channels and a square {@code kernelSize} window,
     * TF.js defaults (valid padding, strides 1, dilation 1, channels-last, linear, bias); set the
     * rest with {@code withX}. Input {@code [batch, height, width, channels]}.
     *
     * @param filters    number of output channels, {@code > 0}
     * @param kernelSize rows and columns of the window, {@code > 0}
     * @return the layer configuration
     */
    public static Conv2DConfig conv2d(int filters, int kernelSize) {
        return Conv2DConfig.of(filters, Conv2DWindow.of(kernelSize));
    }

    /**
     * A 2-D convolution with a {@code kernelHeight x kernelWidth} window; see {@link #conv2d(int, int)}.
     *
     * @param filters      number of output channels, {@code > 0}
     * @param kernelHeight rows of the window, {@code > 0}
     * @param kernelWidth  columns of the window, {@code > 0}
     * @return the layer configuration
     */
    public static Conv2DConfig conv2d(int filters, int kernelHeight, int kernelWidth) {
        return Conv2DConfig.of(filters, Conv2DWindow.of(kernelHeight, kernelWidth));
    }

    /**
     * A 3-D convolution with {@code filters} output channels and a cubic {@code kernelSize} window,
     * TF.js defaults (valid padding, strides 1, dilation 1, channels-last, linear, bias); set the
     * rest with {@code withX}. Input {@code [batch, depth, height, width, channels]}.
     *
     * @param filters    number of output channels, {@code > 0}
     * @param kernelSize planes, rows and columns of the window, {@code > 0}
     * @return the layer configuration
     */
    public static Conv3DConfig conv3d(int filters, int kernelSize) {
        return Conv3DConfig.of(filters, Conv3DWindow.of(kernelSize));
    }

    /**
     * A 3-D convolution with a {@code kernelDepth x kernelHeight x kernelWidth} window; see
     * {@link #conv3d(int, int)}.
     *
     * @param filters      number of output channels, {@code > 0}
     * @param kernelDepth  planes of the window, {@code > 0}
     * @param kernelHeight rows of the window, {@code > 0}
     * @param kernelWidth  columns of the window, {@code > 0}
     * @return the layer configuration
     */
    public static Conv3DConfig conv3d(int filters, int kernelDepth, int kernelHeight, int kernelWidth) {
        return Conv3DConfig.of(filters, Conv3DWindow.of(kernelDepth, kernelHeight, kernelWidth));
    }

    /**
     * A transposed 2-D convolution with {@code filters} output channels and a square window, TF.js
     * defaults (valid padding, strides 1, no output padding, channels-last, linear, bias). Input
     * {@code [batch, height, width, channels]}.
     *
     * @param filters    number of output channels, {@code > 0}
     * @param kernelSize rows and columns of the window, {@code > 0}
     * @return the layer configuration
     */
    public static Conv2DTransposeConfig conv2dTranspose(int filters, int kernelSize) {
        return Conv2DTransposeConfig.of(filters, Conv2DWindow.of(kernelSize));
    }

    /**
     * A transposed 2-D convolution with a {@code kernelHeight x kernelWidth} window; see
     * {@link #conv2dTranspose(int, int)}.
     *
     * @param filters      number of output channels, {@code > 0}
     * @param kernelHeight rows of the window, {@code > 0}
     * @param kernelWidth  columns of the window, {@code > 0}
     * @return the layer configuration
     */
    public static Conv2DTransposeConfig conv2dTranspose(int filters, int kernelHeight, int kernelWidth) {
        return Conv2DTransposeConfig.of(filters, Conv2DWindow.of(kernelHeight, kernelWidth));
    }

    /**
     * A depthwise 1-D convolution (Keras {@code DepthwiseConv1D}) with {@code kernelSize} taps: depth multiplier 1,
     * valid padding, stride 1, channels-last, linear, bias. Input {@code [batch, steps, channels]}.
     *
     * @param kernelSize taps, {@code > 0}
     * @return the layer configuration
     */
    public static DepthwiseConv1DConfig depthwiseConv1d(int kernelSize) {
        return DepthwiseConv1DConfig.of(kernelSize);
    }

    /**
     * A depthwise-separable 1-D convolution (Keras {@code SeparableConv1D}) with {@code filters} outputs and a
     * {@code kernelSize}-tap depthwise step: depth multiplier 1, valid padding, stride 1, channels-last, linear, bias.
     * Input {@code [batch, steps, channels]}.
     *
     * @param filters    output channels, {@code > 0}
     * @param kernelSize the depthwise step's taps, {@code > 0}
     * @return the layer configuration
     */
    public static SeparableConv1DConfig separableConv1d(int filters, int kernelSize) {
        return SeparableConv1DConfig.of(filters, kernelSize);
    }

    /**
     * A depthwise 2-D convolution with a square window, TF.js defaults (depth multiplier 1, valid
     * padding, strides 1, channels-last, linear, bias). Input {@code [batch, height, width, channels]}.
     *
     * @param kernelSize rows and columns of the window, {@code > 0}
     * @return the layer configuration
     */
    public static DepthwiseConv2DConfig depthwiseConv2d(int kernelSize) {
        return DepthwiseConv2DConfig.of(Conv2DWindow.of(kernelSize));
    }

    /**
     * A depthwise 2-D convolution with a {@code kernelHeight x kernelWidth} window; see
     * {@link #depthwiseConv2d(int)}.
     *
     * @param kernelHeight rows of the window, {@code > 0}
     * @param kernelWidth  columns of the window, {@code > 0}
     * @return the layer configuration
     */
    public static DepthwiseConv2DConfig depthwiseConv2d(int kernelHeight, int kernelWidth) {
        return DepthwiseConv2DConfig.of(Conv2DWindow.of(kernelHeight, kernelWidth));
    }

    /**
     * A depthwise-separable 2-D convolution with {@code filters} output channels and a square window,
     * TF.js defaults (depth multiplier 1, valid padding, strides 1, channels-last, linear, bias).
     *
     * @param filters    number of output channels, {@code > 0}
     * @param kernelSize rows and columns of the depthwise window, {@code > 0}
     * @return the layer configuration
     */
    public static SeparableConv2DConfig separableConv2d(int filters, int kernelSize) {
        return SeparableConv2DConfig.of(filters, Conv2DWindow.of(kernelSize));
    }

    /**
     * Mean over the time axis, {@code [batch, steps, features] -> [batch, features]}; honours masks.
     *
     * @return the layer configuration
     */
    public static GlobalPooling1DConfig globalAveragePooling1d() {
        return GlobalPooling1DConfig.of(PoolingMode.AVERAGE);
    }

    /**
     * Maximum over the time axis, {@code [batch, steps, features] -> [batch, features]}.
     *
     * @return the layer configuration
     */
    public static GlobalPooling1DConfig globalMaxPooling1d() {
        return GlobalPooling1DConfig.of(PoolingMode.MAX);
    }

    /**
     * Layer normalisation over the last axis with TF.js defaults (epsilon 1e-3, center, scale).
     *
     * @return the layer configuration
     */
    public static LayerNormalizationConfig layerNormalization() {
        return LayerNormalizationConfig.defaults();
    }

    /**
     * Batch normalisation over the last axis with TF.js defaults (momentum 0.99, epsilon 1e-3, center, scale).
     *
     * @return the layer configuration
     */
    public static BatchNormalizationConfig batchNormalization() {
        return BatchNormalizationConfig.defaults();
    }

    /**
     * Reorders the axes of each sample; {@code dims} is 1-based (batch excluded), e.g. {@code permute(2, 1)}.
     *
     * @param dims a permutation of {@code 1..rank}
     * @return the layer configuration
     */
    public static PermuteConfig permute(int... dims) {
        return new PermuteConfig(java.util.Arrays.stream(dims).boxed().toList(), null, null);
    }

    /**
     * Maximum over windows of {@code poolSize} steps (strides = poolSize, valid padding, channels-last).
     *
     * @param poolSize window length, {@code > 0} (TF.js and Keras default 2)
     * @return the layer configuration
     */
    public static Pooling1DConfig maxPooling1d(int poolSize) {
        return Pooling1DConfig.of(PoolingMode.MAX, poolSize);
    }

    /**
     * Mean over windows of {@code poolSize} steps (strides = poolSize, valid padding, channels-last).
     *
     * @param poolSize window length, {@code > 0} (TF.js and Keras default 2)
     * @return the layer configuration
     */
    public static Pooling1DConfig averagePooling1d(int poolSize) {
        return Pooling1DConfig.of(PoolingMode.AVERAGE, poolSize);
    }

    /**
     * Removes {@code left} steps at the start and {@code right} at the end (Keras default 1, 1).
     *
     * @param left  steps removed at the start, {@code >= 0}
     * @param right steps removed at the end, {@code >= 0}
     * @return the layer configuration
     */
    public static Cropping1DConfig cropping1d(int left, int right) {
        return new Cropping1DConfig(left, right, null, null);
    }

    /**
     * Repeats every step {@code size} times (Keras default 2).
     *
     * @param size repetitions, {@code > 0}
     * @return the layer configuration
     */
    public static UpSampling1DConfig upSampling1d(int size) {
        return new UpSampling1DConfig(size, null, null);
    }

    /**
     * Adds {@code left} zero steps at the start and {@code right} at the end (Keras default 1, 1).
     *
     * @param left  zero steps at the start, {@code >= 0}
     * @param right zero steps at the end, {@code >= 0}
     * @return the layer configuration
     */
    public static ZeroPadding1DConfig zeroPadding1d(int left, int right) {
        return new ZeroPadding1DConfig(left, right, DataFormat.CHANNELS_LAST, null, null);
    }

    /**
     * Maximum over windows of {@code rows x cols} cells of an image (strides = pool size, valid
     * padding, channels-last; TF.js and Keras default pool size 2 x 2).
     *
     * @param rows window rows, {@code > 0}
     * @param cols window columns, {@code > 0}
     * @return the layer configuration
     */
    public static SpatialPoolingConfig maxPooling2d(int rows, int cols) {
        return SpatialPoolingConfig.of(PoolingMode.MAX, rows, cols);
    }

    /**
     * Mean over windows of {@code rows x cols} cells of an image (strides = pool size, valid padding,
     * channels-last); same padding divides by the real cells of each window, as TensorFlow does.
     *
     * @param rows window rows, {@code > 0}
     * @param cols window columns, {@code > 0}
     * @return the layer configuration
     */
    public static SpatialPoolingConfig averagePooling2d(int rows, int cols) {
        return SpatialPoolingConfig.of(PoolingMode.AVERAGE, rows, cols);
    }

    /**
     * Maximum over windows of {@code depth x rows x cols} cells of a volume (strides = pool size,
     * valid padding, channels-last).
     *
     * @param depth window depth, {@code > 0}
     * @param rows  window rows, {@code > 0}
     * @param cols  window columns, {@code > 0}
     * @return the layer configuration
     */
    public static SpatialPoolingConfig maxPooling3d(int depth, int rows, int cols) {
        return SpatialPoolingConfig.of(PoolingMode.MAX, depth, rows, cols);
    }

    /**
     * Mean over windows of {@code depth x rows x cols} cells of a volume (strides = pool size, valid
     * padding, channels-last).
     *
     * @param depth window depth, {@code > 0}
     * @param rows  window rows, {@code > 0}
     * @param cols  window columns, {@code > 0}
     * @return the layer configuration
     */
    public static SpatialPoolingConfig averagePooling3d(int depth, int rows, int cols) {
        return SpatialPoolingConfig.of(PoolingMode.AVERAGE, depth, rows, cols);
    }

    /**
     * Mean of every channel over the rows and columns of an image, {@code [batch, rows, cols, channels]
     * -> [batch, channels]} (no keepdims, channels-last).
     *
     * @return the layer configuration
     */
    public static GlobalSpatialPoolingConfig globalAveragePooling2d() {
        return GlobalSpatialPoolingConfig.of(PoolingMode.AVERAGE, 2);
    }

    /**
     * Maximum of every channel over the rows and columns of an image, {@code [batch, rows, cols,
     * channels] -> [batch, channels]} (no keepdims, channels-last).
     *
     * @return the layer configuration
     */
    public static GlobalSpatialPoolingConfig globalMaxPooling2d() {
        return GlobalSpatialPoolingConfig.of(PoolingMode.MAX, 2);
    }

    /**
     * Adds zero rows and columns around an image (channels-last; Keras and TF.js default 1 on every side).
     *
     * @param top    zero rows at the top, {@code >= 0}
     * @param bottom zero rows at the bottom, {@code >= 0}
     * @param left   zero columns on the left, {@code >= 0}
     * @param right  zero columns on the right, {@code >= 0}
     * @return the layer configuration
     */
    public static ZeroPadding2DConfig zeroPadding2d(int top, int bottom, int left, int right) {
        return new ZeroPadding2DConfig(top, bottom, left, right, DataFormat.CHANNELS_LAST, null, null);
    }

    /**
     * Removes rows and columns at the edges of an image (channels-last).
     *
     * @param top    rows removed at the top, {@code >= 0}
     * @param bottom rows removed at the bottom, {@code >= 0}
     * @param left   columns removed on the left, {@code >= 0}
     * @param right  columns removed on the right, {@code >= 0}
     * @return the layer configuration
     */
    public static Cropping2DConfig cropping2d(int top, int bottom, int left, int right) {
        return new Cropping2DConfig(top, bottom, left, right, DataFormat.CHANNELS_LAST, null, null);
    }

    /**
     * Repeats every row {@code rows} times and every column {@code cols} times (nearest-neighbour
     * up-sampling, channels-last; Keras and TF.js default 2 x 2).
     *
     * @param rows row repetitions, {@code > 0}
     * @param cols column repetitions, {@code > 0}
     * @return the layer configuration
     */
    public static UpSampling2DConfig upSampling2d(int rows, int cols) {
        return new UpSampling2DConfig(rows, cols, DataFormat.CHANNELS_LAST, null, null);
    }

    /**
     * Drops whole channels (feature maps) of an image in training (channels-last).
     *
     * @param rate fraction of channels dropped, in {@code [0, 1)}
     * @return the layer configuration
     */
    public static SpatialDropout2DConfig spatialDropout2d(double rate) {
        return new SpatialDropout2DConfig(rate, null, DataFormat.CHANNELS_LAST, null, null);
    }

    /**
     * Passes its input through unchanged (Keras 3 {@code Identity}).
     *
     * @return the layer configuration
     */
    public static IdentityConfig identity() {
        return new IdentityConfig(null, null);
    }

    /**
     * The rectifier as a layer: no maximum, slope 0, threshold 0; set them with {@code withX}.
     *
     * @return the layer configuration
     */
    public static ReluLayerConfig relu() {
        return new ReluLayerConfig(null, 0, 0, null, null);
    }

    /**
     * Leaky rectifier, TF.js defaults (alpha 0.3, mask dropped).
     *
     * @return the layer configuration
     */
    public static LeakyReluLayerConfig leakyRelu() {
        return new LeakyReluLayerConfig(0.3, false, null, null);
    }

    /**
     * Exponential linear unit, TF.js defaults (alpha 1, mask dropped).
     *
     * @return the layer configuration
     */
    public static EluLayerConfig elu() {
        return new EluLayerConfig(1.0, false, null, null);
    }

    /**
     * Thresholded rectifier, TF.js defaults (theta 1, mask dropped).
     *
     * @return the layer configuration
     */
    public static ThresholdedReluLayerConfig thresholdedRelu() {
        return new ThresholdedReluLayerConfig(1.0, false, null, null);
    }

    /**
     * Parametric rectifier with learned slopes, initialised to zeros.
     *
     * @return the layer configuration
     */
    public static PreluConfig prelu() {
        return PreluConfig.defaults();
    }

    /**
     * Softmax over {@code axis} (batch = 0 not allowed; -1 is the last axis). TF.js's default is 1,
     * Keras's -1.
     *
     * @param axis the axis normalised
     * @return the layer configuration
     */
    public static SoftmaxLayerConfig softmax(int axis) {
        return new SoftmaxLayerConfig(axis, false, null, null);
    }

    /**
     * Dot-product attention over {@code [query, value]} or {@code [query, value, key]}, Keras defaults.
     *
     * @return the layer configuration
     */
    public static AttentionConfig attention() {
        return AttentionConfig.defaults();
    }

    /**
     * Additive (Bahdanau) attention over {@code [query, value]} or {@code [query, value, key]}, Keras defaults.
     *
     * @return the layer configuration
     */
    public static AdditiveAttentionConfig additiveAttention() {
        return AdditiveAttentionConfig.defaults();
    }

    /**
     * Drops whole channels of a sequence in training.
     *
     * @param rate fraction of channels dropped, in {@code [0, 1)}
     * @return the layer configuration
     */
    public static SpatialDropout1DConfig spatialDropout1d(double rate) {
        return SpatialDropout1DConfig.of(rate);
    }

    /**
     * Adds zero-mean Gaussian noise in training.
     *
     * @param stddev the noise's standard deviation, {@code >= 0}
     * @return the layer configuration
     */
    public static GaussianNoiseConfig gaussianNoise(double stddev) {
        return GaussianNoiseConfig.of(stddev);
    }

    /**
     * Multiplies by Gaussian noise of mean 1 and variance {@code rate / (1 - rate)} in training.
     *
     * @param rate drop probability, in {@code [0, 1)}
     * @return the layer configuration
     */
    public static GaussianDropoutConfig gaussianDropout(double rate) {
        return GaussianDropoutConfig.of(rate);
    }

    /**
     * Dropout that keeps SELU's self-normalisation, in training.
     *
     * @param rate drop probability, in {@code [0, 1)}
     * @return the layer configuration
     */
    public static AlphaDropoutConfig alphaDropout(double rate) {
        return AlphaDropoutConfig.of(rate);
    }

    /**
     * Scales the last axis to unit L2 norm (Keras 3 semantics).
     *
     * @return the layer configuration
     */
    public static UnitNormalizationConfig unitNormalization() {
        return UnitNormalizationConfig.defaults();
    }

    /**
     * A user-defined layer of the given registered type, without options (add them with
     * {@link CustomLayerConfig#withOption}); see {@link CustomLayer}.
     *
     * @param type    the type the implementation is registered under, e.g. {@code my_pkg>ScaleShift}
     * @param factory makes the layer, usually the constructor {@code ScaleShift::new}
     * @return the layer configuration
     */
    public static CustomLayerConfig custom(String type, CustomLayerFactory factory) {
        return new CustomLayerConfig(type, java.util.Map.of(), factory, null, null);
    }

    /**
     * Preprocessing: {@code x * scale} (offset 0; set one with {@link RescalingConfig#withOffset}).
     *
     * @param scale the factor, e.g. {@code 1 / 255.0}
     * @return the layer configuration
     */
    public static RescalingConfig rescaling(double scale) {
        return new RescalingConfig(scale, 0, null, null);
    }

    /**
     * Preprocessing: resizes images to {@code height x width} with TF.js 4.22's defaults (bilinear,
     * aligned corners); see {@link ResizingConfig} for Keras's half-pixel sampling.
     *
     * @param height output height
     * @param width  output width
     * @return the layer configuration
     */
    public static ResizingConfig resizing(int height, int width) {
        return ResizingConfig.of(height, width);
    }

    /**
     * Preprocessing: the centred {@code height x width} window of each image (TF.js 4.22's rules;
     * see {@link CenterCropMode}).
     *
     * @param height output height
     * @param width  output width
     * @return the layer configuration
     */
    public static CenterCropConfig centerCrop(int height, int width) {
        return CenterCropConfig.of(height, width);
    }

    /**
     * Preprocessing: multi-hot encoding of integer ids in {@code [0, numTokens)}.
     *
     * @param numTokens the number of ids
     * @return the layer configuration
     */
    public static CategoryEncodingConfig categoryEncoding(int numTokens) {
        return new CategoryEncodingConfig(numTokens, CategoryOutputMode.MULTI_HOT, null, null);
    }

    /**
     * Preprocessing: normalises each feature (the last axis) with a mean and variance set by
     * {@link Normalization#adapt} or a file; see {@link NormalizationConfig} for other axes, given
     * statistics and inversion.
     *
     * @return the layer configuration
     */
    public static NormalizationConfig normalization() {
        return new NormalizationConfig(java.util.List.of(-1), null, null, false, null, null);
    }

    /**
     * The identity whose output training penalises with {@code regularizer} (Keras
     * {@code ActivityRegularization(l1, l2)}: {@code Layers.activityRegularization(
     * ActivityRegularizer.of(Regularizers.l1l2(l1, l2)))}).
     *
     * @param regularizer the penalty and its scaling
     * @return the layer configuration
     */
    public static ActivityRegularizationConfig activityRegularization(
            dev.engram.regularizers.ActivityRegularizer regularizer) {
        return new ActivityRegularizationConfig(regularizer, null, null);
    }
}
