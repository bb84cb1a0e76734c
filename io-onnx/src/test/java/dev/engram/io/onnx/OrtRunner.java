package dev.engram.io.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Map;

/** Runs a serialized ONNX model in ONNX Runtime (the Java artifact, CPU provider). */
final class OrtRunner {
    private OrtRunner() {
    }

    static Tensor run(byte[] model, String inputName, Tensor input) throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions o = new OrtSession.SessionOptions();
                OrtSession s = env.createSession(model, o)) {
            long[] shape = Arrays.stream(input.shape().toArray()).asLongStream().toArray();
            try (OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(input.toArray()), shape);
                    OrtSession.Result r = s.run(Map.of(inputName, t))) {
                OnnxTensor out = (OnnxTensor) r.get(0);
                long[] os = out.getInfo().getShape();
                FloatBuffer fb = out.getFloatBuffer();
                float[] d = new float[fb.remaining()];
                fb.get(d);
                return Tensor.wrap(Shape.of(Arrays.stream(os).mapToInt(x -> (int) x).toArray()), d);
            }
        }
    }
}
