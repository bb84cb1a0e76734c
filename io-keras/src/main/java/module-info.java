/**
 * TensorFlow.js layers models, Keras HDF5 ({@code .h5}) and Keras 3 {@code .keras} files:
 * {@link dev.engram.io.keras.KerasModels} reads and writes all of them. Only
 * {@code dev.engram.io.keras} is exported.
 */
module dev.engram.io.keras {
    // Engine types (Network, Sequential, Layer, ...) appear in this module's API.
    requires transitive dev.engram.engine;
    requires com.fasterxml.jackson.databind;
    requires io.jhdf;
    // jhdf is an automatic module: the module system cannot see what it needs. Its explicit-module
    // dependencies are required here (without them a modular application fails on the first .h5);
    // its automatic ones (lz4) are resolved with it. compress-lzf is an explicit module: the filter
    // registry loads jhdf's LZF filter, which fails without it.
    requires org.slf4j;
    requires org.apache.commons.lang3;
    requires com.ning.compress.lzf;

    // The API: KerasModels, SaveOptions and the options records, KerasFormat, KerasDialect, the
    // exceptions and LoadedKerasModel/CompileStatus. Not exported (translation machinery): the
    // format packages h5, kerasv3 and tfjs, the layer codecs (layers), model topology (topology),
    // HDF5 access (hdf5), training configs and optimizer state (training) and internal.
    exports dev.engram.io.keras;

    // User-defined layers (KerasCustomLayers) may also come from services.
    uses dev.engram.io.keras.KerasCustomLayerProvider;

    // The formats as services for dev.engram.io.ModelFiles (the provider package stays unexported).
    provides dev.engram.io.ModelFile with dev.engram.io.keras.provider.TfjsModelFile,
            dev.engram.io.keras.provider.KerasH5File, dev.engram.io.keras.provider.KerasArchiveFile;
}
