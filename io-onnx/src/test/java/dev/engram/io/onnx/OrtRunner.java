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

    /** Runs the model on named inputs; returns every graph output, in graph order. */
    static java.util.List<Tensor> runAll(byte[] model, java.util.List<String> names, java.util.List<Tensor> inputs)
            throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        java.util.Map<String, OnnxTensor> feed = new java.util.LinkedHashMap<>();
        try (OrtSession.SessionOptions o = new OrtSession.SessionOptions();
                OrtSession s = env.createSession(model, o)) {
            for (int i = 0; i < names.size(); i++) {
                Tensor x = inputs.get(i);
                long[] shape = Arrays.stream(x.shape().toArray()).asLongStream().toArray();
                feed.put(names.get(i), OnnxTensor.createTensor(env, FloatBuffer.wrap(x.toArray()), shape));
            }
            try (OrtSession.Result r = s.run(feed)) {
                java.util.List<Tensor> outs = new java.util.ArrayList<>();
                for (int i = 0; i < r.size(); i++) {
                    OnnxTensor out = (OnnxTensor) r.get(i);
                    long[] os = out.getInfo().getShape();
                    FloatBuffer fb = out.getFloatBuffer();
                    float[] d = new float[fb.remaining()];
                    fb.get(d);
                    outs.add(Tensor.wrap(Shape.of(Arrays.stream(os).mapToInt(x -> (int) x).toArray()), d));
                }
                return outs;
            }
        } finally {
            feed.values().forEach(OnnxTensor::close);
        }
    }
}
