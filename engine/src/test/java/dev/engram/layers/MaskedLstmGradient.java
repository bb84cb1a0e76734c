package dev.engram.layers;

import dev.engram.activations.Activation;
import dev.engram.activations.Activations;
import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import dev.engram.testing.LayerGradientCheck;
import dev.engram.testing.LayerGradientCheck.Options;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Gradient check of an LSTM receiving an Embedding(maskZero) mask, against a double reference in
 * which a masked step leaves h and c unchanged (the output at that step repeats the previous one).
 * Run from {@link MaskPropagationTest} once recurrent masking exists.
 */
final class MaskedLstmGradient {
    private MaskedLstmGradient() {
    }

    static void run() {
        int batch = 3;
        int steps = 5;
        int f = 2;
        int u = 3;
        float[] ids = {0, 0, 4, 2, 7, 4, 2, 7, 0, 0, 4, 0, 2, 0, 7};
        Layer emb = Layers.embedding(8, f).withMaskZero(true).create("embedding");
        emb.build(Shape.of(steps), new SplittableRandom(1));
        Tensor idT = Tensor.wrap(Shape.of(batch, steps), ids);
        Tensor x = emb.call(idT);
        Tensor mask = emb.computeMask(List.of(idT), null);
        Activation act = Activations.tanh();
        Activation rec = Activations.hardSigmoid();
        Layer lstm = Layers.lstm(u).withReturnSequences(true).create("lstm");
        lstm.build(Shape.of(steps, f), new SplittableRandom(2));
        float[] m = mask.buffer();
        LayerGradientCheck.check("masked lstm", lstm, x, mask, Options.RANDOM_PARAMETERS, a -> {
            double[] out = new double[batch * steps * u];
            for (int b = 0; b < batch; b++) {
                double[] h = new double[u];
                double[] c = new double[u];
                for (int t = 0; t < steps; t++) {
                    if (m[b * steps + t] != 0) {
                        double[] z = new double[4 * u];
                        for (int col = 0; col < 4 * u; col++) {
                            double v = a[3][col];
                            for (int k = 0; k < f; k++) {
                                v += a[0][(b * steps + t) * f + k] * a[1][k * 4 * u + col];
                            }
                            for (int k = 0; k < u; k++) {
                                v += h[k] * a[2][k * 4 * u + col];
                            }
                            z[col] = v;
                        }
                        double[] hn = new double[u];
                        for (int j = 0; j < u; j++) {
                            c[j] = rec.value(z[u + j]) * c[j] + rec.value(z[j]) * act.value(z[2 * u + j]);
                            hn[j] = rec.value(z[3 * u + j]) * act.value(c[j]);
                        }
                        h = hn;
                    }
                    System.arraycopy(h, 0, out, (b * steps + t) * u, u);
                }
            }
            return List.of(out);
        });
    }
}
