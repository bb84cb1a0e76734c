package dev.engram.io.keras.layers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.io.keras.KerasDialect;
import java.util.List;

/**
 * Makes Keras 3 refuse a Keras 2 dialect layer config that it would otherwise load with another
 * function. The only such name today is {@code hard_sigmoid}: tf-keras 2 (and TF.js) compute
 * clip(0.2x+0.5, 0, 1), Keras 3 reads the same name as clip(x/6+0.5, 0, 1) (DESIGN.md section 4).
 *
 * <p>The guard is a key tf-keras 2 accepts and ignores but Keras 3's {@code Layer.__init__} rejects
 * ("Unrecognized keyword arguments"): {@code time_major: false} on recurrent layers (the key tf-keras
 * itself writes there, which is why Keras 3 already refuses real tf-keras LSTM files) and
 * {@code batch_size: null} on other layers (a base-layer keyword of tf-keras, unused without an input
 * shape). Only layers whose config names {@code hard_sigmoid} get it, so every other KERAS_2 file
 * still loads in both Keras versions. Verified against tf-keras 2.18 and Keras 3.10 by
 * {@code KerasInteropTest}.
 */
final class Keras3Guard {
    /** Config keys that hold an activation name. */
    private static final List<String> ACTIVATION_KEYS = List.of("activation", "recurrent_activation");

    private Keras3Guard() {
    }

    /**
     * Adds the guard key to {@code config} (a layer's {@code config} object, wrapped layers already
     * guarded themselves) when {@code d} is KERAS_2 and the layer names {@code hard_sigmoid}.
     */
    static void apply(ObjectNode config, boolean recurrent, KerasDialect d) {
        if (d != KerasDialect.KERAS_2 || !namesHardSigmoid(config)) {
            return;
        }
        if (recurrent) {
            config.put("time_major", false);
        } else {
            config.putNull("batch_size");
        }
    }

    /** True if the config (not its wrapped layers) names {@code hard_sigmoid}. */
    static boolean namesHardSigmoid(ObjectNode config) {
        for (String key : ACTIVATION_KEYS) {
            JsonNode v = config.get(key);
            if (v != null && v.isTextual() && v.asText().equals("hard_sigmoid")) {
                return true;
            }
        }
        return false;
    }
}
