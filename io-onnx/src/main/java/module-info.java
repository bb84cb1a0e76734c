/**
 * ONNX export ({@link dev.engram.io.onnx.OnnxExporter}) and import
 * ({@link dev.engram.io.onnx.OnnxModel}) of engine models.
 *
 * <p>The generated protobuf classes ({@code dev.engram.io.onnx.proto}) and the protobuf runtime,
 * relocated into this jar at package time, stay unexported, so the application's own protobuf
 * version never meets Engram's.
 */
module dev.engram.io.onnx {
    requires transitive dev.engram.engine;
    // static: needed to compile; in the packaged jar the runtime is relocated inside this module.
    requires static com.google.protobuf;
    // What the relocated protobuf runtime uses: java.util.logging, and sun.misc.Unsafe for speed.
    requires java.logging;
    requires jdk.unsupported;

    exports dev.engram.io.onnx;

    // ONNX as a service for dev.engram.io.ModelFiles (the provider package stays unexported).
    provides dev.engram.io.ModelFile with dev.engram.io.onnx.provider.OnnxModelFile;
}
