package dev.engram.io.keras.layers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.io.keras.KerasDialect;
import dev.engram.io.keras.ModelFormatException;
import dev.engram.io.keras.UnsupportedLayerException;
import dev.engram.io.keras.internal.ConfigNode;
import dev.engram.io.keras.internal.KerasWeightRules;
import dev.engram.regularizers.ActivityRegularizer;
import dev.engram.regularizers.ActivityScaling;

/**
 * The {@code activity_regularizer} key of every layer, read and written in one place for all codecs
 * (every Keras layer takes it: tf-keras and Keras 3 accept it in the base {@code Layer} constructor,
 * and Keras 3's base {@code get_config} writes it for any layer that has one; tf-keras 2.18's
 * {@code from_config} honours it on Dropout, Flatten, pooling, merge and Reshape layers too, although its
 * own {@code get_config} of those layers leaves it out, so a tf-keras re-save drops it there).
 *
 * <p>Its meaning depends on the writer, like {@code hard_sigmoid}: tf.keras and tf-keras 2 divide
 * each output's penalty by the batch size ({@link ActivityScaling#BATCH_MEAN}), Keras 3 does not
 * ({@link ActivityScaling#SUM}). Refused: TF.js files (tfjs-layers 4.22 throws "Layer invocation in
 * the presence of activity regularizer(s) is not supported yet" when Dense, a convolution or
 * Embedding is called, and its recurrent layers ignore the key, so no TF.js reader trains such a
 * model as Keras does), Keras 1 files, wrapped layers (Bidirectional, TimeDistributed, RNN cells:
 * the peers disagree there) and writing a scaling the target dialect does not compute.
 */
final class ActivityRegularizerKeys {
    static final String KEY = "activity_regularizer";

    private ActivityRegularizerKeys() {
    }

    /**
     * The activity regularizer of the layer config object {@code c}, read before the codec reads the
     * rest so that a refusal names this key.
     *
     * @param c   the layer's {@code config} object
     * @param ctx the layer being read
     * @return the regularizer in the file's scaling, or null when the layer has none
     * @throws ModelFormatException when the dialect or the place cannot have one, or the regularizer is unsupported
     */
    static ActivityRegularizer read(ConfigNode c, KerasReadContext ctx) throws ModelFormatException {
        ConfigNode v = c.get(KEY);
        if (v.isNullOrMissing()) {
            return null;
        }
        KerasDialect d = ctx.dialect();
        String why = switch (d) {
            case TFJS -> "TF.js 4.22 cannot train it (tfjs-layers throws 'Layer invocation in the presence of activity"
                    + " regularizer(s) is not supported yet' for Dense, convolutions and Embedding, and its recurrent"
                    + " layers ignore it); Engram reads activity regularizers from Keras 2 and Keras 3 files";
            case KERAS_1 -> "Keras 1 activity regularizers are not read";
            default -> ctx.inWrapper() ? "Engram refuses activity regularizers on a wrapped layer (tf-keras's"
                    + " TimeDistributed divides the penalty by batch times steps, Keras 3's skips it); put it on the"
                    + " wrapper" : null;
        };
        if (why != null) {
            throw new UnsupportedLayerException(c.file(), v.pointer(), ctx.name(), ctx.className(), ctx.className()
                    + " '" + ctx.name() + "' has " + KEY + " " + v.describe() + "; " + why);
        }
        return new ActivityRegularizer(KerasWeightRules.regularizer(v, d), scaling(d));
    }

    /**
     * Refuses an activity regularizer where the layer cannot carry one (an RNN's cells).
     *
     * @param c    the cell's {@code config} object
     * @param name the RNN's name
     * @param cls  the cell's class
     * @throws ModelFormatException when the cell has one
     */
    static void refuseInCell(ConfigNode c, String name, String cls) throws ModelFormatException {
        ConfigNode v = c.get(KEY);
        if (!v.isNullOrMissing()) {
            throw new UnsupportedLayerException(c.file(), v.pointer(), name, "RNN", "RNN '" + name + "' has a " + cls
                    + " with " + KEY + " " + v.describe() + "; Engram penalises a layer's outputs, not each step of a"
                    + " cell inside an RNN: put the activity regularizer on the RNN layer");
        }
    }

    /**
     * Sets {@code activity_regularizer} in a written layer config.
     *
     * @param c     the written {@code config} object
     * @param r     the layer's activity regularizer, or null (then the key is left as the codec wrote it)
     * @param name  the layer's name
     * @param d     the dialect written
     * @param where the entry's place in the written file
     * @throws ModelFormatException when the dialect cannot express it
     */
    static void write(ObjectNode c, ActivityRegularizer r, String name, KerasDialect d, ConfigNode where)
            throws ModelFormatException {
        if (r == null) {
            return;
        }
        checkWritable(r, name, d, where);
        c.set(KEY, KerasWeightRules.write(r.regularizer(), d, where));
    }

    /**
     * Refuses a dialect that cannot save {@code r}: TF.js and Keras 1, and a scaling the dialect does not compute.
     *
     * @param r     the activity regularizer
     * @param name  the layer's name
     * @param d     the dialect written
     * @param where the place in the written file
     * @throws ModelFormatException when the dialect cannot express it
     */
    static void checkWritable(ActivityRegularizer r, String name, KerasDialect d, ConfigNode where)
            throws ModelFormatException {
        if (d == KerasDialect.TFJS || d == KerasDialect.KERAS_1) {
            throw where.error("layer '" + name + "' has an activity regularizer, which " + d + " cannot save"
                    + (d == KerasDialect.TFJS ? " (TF.js 4.22 refuses to call such a layer, or ignores it on recurrent"
                            + " layers); save it as Keras 2 or Keras 3" : ""));
        }
        if (r.scaling() != scaling(d)) {
            throw where.error("layer '" + name + "' has an activity regularizer scaled as " + r.scaling() + ", but "
                    + d + " computes " + scaling(d) + " (tf-keras divides each output's penalty by the batch size,"
                    + " Keras 3 does not); save it as " + (r.scaling() == ActivityScaling.SUM ? "Keras 3" : "Keras 2")
                    + " or give the layer ActivityRegularizer." + (d.isKeras3() ? "of" : "batchMean"));
        }
    }

    /** What {@code activity_regularizer} means in a dialect's files. */
    static ActivityScaling scaling(KerasDialect d) {
        // Keras parity: tf-keras base_layer._handle_activity_regularization divides by the batch size; Keras 3 does not.
        return d.isKeras3() ? ActivityScaling.SUM : ActivityScaling.BATCH_MEAN;
    }
}
