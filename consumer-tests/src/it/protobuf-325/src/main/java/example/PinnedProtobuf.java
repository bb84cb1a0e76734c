package example;

import com.google.protobuf.Value;

/**
 * An application with its own protobuf 3.25: before io-onnx relocated its protobuf runtime, the
 * first ONNX call failed here with {@code NoClassDefFoundError: com/google/protobuf/RuntimeVersion$RuntimeDomain}.
 */
public final class PinnedProtobuf {
    private PinnedProtobuf() {
    }

    /**
     * Uses protobuf 3.25, then runs the shared tutorial (ONNX export and import included).
     *
     * @param args the output directory
     * @throws Exception if anything fails
     */
    public static void main(String[] args) throws Exception {
        Value v = Value.newBuilder().setNumberValue(3).build();
        String jar = Value.class.getProtectionDomain().getCodeSource().getLocation().toString();
        if (v.getNumberValue() != 3 || !jar.contains("3.25")) {
            throw new AssertionError("expected the application's protobuf 3.25, found " + jar);
        }
        System.out.println("application protobuf: " + jar);
        Tutorial.main(args);
    }
}
