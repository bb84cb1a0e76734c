package dev.engram.io.keras.training;

import dev.engram.io.keras.KerasDialect;
import dev.engram.io.keras.ModelFormatException;
import dev.engram.io.keras.SaveOptions;
import dev.engram.io.keras.hdf5.H5Input;
import dev.engram.io.keras.hdf5.H5Output;
import dev.engram.io.keras.hdf5.KerasWeightNames;
import dev.engram.io.keras.internal.KerasLayerOrder;
import dev.engram.layers.Layer;
import dev.engram.layers.Parameter;
import dev.engram.models.Network;
import dev.engram.optimizers.Adagrad;
import dev.engram.optimizers.Adam;
import dev.engram.optimizers.Adamax;
import dev.engram.optimizers.Nadam;
import dev.engram.optimizers.Optimizer;
import dev.engram.optimizers.RmsProp;
import dev.engram.tensor.Tensor;
import io.jhdf.api.Group;
import io.jhdf.api.WritableGroup;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An engine optimizer's state as Keras's optimizer variables, in Keras's order: the tf-keras 2
 * {@code optimizer_weights} group of an {@code .h5} file ({@code iteration:0}, then
 * {@code Adam/m/dense/kernel:0}, ...) and the Keras 3 {@code optimizer/vars/<i>} of a {@code .keras}
 * archive ({@code iteration}, {@code learning_rate}, the slots, and Nadam's {@code u_product}).
 *
 * <p>The slots follow the model's trainable parameters in order. Adam, AdamW, Adamax and Nadam build
 * their two slots per parameter (interleaved); SGD and Adagrad have one; RMSprop builds each slot for
 * every parameter before the next ({@code velocity}, then {@code momentum} when momentum is not 0, then
 * {@code average_gradient} when centered), in both tf-keras 2 and Keras 3. Only optimizers whose update
 * is Keras's are mapped (the same set {@link KerasTrainingConfigWriter} writes). Keras SGD keeps
 * {@code m = momentum * m - lr * g} where the engine (TF.js) keeps {@code acc = momentum * acc + g};
 * the two are converted with {@code m = -lr * acc}, exact only for a fixed learning rate, so SGD
 * momentum state with a schedule is refused.
 *
 * <p>Not part of the public API: the h5 and {@code kerasv3} readers and writers use it.
 */
public final class KerasOptimizerState {
    /** How to save without optimizer state, for messages. */
    public static final String HINT = "SaveOptions.withOptimizerState(false)";

    /** One Keras optimizer variable: its tf-keras 2 name and its value (iteration as a long). */
    public record Variable(String name, Tensor value, long iteration) {
        /**
         * True for the iteration counter (an int64 scalar in Keras).
         *
         * @return whether this variable is the iteration counter, whose value is {@link #iteration()}
         */
        public boolean isIteration() {
            return value == null;
        }
    }

    private KerasOptimizerState() {
    }

    /**
     * The state of {@code opt} (compiled into {@code model}) as Keras's variables; empty when the
     * optimizer has not stepped (Keras writes no optimizer weights before it is built).
     *
     * @param model   the model whose trainable parameters own the slots
     * @param opt     its optimizer
     * @param keras3  true for the Keras 3 list (with {@code learning_rate} and Nadam's {@code u_product})
     * @param file    the file, for messages
     * @return the variables in Keras's order, the iteration first
     * @throws ModelFormatException if the optimizer's state has no exact Keras form; the message names
     *                              {@link #HINT}
     */
    public static List<Variable> toKeras(Network model, Optimizer opt, boolean keras3, String file)
            throws ModelFormatException {
        KerasSlotLayout layout = KerasSlotLayout.of(opt, file);
        if (opt.iterations() == 0 && opt.state().isEmpty()) {
            return List.of();
        }
        Map<String, Tensor> state = opt.state();
        List<Variable> out = new ArrayList<>();
        // Keras 3 names (used by its legacy h5 optimizer_weights; a .keras file numbers the variables).
        String k3 = layout.kerasClass().toLowerCase(java.util.Locale.ROOT) + "/";
        out.add(new Variable(keras3 ? k3 + "iteration" : "iteration:0", null, opt.iterations()));
        if (keras3 && opt.schedule() == null) {
            out.add(new Variable(k3 + "learning_rate", Tensor.wrap(dev.engram.tensor.Shape.of(), new float[] {(float) opt.learningRate()}), 0));
        }
        List<Variable> slotVars = new ArrayList<>();
        for (Parameter p : trainable(model)) {
            String base = KerasWeightNames.weightName(model, owner(model, p), p, KerasDialect.KERAS_2);
            for (int s = 0; s < layout.engineSlots().size(); s++) {
                Tensor t = state.get(p.path() + "/" + layout.engineSlots().get(s));
                float[] v = new float[p.value().size()];
                if (t == null) {
                    Arrays.fill(v, layout.initial());
                } else {
                    float[] src = t.toArray();
                    for (int i = 0; i < v.length; i++) {
                        v[i] = src[i] * layout.scale();
                    }
                }
                String name = keras3
                        ? k3 + (base.substring(0, base.length() - 2) + "_" + layout.k3Slots().get(s)).replace('/', '_')
                        : layout.kerasClass() + "/" + layout.tf2Slots().get(s) + "/" + base;
                slotVars.add(new Variable(name, Tensor.wrap(p.shape(), v), 0));
            }
            if (!keras3 && layout.tf2UnusedMomentum()) {
                slotVars.add(new Variable("SGD/m/" + base, Tensor.zeros(p.shape()), 0));
            }
        }
        out.addAll(layout.slotMajor() ? interleavedToSlotMajor(slotVars, layout.engineSlots().size()) : slotVars);
        if (keras3 && opt instanceof Nadam n) {
            out.add(new Variable(k3 + "u_product", Tensor.wrap(dev.engram.tensor.Shape.of(), new float[] {uProduct(n)}), 0));
        }
        return out;
    }

    /**
     * Restores {@code opt} from Keras's variables (values in Keras's order, the iteration first; for
     * Keras 3 also {@code learning_rate} and Nadam's {@code u_product}, which the engine rebuilds from
     * the iteration count).
     *
     * @param model     the model whose trainable parameters own the slots
     * @param opt       its optimizer, from the file's training config
     * @param iteration the iteration count read
     * @param values    the other variables in order (shapes checked against the parameters)
     * @param keras3    true for the Keras 3 list
     * @param file      the file, for messages
     * @param where     the group read, for messages
     * @throws ModelFormatException if the count or a shape does not match the model and optimizer
     */
    public static void restore(Network model, Optimizer opt, long iteration, List<Tensor> values, boolean keras3,
            String file, String where) throws ModelFormatException {
        KerasSlotLayout layout;
        try {
            layout = KerasSlotLayout.of(opt, file);
        } catch (ModelFormatException e) {
            throw new ModelFormatException(file, where, "cannot restore the optimizer state: " + e.getMessage()
                    .replace("; save with " + HINT + " (the training config is kept)", ""));
        }
        List<Parameter> params = trainable(model);
        int slots = layout.engineSlots().size();
        boolean lrVar = keras3 && opt.schedule() == null;
        int expected = params.size() * slots + (lrVar ? 1 : 0) + (keras3 && opt instanceof Nadam ? 1 : 0);
        if (!keras3 && layout.tf2UnusedMomentum() && !params.isEmpty() && values.size() == params.size()) {
            values = List.of(); // tf-keras's SGD slots without momentum: never read by an update (see layout)
        }
        boolean unbuilt = values.size() == (lrVar ? 1 : 0) && expected > values.size();
        if (unbuilt) {
            // An optimizer Keras never built (compiled, not trained) saves only its iteration (and Keras 3
            // its learning rate): the slots start fresh, as they would in Keras.
            params = List.of();
        } else if (values.size() != expected) {
            throw new ModelFormatException(file, where, "the optimizer " + opt.name() + " of this model has "
                    + (expected + 1) + " variables (iteration" + (lrVar ? ", learning_rate" : "") + ", " + slots
                    + " per trainable parameter x " + params.size() + "), the file " + (values.size() + 1));
        }
        if (iteration < 0) {
            throw new ModelFormatException(file, where, "negative iteration count " + iteration);
        }
        if (layout.slotMajor() && !unbuilt) {
            int from = lrVar ? 1 : 0;
            List<Tensor> reordered = new ArrayList<>(values.subList(0, from));
            reordered.addAll(slotMajorToInterleaved(values.subList(from, from + params.size() * slots), slots));
            reordered.addAll(values.subList(from + params.size() * slots, values.size()));
            values = reordered;
        }
        int k = 0;
        float lr = Float.NaN;
        if (lrVar) {
            lr = values.get(k++).toArray()[0];
            if (!(lr > 0) || Float.isInfinite(lr)) {
                throw new ModelFormatException(file, where, "learning_rate " + lr + " is not a positive number");
            }
        }
        Map<String, Tensor> state = new LinkedHashMap<>();
        for (Parameter p : params) {
            for (int s = 0; s < slots; s++) {
                Tensor t = values.get(k++);
                if (t.size() != p.value().size()) {
                    throw new ModelFormatException(file, where, "slot " + layout.tf2Slots().get(s) + " of "
                            + p.path() + " has shape " + t.shape() + ", the parameter " + p.shape());
                }
                float[] v = t.toArray().clone();
                for (int i = 0; i < v.length; i++) {
                    v[i] /= layout.scale();
                }
                state.put(p.path() + "/" + layout.engineSlots().get(s), Tensor.wrap(p.shape(), v));
            }
            if (opt instanceof RmsProp r && r.momentum() == 0) {
                // the engine keeps a momentum slot Keras does not build without momentum; 0 is its start
                state.put(p.path() + "/momentum", Tensor.zeros(p.shape()));
            }
        }
        if (lrVar) {
            // ReduceLROnPlateau and friends change the variable, not the saved config.
            opt.setLearningRate(lr);
        }
        opt.setState(state, iteration);
    }

    /**
     * Writes one variable as a dataset at {@code name} below {@code g} (slash-separated; groups
     * created): the iteration as an int64 scalar, other scalars as float32 scalars, as Keras does.
     *
     * @param g    the group
     * @param name the dataset's path
     * @param v    the variable
     */
    public static void put(WritableGroup g, String name, Variable v) {
        if (v.isIteration() || v.value().shape().rank() == 0) {
            int cut = name.lastIndexOf('/');
            WritableGroup parent = g;
            if (cut > 0) {
                for (String part : name.substring(0, cut).split("/")) {
                    parent = H5Output.childGroup(parent, part);
                }
            }
            String leaf = name.substring(cut + 1);
            if (v.isIteration()) {
                parent.putDataset(leaf, v.iteration());
            } else {
                parent.putDataset(leaf, v.value().toArray()[0]);
            }
        } else {
            H5Output.putTensor(g, name, v.value());
        }
    }

    /**
     * Reads an h5 file's {@code optimizer_weights} group into {@code model}'s compiled optimizer, by
     * position as Keras does, in any of three layouts: tf-keras 2.11+ ({@code iteration:0}, slots per
     * variable), Keras 2 legacy optimizers ({@code Adam/iter:0}, each slot for all variables in turn)
     * and Keras 3 legacy h5 ({@code adam/iteration}, {@code adam/learning_rate}, slots per variable).
     * Nothing changes when the group is absent. Older layouts (Keras 1 and standalone Keras 2 name
     * their variables {@code Variable_<n>:0}, with no recoverable order) leave the optimizer fresh, as
     * Keras does when it cannot load a file's optimizer state; the reason is returned.
     *
     * @param in    the open file
     * @param root  the file's root group
     * @param model the model, compiled from the file's training config
     * @return null when the state was restored or the file has none, else why it was not restored
     * @throws ModelFormatException if the group does not match the model and optimizer
     */
    public static String readH5(H5Input in, Group root, Network model) throws ModelFormatException {
        Optimizer opt = model.optimizer();
        if (opt == null || !(in.childOrNull(root, "optimizer_weights") instanceof Group g)) {
            return null;
        }
        List<String> names = in.nameListAttribute(g, "weight_names");
        if (names == null || names.isEmpty()) {
            return null;
        }
        String first = names.get(0);
        boolean keras3 = first.endsWith("/iteration");
        boolean legacy = first.endsWith("/iter:0");
        if (!keras3 && !legacy && !first.startsWith("iteration")) {
            return "optimizer state not restored (the optimizer starts fresh, as in Keras): the first optimizer"
                    + " weight is '" + first + "', not an iteration count of a known layout (iteration:0 of"
                    + " tf-keras 2.11+, <name>/iter:0 of Keras 2 legacy optimizers, <name>/iteration of Keras 3)";
        }
        long iteration = in.integerScalar(g, first);
        List<Tensor> values = new ArrayList<>();
        for (String n : names.subList(1, names.size())) {
            values.add(in.floatDataset(g, n));
        }
        if (legacy && !KerasSlotLayout.of(opt, in.fileName()).slotMajor()) {
            // restore() reorders slot-major layouts itself
            values = slotMajorToInterleaved(values, KerasSlotLayout.of(opt, in.fileName()).engineSlots().size());
        }
        restore(model, opt, iteration, values, keras3, in.fileName(), "/optimizer_weights");
        return null;
    }

    /**
     * Keras 2's legacy optimizers (before tf-keras 2.11) list each slot for every variable before the
     * next slot ({@code m} of all, then {@code v} of all); the new ones interleave per variable.
     */
    private static <T> List<T> slotMajorToInterleaved(List<T> values, int slots) {
        if (slots <= 1 || values.size() % slots != 0) {
            return values; // one slot: the same order; a wrong count is reported by restore
        }
        int params = values.size() / slots;
        List<T> out = new ArrayList<>();
        for (int p = 0; p < params; p++) {
            for (int s = 0; s < slots; s++) {
                out.add(values.get(s * params + p));
            }
        }
        return out;
    }

    /** The inverse of {@link #slotMajorToInterleaved}: per-parameter slots to each slot for all parameters. */
    private static <T> List<T> interleavedToSlotMajor(List<T> values, int slots) {
        int params = values.size() / slots;
        List<T> out = new ArrayList<>();
        for (int s = 0; s < slots; s++) {
            for (int p = 0; p < params; p++) {
                out.add(values.get(p * slots + s));
            }
        }
        return out;
    }

    /** Keras's {@code _u_product} after {@code iterations} steps, as the engine's Nadam computes it. */
    private static float uProduct(Nadam n) {
        float u = 1f;
        for (long k = 1; k <= n.iterations(); k++) {
            u = u * (float) n.beta1() * (1f - 0.5f * (float) Math.pow(0.96f, (float) k));
        }
        return u;
    }

    private static List<Parameter> trainable(Network model) {
        List<Parameter> out = new ArrayList<>();
        // Keras builds its slots over model.trainable_variables, which follow model.layers' order.
        for (Layer l : KerasLayerOrder.of(model)) {
            for (Parameter p : l.parameters()) {
                if (p.trainable()) {
                    out.add(p);
                }
            }
        }
        return out;
    }

    private static Layer owner(Network model, Parameter p) {
        for (Layer l : model.layers()) {
            if (l.parameters().contains(p)) {
                return l;
            }
        }
        throw new IllegalStateException("parameter " + p.path() + " belongs to no layer of " + model.name());
    }
}
