package dev.engram.io.onnx;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.engram.layers.CustomLayer;
import dev.engram.layers.CustomLayerConfig;
import dev.engram.layers.Layers;
import dev.engram.models.Sequential;
import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/** A user-defined layer has no ONNX form: the export refuses it with its name and type. */
class CustomLayerExportTest {

    /** Doubles its input. */
    public static final class Twice extends CustomLayer {
        /**
         * @param name   the layer name
         * @param config the config
         */
        public Twice(String name, CustomLayerConfig config) {
            super(name, config);
        }

        @Override
        protected Shape doBuild(Shape in, RandomGenerator random) {
            return in;
        }

        @Override
        protected Tensor doCall(Tensor x) {
            float[] v = x.toArray();
            for (int i = 0; i < v.length; i++) {
                v[i] *= 2;
            }
            return Tensor.wrap(x.shape(), v);
        }
    }

    @Test
    void theExportRefusesACustomLayerByName() {
        Sequential m = Sequential.seeded(1, Layers.dense(3).inputShape(2),
                Layers.custom("my_pkg>Twice", Twice::new).withName("twice"));
        UnsupportedOnnxException e = assertThrows(UnsupportedOnnxException.class,
                () -> OnnxExporter.toBytes(m, OnnxExportOptions.defaults()));
        assertTrue(e.getMessage().contains("layer 'twice' (Twice) has no ONNX export"), e.getMessage());
    }
}
