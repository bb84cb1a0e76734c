/**
 * TensorFlow.js layers models, Keras HDF5 ({@code .h5}) and Keras 3 {@code .keras} files:
 * {@link dev.engram.io.keras.KerasModels} reads and writes all of them.
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

    exports dev.engram.io.keras;
    exports dev.engram.io.keras.h5;
    exports dev.engram.io.keras.kerasv3;
    exports dev.engram.io.keras.tfjs;

    // The formats as services for dev.engram.io.ModelFiles (the provider package stays unexported).
    provides dev.engram.io.ModelFile with dev.engram.io.keras.provider.TfjsModelFile,
            dev.engram.io.keras.provider.KerasH5File, dev.engram.io.keras.provider.KerasArchiveFile;
}
