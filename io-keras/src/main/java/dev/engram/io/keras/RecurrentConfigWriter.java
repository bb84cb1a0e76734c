package dev.engram.io.keras;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.activations.Activation;
import dev.engram.initializers.Initializer;
import dev.engram.layers.GruConfig;
import dev.engram.layers.LstmConfig;
import dev.engram.layers.RecurrentLayerConfig;
import dev.engram.layers.SimpleRnnConfig;
import dev.engram.layers.WeightRules;
import dev.engram.tensor.Shape;

/**
 * LSTM, GRU and SimpleRNN configs in each dialect's key order (tfjs-layers 4.22, tf.keras 2, Keras 3).
 * TF.js has no reset_after=true GRU: writing one is an error. KERAS_2 omits {@code time_major}
 * (Keras 3's load_model rejects the key; tf.keras 2 defaults it to false) unless the layer names
 * {@code hard_sigmoid}, where {@link Keras3Guard} adds it on purpose so that Keras 3 refuses the file.
 */
final class RecurrentConfigWriter {
    private RecurrentConfigWriter() {
    }

    static ObjectNode write(RecurrentLayerConfig rc, String name, KerasDialect d, Shape in, ConfigNode at)
            throws ModelFormatException {
        ObjectNode c = LayerConfigWriter.object();
        int units;
        Activation act;
        Activation rec = null;
        boolean useBias;
        Initializer k;
        Initializer r;
        Initializer b;
        WeightRules rules;
        boolean stateful;
        double dropout;
        double recurrentDropout;
        Boolean unitForgetBias = null;
        Boolean resetAfter = null;
        if (rc instanceof LstmConfig l) {
            units = l.units();
            act = l.activation();
            rec = l.recurrentActivation();
            useBias = l.useBias();
            k = l.kernelInitializer();
            r = l.recurrentInitializer();
            b = l.biasInitializer();
            rules = l.weightRules();
            stateful = l.stateful();
            dropout = l.dropout();
            recurrentDropout = l.recurrentDropout();
            unitForgetBias = l.unitForgetBias();
        } else if (rc instanceof GruConfig g) {
            units = g.units();
            act = g.activation();
            rec = g.recurrentActivation();
            useBias = g.useBias();
            k = g.kernelInitializer();
            r = g.recurrentInitializer();
            b = g.biasInitializer();
            rules = g.weightRules();
            stateful = g.stateful();
            dropout = g.dropout();
            recurrentDropout = g.recurrentDropout();
            resetAfter = g.resetAfter();
            if (g.resetAfter() && d == KerasDialect.TFJS) {
                throw at.error("GRU '" + name + "' has resetAfter true (bias [2, 3u]), which TF.js cannot build"
                        + " (tfjs-layers supports reset_after false only); save it as Keras h5 or .keras instead");
            }
        } else if (rc instanceof SimpleRnnConfig s) {
            units = s.units();
            act = s.activation();
            useBias = s.useBias();
            k = s.kernelInitializer();
            r = s.recurrentInitializer();
            b = s.biasInitializer();
            rules = s.weightRules();
            stateful = s.stateful();
            dropout = s.dropout();
            recurrentDropout = s.recurrentDropout();
        } else {
            throw at.error("layer '" + name + "' is not LSTM, GRU or SimpleRNN");
        }
        if (d == KerasDialect.TFJS) {
            c.put("name", name);
            c.put("trainable", true);
            LayerConfigWriter.tfjsInput(c, in);
        } else {
            LayerConfigWriter.header(c, name, d);
            flags(c, rc, stateful, d);
        }
        c.put("units", units);
        c.put("activation", KerasActivations.toName(act, d, at.get("activation")));
        if (rec != null) {
            c.put("recurrent_activation", KerasActivations.toName(rec, d, at.get("recurrent_activation")));
        }
        c.put("use_bias", useBias);
        c.set("kernel_initializer", KerasInitializers.write(k, d, at.get("kernel_initializer")));
        c.set("recurrent_initializer", KerasInitializers.write(r, d, at.get("recurrent_initializer")));
        c.set("bias_initializer", KerasInitializers.write(b, d, at.get("bias_initializer")));
        if (unitForgetBias != null) {
            c.put("unit_forget_bias", unitForgetBias);
        }
        c.set("kernel_regularizer", KerasWeightRules.write(rules.kernelRegularizer(), d, at.get("kernel_regularizer")));
        c.set("recurrent_regularizer", KerasWeightRules.write(rules.recurrentRegularizer(), d,
                at.get("recurrent_regularizer")));
        c.set("bias_regularizer", KerasWeightRules.write(rules.biasRegularizer(), d, at.get("bias_regularizer")));
        if (!d.isKeras3()) {
            c.putNull("activity_regularizer");
        }
        c.set("kernel_constraint", KerasWeightRules.write(rules.kernelConstraint(), d, at.get("kernel_constraint")));
        c.set("recurrent_constraint", KerasWeightRules.write(rules.recurrentConstraint(), d,
                at.get("recurrent_constraint")));
        c.set("bias_constraint", KerasWeightRules.write(rules.biasConstraint(), d, at.get("bias_constraint")));
        c.put("dropout", dropout);
        c.put("recurrent_dropout", recurrentDropout);
        if (d == KerasDialect.TFJS) {
            c.putNull("implementation");
            if (resetAfter != null) {
                c.put("reset_after", resetAfter);
            }
            flags(c, rc, stateful, d);
            return c;
        }
        if (d.isKeras3()) {
            c.putNull("seed");
        } else if (!(rc instanceof SimpleRnnConfig)) {
            // Keras parity: tf-keras SimpleRNN has no implementation key, and Keras 3 rejects it there.
            c.put("implementation", 2);
        }
        if (resetAfter != null) {
            c.put("reset_after", resetAfter);
        }
        return c;
    }

    private static void flags(ObjectNode c, RecurrentLayerConfig rc, boolean stateful, KerasDialect d) {
        c.put("return_sequences", rc.returnSequences());
        c.put("return_state", rc.returnState());
        c.put("go_backwards", rc.goBackwards());
        c.put("stateful", stateful);
        c.put("unroll", false);
        if (d.isKeras3()) {
            c.put("zero_output_for_mask", false);
        }
    }
}
