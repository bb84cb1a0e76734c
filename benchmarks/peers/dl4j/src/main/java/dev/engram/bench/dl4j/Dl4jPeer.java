package dev.engram.bench.dl4j;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Deeplearning4j 1.0.0-M2.1 peer: LSTM wrapped in LastTimeStep, then an OutputLayer, Adam(0.001),
 * float32, NWC input ([batch, time, features], the same layout as Engram). One workload per process;
 * prints {@code RESULT {json}}. Usage: {@code java -cp 'target/classes:target/lib/*'
 * dev.engram.bench.dl4j.Dl4jPeer W1|W2|W3|W4|GEMM}. Env: BENCH_EPOCHS, BENCH_TRAIN_SAMPLES,
 * BENCH_INFER_REPS, BENCH_CALLS; threads via OMP_NUM_THREADS.
 */
public final class Dl4jPeer {
    // name: timesteps, features, units, outputs, batch, samples, inferBatch
    private static final int[] W2 = {32, 1, 64, 1, 64, 8192, 256};
    private static final int[] W3 = {50, 32, 256, 10, 128, 4096, 256};
    private static final int[] W4 = {50, 8, 128, 1, 1, 1, 1};
    private static final int[][] GEMM = {{64, 65, 256}, {128, 288, 1024}, {1024, 1024, 1024}};

    private Dl4jPeer() {
    }

    public static void main(String[] args) {
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
        switch (args[0]) {
            case "W1" -> w1();
            case "W2" -> recurrent("W2", W2);
            case "W3" -> recurrent("W3", W3);
            case "W4" -> w4();
            case "GEMM" -> gemm();
            default -> throw new IllegalArgumentException(args[0]);
        }
        System.exit(0);
    }

    private static int env(String k, int d) {
        String v = System.getenv(k);
        return v == null || v.isEmpty() ? d : Integer.parseInt(v);
    }

    static MultiLayerNetwork model(int timesteps, int features, int units, int outputs) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(42)
                .dataType(DataType.FLOAT)
                .updater(new Adam(0.001))
                .weightInit(WeightInit.XAVIER_UNIFORM)
                .list()
                .layer(new LastTimeStep(new LSTM.Builder().nIn(features).nOut(units)
                        .activation(Activation.TANH).gateActivationFunction(Activation.SIGMOID)
                        .forgetGateBiasInit(1.0).dataFormat(RNNFormat.NWC).build()))
                .layer(new OutputLayer.Builder(outputs > 1 ? LossFunctions.LossFunction.MCXENT
                        : LossFunctions.LossFunction.MSE)
                        .activation(outputs > 1 ? Activation.SOFTMAX : Activation.IDENTITY)
                        .nIn(units).nOut(outputs).build())
                .setInputType(InputType.recurrent(features, timesteps, RNNFormat.NWC))
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    static INDArray inputs(int n, int timesteps, int features) {
        float[] x = new float[n * timesteps * features];
        int p = 0;
        for (int i = 0; i < n; i++) {
            for (int t = 0; t < timesteps; t++) {
                for (int f = 0; f < features; f++) {
                    double s = Math.sin(i * 12.9898 + t * 78.233 + f * 37.719) * 43758.5453;
                    x[p++] = (float) (Math.sin(0.1 * (i + t) + 0.5 * f) + 0.1 * (s - Math.floor(s) - 0.5));
                }
            }
        }
        return Nd4j.create(x, new long[] {n, timesteps, features}, 'c');
    }

    static INDArray targets(int[] s, int n) {
        int outputs = s[3];
        float[] y = new float[n * outputs];
        for (int i = 0; i < n; i++) {
            if (outputs > 1) {
                y[i * outputs + i % outputs] = 1;
            } else {
                y[i] = (float) Math.sin(0.1 * (i + s[0]));
            }
        }
        return Nd4j.create(y, new long[] {n, outputs}, 'c');
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : 0.5 * (s[n / 2 - 1] + s[n / 2]);
    }

    private static String head(String w) {
        return String.format(Locale.ROOT, "{\"peer\": \"dl4j\", \"variant\": \"dl4j-1.0.0-M2.1\", \"workload\": \"%s\", "
                + "\"threads\": \"%s\"", w, System.getenv().getOrDefault("OMP_NUM_THREADS", "default"));
    }

