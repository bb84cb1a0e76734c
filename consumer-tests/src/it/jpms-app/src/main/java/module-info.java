/** A modular consumer: needs nothing on the command line but the Vector API flag. */
module example.app {
    requires dev.engram.io.keras;
    requires dev.engram.io.onnx;
}
