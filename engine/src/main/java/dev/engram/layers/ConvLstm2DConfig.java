package dev.engram.layers;

import dev.engram.activations.Activation;
import dev.engram.activations.Activations;
import dev.engram.initializers.Initializer;
import dev.engram.tensor.Shape;
import java.util.Objects;

/**
 * Configuration of a {@link ConvLstm2D} layer (TF.js and Keras {@code ConvLSTM2D}). Defaults follow
 * TF.js (DESIGN.md section 4): tanh, hard-sigmoid gates, glorot-normal kernel, orthogonal recurrent
 * kernel, zero bias, stride 1, dilation 1, valid padding, channels last. Create with
 * {@link Layers#convLstm2d(int, int, int)}.
 *
 * @param settings            the recurrent fields; {@code units} is the number of filters; dropout
 *                            rates as described in {@link ConvLstm2D}
 * @param window              the input convolution's kernel size, strides, dilation and padding
 *                            (the recurrent convolution uses the same kernel size, stride 1, same padding)
 * @param dataFormat          channels last (default) or channels first
 * @param recurrentActivation gate activation, default hard sigmoid 0.2x+0.5 (TF.js; Keras uses sigmoid)
 * @param unitForgetBias      initialise the forget-gate bias to 1, default false (TF.js)
 * @param identity            name and per-sample input shape {@code [timesteps, rows, cols, channels]}
 */