    private static String arr(double[] v) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < v.length; i++) {
            b.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.6g", v[i]));
        }
        return b.append(']').toString();
    }

    private static void epoch(MultiLayerNetwork net, List<DataSet> batches) {
        for (DataSet d : batches) {
            net.fit(d);
        }
    }

    private static List<DataSet> batches(INDArray x, INDArray y, int n, int batch) {
        List<DataSet> out = new ArrayList<>();
        for (int s = 0; s < n; s += batch) {
            int e = Math.min(n, s + batch);
            out.add(new DataSet(x.get(NDArrayIndex.interval(s, e), NDArrayIndex.all(), NDArrayIndex.all()).dup(),
                    y.get(NDArrayIndex.interval(s, e), NDArrayIndex.all()).dup()));
        }
        return out;
    }

    private static void w1() {
        long t0 = System.nanoTime();
        MultiLayerNetwork net = model(1, 1, 16, 1);
        INDArray x = Nd4j.create(new float[] {1, 2}, new long[] {2, 1, 1}, 'c');
        INDArray y = Nd4j.create(new float[] {1, 2}, new long[] {2, 1}, 'c');
        DataSet d = new DataSet(x, y);
        for (int e = 0; e < 10; e++) {
            net.fit(d);
        }
        float p = net.output(Nd4j.create(new float[] {3}, new long[] {1, 1, 1}, 'c')).getFloat(0);
        System.out.println("RESULT " + head("W1") + String.format(Locale.ROOT,
                ", \"fit_predict_s\": %.6g, \"prediction\": %.6g}", (System.nanoTime() - t0) / 1e9, p));
    }

    private static void recurrent(String name, int[] s) {
        int epochs = env("BENCH_EPOCHS", 3);
        int n = env("BENCH_TRAIN_SAMPLES", s[5]);
        int reps = env("BENCH_INFER_REPS", 3);
        INDArray x = inputs(s[5], s[0], s[1]);
        INDArray y = targets(s, s[5]);
        MultiLayerNetwork net = model(s[0], s[1], s[2], s[3]);
        List<DataSet> train = batches(x, y, n, s[4]);
        epoch(net, train);
        double[] sps = new double[epochs];
        for (int e = 0; e < epochs; e++) {
            long t0 = System.nanoTime();
            epoch(net, train);
            sps[e] = n / ((System.nanoTime() - t0) / 1e9);
        }
        List<INDArray> chunks = new ArrayList<>();
        for (int i = 0; i < s[5]; i += s[6]) {
            chunks.add(x.get(NDArrayIndex.interval(i, Math.min(s[5], i + s[6])), NDArrayIndex.all(),
                    NDArrayIndex.all()).dup());
        }
        double[] inf = new double[reps];
        for (int r = 0; r <= reps; r++) {
            long t0 = System.nanoTime();
            for (INDArray c : chunks) {
                net.output(c);
            }
            if (r > 0) {
                inf[r - 1] = s[5] / ((System.nanoTime() - t0) / 1e9);
            }
        }
        System.out.println("RESULT " + head(name) + String.format(Locale.ROOT,
                ", \"train_samples\": %d, \"train_sps\": %.6g, \"train_sps_all\": %s, \"infer_sps\": %.6g, "
                        + "\"infer_sps_all\": %s}", n, median(sps), arr(sps), median(inf), arr(inf)));
    }

    private static void w4() {
        int calls = env("BENCH_CALLS", 1000);
        MultiLayerNetwork net = model(W4[0], W4[1], W4[2], W4[3]);
        INDArray x = inputs(1, W4[0], W4[1]);
        for (int i = 0; i < 300; i++) {
            net.output(x);
        }
        double[] ms = new double[calls];
        for (int i = 0; i < calls; i++) {
            long t0 = System.nanoTime();
            net.output(x);
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        double[] sorted = ms.clone();
        Arrays.sort(sorted);
        double p99 = sorted[Math.max(0, (int) Math.ceil(0.99 * calls) - 1)];
        System.out.println("RESULT " + head("W4") + String.format(Locale.ROOT,
                ", \"latency_median_ms\": %.6g, \"latency_p99_ms\": %.6g}", median(ms), p99));
    }

    private static void gemm() {
        for (int[] g : GEMM) {
            int m = g[0], k = g[1], n = g[2];
            INDArray a = Nd4j.rand(DataType.FLOAT, m, k).subi(0.5);
            INDArray b = Nd4j.rand(DataType.FLOAT, k, n).subi(0.5);
            INDArray c = Nd4j.create(DataType.FLOAT, m, n);
            double flops = 2.0 * m * n * k;
            int inner = (int) Math.max(1, 2e8 / flops);
            for (int i = 0; i < 5 * inner + 10; i++) {
                a.mmul(b, c);
            }
            double[] gf = new double[7];
            for (int r = 0; r < gf.length; r++) {
                long t0 = System.nanoTime();
                for (int i = 0; i < inner; i++) {
                    a.mmul(b, c);
                }
                gf[r] = flops * inner / (System.nanoTime() - t0);
            }
            System.out.println("RESULT " + head("GEMM") + String.format(Locale.ROOT,
                    ", \"shape\": \"%dx%dx%d\", \"gflops\": %.6g, \"gflops_all\": %s}", m, k, n, median(gf), arr(gf)));
        }
    }
}
