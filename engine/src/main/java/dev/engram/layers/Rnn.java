package dev.engram.layers;

import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * The generic recurrent layer over one cell or a stack of cells (TF.js {@code tf.layers.rnn} with
 * {@code lstmCell}/{@code gruCell}/{@code simpleRNNCell} and {@code StackedRNNCells}; Keras
 * {@code RNN}). At each step the cells run in order, cell {@code k} reading cell {@code k-1}'s new
 * output; the layer's output is the last cell's. Over a whole sequence this is exactly the chain of
 * per-cell recurrent layers, each returning its sequence to the next, so each cell runs as an
 * {@link Lstm}, {@link Gru} or {@link SimpleRnn} sub-layer on the engine's fused kernels:
 *
 * <ul>
 * <li><b>goBackwards</b>: the first cell reads the input last to first; later cells read the
 * sequence in that processing order, and the output stays in it (not re-reversed).
 * <li><b>Masking</b>: every cell gets the mask (in processing order), so at a masked step every
 * cell keeps its state and the output repeats the previous one, as TF.js's {@code rnn()} does for
 * the stacked cell as a whole. The output mask is the input mask with returnSequences, else none.
 * <li><b>Initial states</b> follow the sequence as extra inputs, and with returnState the final
 * states follow the output: every cell's states, listed per {@link RnnConfig#stateOrder()} (TF.js:
 * last cell first; Keras: first cell first), each {@code [batch, units of its cell]}.
 * <li><b>stateful</b>, <b>dropout</b> and <b>recurrentDropout</b> act per cell as in
 * {@link RecurrentLayer}; {@link #resetStates()} resets every cell.
 * </ul>
 *
 * <p>Parameters: each cell's kernel, recurrent kernel and bias, cell by cell, named
 * {@code <rnn>/RNNCell_<k>/kernel} for stacked cells (TF.js's names) and {@code <rnn>/kernel} for a
 * single cell.
 */
public final class Rnn extends Layer {
    private final RnnConfig config;
    private final List<RecurrentLayer> cellLayers;

    Rnn(String name, RnnConfig config) {
        super(name);
        this.config = config;
        List<RecurrentLayer> layers = new ArrayList<>();
        List<RecurrentLayerConfig<?>> cells = config.cells();
        for (int k = 0; k < cells.size(); k++) {
            RecurrentLayerConfig<?> c = cells.get(k);
            boolean last = k == cells.size() - 1;
            LayerConfig<?> sub = c.withSettings(c.settings().edit(s -> {
                s.returnSequences = !last || config.returnSequences();
                s.returnState = config.returnState();
                s.stateful = config.stateful();
            })).withGoBackwards(k == 0 && config.goBackwards()).withName(null);
            String scope = config.stacked() ? name + "/RNNCell_" + k : name;
            // Named after its parameter scope, so sub-layer names are unique in a model (cell names need not be).
            RecurrentLayer layer = (RecurrentLayer) sub.create(scope);
            layer.scopeParameters(scope, Direction.NONE);
            layers.add(layer);
        }
        this.cellLayers = List.copyOf(layers);
    }

    @Override
    public RnnConfig config() {
        return config;
    }

    /**
     * The per-cell recurrent sub-layers, first to last (each an {@link Lstm}, {@link Gru} or
     * {@link SimpleRnn}); their parameters are this layer's.
     *
     * @return the sub-layers
     */
    public List<RecurrentLayer> cellLayers() {
        return cellLayers;
    }

    /**
     * Scopes the cells' parameters under {@code scope} with {@code direction}, as a wrapper scopes its
     * sub-layer (Bidirectional's {@code <wrapper>/forward_<rnn>}): each cell's parameters stay unique in
     * the model and carry the wrapper half's direction.
     */
    void scopeCells(String scope, Direction direction) {
        for (int k = 0; k < cellLayers.size(); k++) {
            cellLayers.get(k).scopeParameters(config.stacked() ? scope + "/RNNCell_" + k : scope, direction);
        }
    }

    /** Forgets the carried states of every cell of a stateful RNN (the next call starts from zero). */
    public void resetStates() {
        cellLayers.forEach(RecurrentLayer::resetStates);
    }

    @Override
    public List<Parameter> parameters() {
        List<Parameter> all = new ArrayList<>();
        cellLayers.forEach(l -> all.addAll(l.parameters()));
        return Collections.unmodifiableList(all);
    }

    @Override
    public boolean supportsMasking() {
        return true;
    }

    /** TF.js/Keras parity: the input mask goes on with returnSequences; the last-step output has none. */
    @Override
    public Tensor computeMask(List<Tensor> inputs, Tensor mask) {
        return config.returnSequences() ? mask : null;
    }

    @Override
    public int outputCount() {
        return config.returnState() ? 1 + config.stateCount() : 1;
    }

    @Override
    public String inputHint() {
        return cellLayers.get(0).inputHint();
    }

    @Override
    protected List<Shape> doBuildAll(List<Shape> shapes, RandomGenerator random) {
        int states = config.stateCount();
        if (shapes.size() != 1 && shapes.size() != 1 + states) {
            throw new IllegalArgumentException("Layer '" + name() + "' (RNN) takes the sequence, optionally followed"
                    + " by the " + states + " initial state(s) of its cells, " + stateList() + "; got " + shapes.size()
                    + " inputs");
        }
        List<RnnConfig.StateSlot> slots = config.stateSlots();
        for (int i = 1; i < shapes.size(); i++) {
            Shape expected = Shape.of(config.cells().get(slots.get(i - 1).cell()).units());
            if (!shapes.get(i).equals(expected)) {
                throw new IncompatibleShapeException(name(), i, expected.prepend(Shape.UNKNOWN),
                        shapes.get(i).prepend(Shape.UNKNOWN), "(RNN initial states " + stateList() + ")");
            }
        }
        List<List<Shape>> perCell = split(shapes, shapes.size() > 1);
        List<Shape> seq = null;
        Shape in = shapes.get(0);
        List<List<Shape>> finals = new ArrayList<>();
        for (int k = 0; k < cellLayers.size(); k++) {
            List<Shape> ins = new ArrayList<>();
            ins.add(k == 0 ? in : seq.get(0));
            ins.addAll(perCell.get(k));
            try {
                seq = cellLayers.get(k).buildAll(ins, random);
            } catch (IncompatibleShapeException e) {
                throw renamed(e);
            }
            finals.add(seq.subList(1, seq.size()));
        }
        List<Shape> out = new ArrayList<>();
        out.add(seq.get(0));
        if (config.returnState()) {
            for (RnnConfig.StateSlot slot : config.stateSlots()) {
                out.add(finals.get(slot.cell()).get(slot.state()));
            }
        }
        return out;
    }

    /** The expected initial states, e.g. {@code [h of cell 1 [batch, 4], c of cell 1 [batch, 4], h of cell 0 [batch, 8]]}. */
    private String stateList() {
        List<String> parts = new ArrayList<>();
        for (RnnConfig.StateSlot slot : config.stateSlots()) {
            parts.add((slot.state() == 0 ? "h" : "c") + " of cell " + slot.cell() + " [batch, "
                    + config.cells().get(slot.cell()).units() + "]");
        }
        return parts.toString();
    }

    /** The first cell's shape error as this layer's. */
    private IncompatibleShapeException renamed(IncompatibleShapeException e) {
        return new IncompatibleShapeException(name(), 0, e.expected(), e.found(),
                "(RNN: " + cellLayers.get(0).inputHint() + ")");
    }

    /** The flat list {@code [x, states...]} split into each cell's states, in the cell's own order. */
    private <T> List<List<T>> split(List<T> inputs, boolean withStates) {
        List<List<T>> perCell = new ArrayList<>();
        for (RecurrentLayer l : cellLayers) {
            perCell.add(new ArrayList<>(Collections.nCopies(withStates ? l.stateCount() : 0, null)));
        }
        if (withStates) {
            List<RnnConfig.StateSlot> slots = config.stateSlots();
            for (int i = 0; i < slots.size(); i++) {
                perCell.get(slots.get(i).cell()).set(slots.get(i).state(), i + 1 < inputs.size() ? inputs.get(i + 1)
                        : null);
            }
        }
        return perCell;
    }

    @Override
    protected void checkInput(int index, Tensor input) {
        if (index == 0) {
            try {
                cellLayers.get(0).checkInput(0, input);
            } catch (IncompatibleShapeException e) {
                throw renamed(e);
            }
        } else {
            super.checkInput(index, input);
        }
    }

    @Override
    protected List<Tensor> doCallAll(List<Tensor> inputs, Tensor mask) {
        List<List<Tensor>> perCell = split(inputs, inputs.size() > 1);
        List<List<Tensor>> outs = new ArrayList<>();
        Tensor seq = inputs.get(0);
        for (int k = 0; k < cellLayers.size(); k++) {
            List<Tensor> r = cellLayers.get(k).callAll(cellInputs(seq, perCell.get(k)), cellMask(k, mask));
            outs.add(r);
            seq = r.get(0);
        }
        return collect(seq, outs);
    }

    private static List<Tensor> cellInputs(Tensor seq, List<Tensor> states) {
        List<Tensor> ins = new ArrayList<>();
        ins.add(seq);
        ins.addAll(states);
        return ins;
    }

    /** Cells after the first read the sequence in processing order, so with goBackwards their mask is reversed. */
    private Tensor cellMask(int cell, Tensor mask) {
        return mask != null && cell > 0 && config.goBackwards() ? Bidirectional.reverseTime(mask) : mask;
    }

    /** The output {@code seq}, then with returnState every cell's final states in the configured order. */
    private List<Tensor> collect(Tensor seq, List<List<Tensor>> cellOutputs) {
        List<Tensor> out = new ArrayList<>();
        out.add(seq);
        if (config.returnState()) {
            for (RnnConfig.StateSlot slot : config.stateSlots()) {
                out.add(cellOutputs.get(slot.cell()).get(1 + slot.state()));
            }
        }
        return out;
    }

    @Override
    protected ForwardPass doForwardAll(List<Tensor> inputs, Tensor mask, TrainingContext context) {
        boolean given = inputs.size() > 1;
        List<List<Tensor>> perCell = split(inputs, given);
        List<ForwardPass> passes = new ArrayList<>();
        List<List<Tensor>> outs = new ArrayList<>();
        Tensor seq = inputs.get(0);
        for (int k = 0; k < cellLayers.size(); k++) {
            ForwardPass p = cellLayers.get(k).forward(cellInputs(seq, perCell.get(k)), cellMask(k, mask), context);
            passes.add(p);
            outs.add(p.outputs());
            seq = p.outputs().get(0);
        }
        return ForwardPass.ofAll(List.copyOf(collect(seq, outs)), grads -> backprop(passes, grads, given));
    }

    /** Back through the cells last to first; each cell's input gradient is the output gradient of the one before. */
    private List<Tensor> backprop(List<ForwardPass> passes, List<Tensor> grads, boolean given) {
        List<RnnConfig.StateSlot> slots = config.stateSlots();
        List<List<Tensor>> dFinal = split(config.returnState() ? grads : List.of(), config.returnState());
        Tensor[] dInitial = new Tensor[slots.size()];
        Tensor dSeq = grads.isEmpty() ? null : grads.get(0);
        for (int k = cellLayers.size() - 1; k >= 0; k--) {
            List<Tensor> g = new ArrayList<>();
            g.add(dSeq);
            g.addAll(dFinal.get(k));
            if (g.stream().allMatch(t -> t == null)) {
                dSeq = null;
                continue;
            }
            List<Tensor> d = passes.get(k).backwardAll(g);
            dSeq = d.get(0);
            for (int i = 0; i < slots.size() && given; i++) {
                if (slots.get(i).cell() == k) {
                    dInitial[i] = d.get(1 + slots.get(i).state());
                }
            }
        }
        List<Tensor> out = new ArrayList<>();
        out.add(dSeq);
        if (given) {
            out.addAll(Arrays.asList(dInitial));
        }
        return out;
    }
}