public record ConvLstm2DConfig(RecurrentSettings settings, Conv2DWindow window, DataFormat dataFormat,
        Activation recurrentActivation, boolean unitForgetBias, LayerIdentity identity)
        implements LayerConfig<ConvLstm2DConfig> {

    /**
     * Validates the fields; a null identity is {@link LayerIdentity#UNNAMED}.
     *
     * @param settings            the recurrent fields (units = filters)
     * @param window              the input convolution's window
     * @param dataFormat          channels last or first
     * @param recurrentActivation gate activation
     * @param unitForgetBias      initialise the forget-gate bias to 1
     * @param identity            name and input shape, or null
     * @throws IllegalArgumentException for filters &lt;= 0, non-element-wise activations, a dropout rate
     *                                  outside [0, 1), or an input shape not of rank 4
     */
    public ConvLstm2DConfig {
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(dataFormat, "dataFormat");
        Objects.requireNonNull(recurrentActivation, "recurrentActivation");
        LayerIdentity id = identity == null ? LayerIdentity.UNNAMED : identity;
        Objects.requireNonNull(settings, "settings").check("ConvLSTM2D", id.withInputShape(null), recurrentActivation);
        if (id.inputShape() != null && id.inputShape().rank() != 4) {
            throw new IllegalArgumentException("ConvLSTM2D inputShape is [timesteps, rows, cols, channels] (rank 4), got "
                    + id.inputShape());
        }
        identity = id;
    }

    /**
     * The TF.js defaults for {@code filters} and a {@code kernelHeight x kernelWidth} kernel.
     *
     * @param filters      output channels (and state channels), &gt; 0
     * @param kernelHeight tap rows
     * @param kernelWidth  tap columns
     * @return the configuration
     */
    public static ConvLstm2DConfig of(int filters, int kernelHeight, int kernelWidth) {
        return new ConvLstm2DConfig(RecurrentSettings.of(filters), Conv2DWindow.of(kernelHeight, kernelWidth),
                DataFormat.CHANNELS_LAST, Activations.hardSigmoid(), false, LayerIdentity.UNNAMED);
    }

    /** {@return the number of filters: output and state channels} */
    public int filters() {
        return settings.units();
    }

    /** {@return the cell and output activation} */
    public Activation activation() {
        return settings.activation();
    }

    /** {@return whether the layer adds a bias} */
    public boolean useBias() {
        return settings.useBias();
    }

    /** {@return true for an output per step, false for the last step's} */
    public boolean returnSequences() {
        return settings.returnSequences();
    }

    /** {@return true when the final h and c follow the output} */
    public boolean returnState() {
        return settings.returnState();
    }

    /** {@return true when the sequence is read last to first} */
    public boolean goBackwards() {
        return settings.goBackwards();
    }

    /** {@return true when the final states of a call are the initial states of the next} */
    public boolean stateful() {
        return settings.stateful();
    }

    /** {@return the input kernel's initializer} */
    public Initializer kernelInitializer() {
        return settings.kernelInitializer();
    }

    /** {@return the recurrent kernel's initializer} */
    public Initializer recurrentInitializer() {
        return settings.recurrentInitializer();
    }

    /** {@return the bias initializer} */
    public Initializer biasInitializer() {
        return settings.biasInitializer();
    }

    /** {@return the regularizers and constraints of kernel, recurrent kernel and bias} */
    public WeightRules weightRules() {
        return settings.weightRules();
    }

    /**
     * {@return a copy with other recurrent settings}
     * @param s the new settings
     */
    public ConvLstm2DConfig withSettings(RecurrentSettings s) {
        return new ConvLstm2DConfig(s, window, dataFormat, recurrentActivation, unitForgetBias, identity);
    }

    /**
     * {@return a copy with another input window}
     * @param w the new window
     */
    public ConvLstm2DConfig withWindow(Conv2DWindow w) {
        return new ConvLstm2DConfig(settings, w, dataFormat, recurrentActivation, unitForgetBias, identity);
    }

    /**
     * {@return a copy with other strides}
     * @param height rows between outputs
     * @param width  columns between outputs
     */
    public ConvLstm2DConfig withStrides(int height, int width) {
        return withWindow(window.withStrides(height, width));
    }

    /**
     * {@return a copy with another dilation rate}
     * @param height rows between taps
     * @param width  columns between taps
     */
    public ConvLstm2DConfig withDilationRate(int height, int width) {
        return withWindow(window.withDilationRate(height, width));
    }

    /**
     * {@return a copy with another padding of the input convolution}
     * @param p valid or same
     */
    public ConvLstm2DConfig withPadding(Padding p) {
        return withWindow(window.withPadding(p));
    }

    /**
     * {@return a copy with another data format}
     * @param f channels last or first
     */
    public ConvLstm2DConfig withDataFormat(DataFormat f) {
        return new ConvLstm2DConfig(settings, window, f, recurrentActivation, unitForgetBias, identity);
    }

    /**
     * {@return a copy with another gate activation}
     * @param a the new recurrentActivation
     */
    public ConvLstm2DConfig withRecurrentActivation(Activation a) {
        return new ConvLstm2DConfig(settings, window, dataFormat, a, unitForgetBias, identity);
    }

    /**
     * {@return a copy with the forget-gate bias initialised to one, or not}
     * @param v the new unitForgetBias
     */
    public ConvLstm2DConfig withUnitForgetBias(boolean v) {
        return new ConvLstm2DConfig(settings, window, dataFormat, recurrentActivation, v, identity);
    }

    /**
     * {@return a copy with another cell activation}
     * @param a the new activation
     */
    public ConvLstm2DConfig withActivation(Activation a) {
        return withSettings(settings.edit(s -> s.activation = a));
    }

    /**
     * {@return a copy with or without the bias}
     * @param v the new useBias
     */
    public ConvLstm2DConfig withUseBias(boolean v) {
        return withSettings(settings.edit(s -> s.useBias = v));
    }

    /**
     * {@return a copy returning every step or the last}
     * @param v the new returnSequences
     */
    public ConvLstm2DConfig withReturnSequences(boolean v) {
        return withSettings(settings.edit(s -> s.returnSequences = v));
    }

    /**
     * {@return a copy returning the final states too, or not}
     * @param v the new returnState
     */
    public ConvLstm2DConfig withReturnState(boolean v) {
        return withSettings(settings.edit(s -> s.returnState = v));
    }

    /**
     * {@return a copy reading last to first, or first to last}
     * @param v the new goBackwards
     */
    public ConvLstm2DConfig withGoBackwards(boolean v) {
        return withSettings(settings.edit(s -> s.goBackwards = v));
    }

    /**
     * {@return a copy carrying its states between calls, or not}
     * @param v the new stateful
     */
    public ConvLstm2DConfig withStateful(boolean v) {
        return withSettings(settings.edit(s -> s.stateful = v));
    }

    /**
     * {@return a copy with another input dropout rate (training only, one mask per gate)}
     * @param v the new dropout, in [0, 1)
     */
    public ConvLstm2DConfig withDropout(double v) {
        return withSettings(settings.edit(s -> s.dropout = v));
    }

    /**
     * {@return a copy with another recurrent dropout rate (training only, one mask per gate)}
     * @param v the new recurrentDropout, in [0, 1)
     */
    public ConvLstm2DConfig withRecurrentDropout(double v) {
        return withSettings(settings.edit(s -> s.recurrentDropout = v));
    }

    /**
     * {@return a copy with another input kernel initializer}
     * @param v the new kernelInitializer
     */
    public ConvLstm2DConfig withKernelInitializer(Initializer v) {
        return withSettings(settings.edit(s -> s.kernelInitializer = v));
    }

    /**
     * {@return a copy with another recurrent kernel initializer}
     * @param v the new recurrentInitializer
     */
    public ConvLstm2DConfig withRecurrentInitializer(Initializer v) {
        return withSettings(settings.edit(s -> s.recurrentInitializer = v));
    }

    /**
     * {@return a copy with another bias initializer}
     * @param v the new biasInitializer
     */
    public ConvLstm2DConfig withBiasInitializer(Initializer v) {
        return withSettings(settings.edit(s -> s.biasInitializer = v));
    }

    /**
     * {@return a copy with other regularizers and constraints}
     * @param v the new weightRules, null for none
     */
    public ConvLstm2DConfig withWeightRules(WeightRules v) {
        return withSettings(settings.edit(s -> s.weightRules = v));
    }

    @Override
    public String name() {
        return identity.name();
    }

    @Override
    public Shape inputShape() {
        return identity.inputShape();
    }

    @Override
    public ConvLstm2DConfig withIdentity(LayerIdentity id) {
        return new ConvLstm2DConfig(settings, window, dataFormat, recurrentActivation, unitForgetBias, id);
    }

    @Override
    public String defaultNamePrefix() {
        return "conv_lstm2d";
    }

    @Override
    public Layer create(String layerName) {
        return new ConvLstm2D(layerName, this);
    }
}
