package dev.engram.layers;

import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Runs a recurrent layer (LSTM, GRU, SimpleRNN, or an {@link Rnn} over cells) over the sequence in both directions and merges the two outputs (Schuster
 * and Paliwal, 1997, "Bidirectional recurrent neural networks"), as TF.js's and Keras's
 * {@code Bidirectional} wrapper.
 *
 * <p>The sub-layers are copies of the wrapped configuration named {@code forward_<name>} and
 * {@code backward_<name>}; the backward copy has goBackwards flipped. With returnSequences the
 * backward output (in processing order) is reversed back to input time order before merging, so
 * step t of both halves refers to input step t. Merge modes: concat {@code [f, b]} on the last axis
 * (default), sum {@code f + b}, mul {@code f ⊙ b}, ave {@code 0.5·(f + b)}, none (two outputs,
 * forward first). With returnState the forward layer's final states follow, then the backward
 * layer's. A time-step mask reaches both directions; the output keeps it only with returnSequences.
 *
 * <p>Parameters: the forward layer's, then the backward layer's, named
 * {@code <this>/forward_<name>/kernel} and so on (the TF.js and Keras weight names).
 */
public final class Bidirectional extends Layer {
    private final BidirectionalConfig config;
    private final boolean returnSequences;
    private final Layer forwardLayer;
    private final Layer backwardLayer;

    Bidirectional(String name, BidirectionalConfig config) {
        super(name);
        this.config = config;
        BidirectionalConfig.recurrent(config.layer(), "Bidirectional '" + name + "'");
        this.returnSequences = config.innerReturnSequences();
        String inner = config.innerName();
        this.forwardLayer = config.layer().create("forward_" + inner);
        this.backwardLayer = config.mirror().create("backward_" + inner);
        forwardLayer.scopeParameters(name + "/forward_" + inner, Direction.FORWARD);
        backwardLayer.scopeParameters(name + "/backward_" + inner, Direction.BACKWARD);
        if (forwardLayer instanceof Rnn f && backwardLayer instanceof Rnn b) {
            f.scopeCells(name + "/forward_" + inner, Direction.FORWARD);
            b.scopeCells(name + "/backward_" + inner, Direction.BACKWARD);
        }
    }

    @Override
    public BidirectionalConfig config() {
        return config;
    }

    /**
     * The sub-layer reading the sequence in the wrapped layer's own direction.
     *
     * @return the forward sub-layer
     */
    public Layer forwardLayer() {
        return forwardLayer;
    }

    /**
     * The sub-layer reading in the opposite direction (goBackwards flipped).
     *
     * @return the backward sub-layer
     */
    public Layer backwardLayer() {
        return backwardLayer;
    }

    @Override
    public boolean supportsMasking() {
        return true;
    }

    @Override
    public Tensor computeMask(List<Tensor> inputs, Tensor mask) {
        // TF.js parity: the mask goes on with the (merged) sequence output only.
        return returnSequences ? mask : null;
    }

    @Override
    public int outputCount() {
        int states = forwardLayer.outputCount() - 1;
        return (config.mergeMode() == BidirectionalMergeMode.NONE ? 2 : 1) + 2 * states;
    }

    @Override
    public List<Parameter> parameters() {
        List<Parameter> all = new ArrayList<>(forwardLayer.parameters());
        all.addAll(backwardLayer.parameters());
        return java.util.Collections.unmodifiableList(all);
    }

    @Override
    public String inputHint() {
        return forwardLayer.inputHint();
    }

    @Override
    protected List<Shape> doBuildAll(List<Shape> shapes, RandomGenerator random) {
        if (shapes.size() != 1) {
            throw new IllegalArgumentException("Layer '" + name() + "' (Bidirectional) takes 1 input, got "
                    + shapes.size());
        }
        List<Shape> f;
        try {
            f = forwardLayer.buildAll(shapes, random);
        } catch (IncompatibleShapeException e) {
            throw renamed(e);
        }
        backwardLayer.buildAll(shapes, random);
        Shape out = f.get(0);
        List<Shape> result = new ArrayList<>();
        switch (config.mergeMode()) {
            case CONCAT -> result.add(out.withLast(out.dim(-1) * 2));
            case NONE -> {
                result.add(out);
                result.add(out);
            }
            default -> result.add(out);
        }
        List<Shape> states = f.subList(1, f.size());
        result.addAll(states);
        result.addAll(states);
        return result;
    }

    private IncompatibleShapeException renamed(IncompatibleShapeException e) {
        return new IncompatibleShapeException(name(), 0, e.expected(), e.found(),
                "(Bidirectional over " + forwardLayer.typeName() + ": " + forwardLayer.inputHint() + ")");
    }

    @Override
    protected void checkInput(int index, Tensor input) {
        try {
            forwardLayer.checkInput(index, input);
        } catch (IncompatibleShapeException e) {
            throw renamed(e);
        }
    }

    @Override
    protected List<Tensor> doCallAll(List<Tensor> inputs, Tensor mask) {
        return merge(forwardLayer.callAll(inputs, mask), backwardLayer.callAll(inputs, mask), mask);
    }

    /**
     * {@code seq} ({@code [batch, steps, units]}, input time order) with the masked steps set to zero
     * when the config asks for it (Keras parity: Keras forces zero_output_for_mask on both directions
     * of a Bidirectional that returns sequences); otherwise {@code seq} itself.
     */
    private Tensor zeroMasked(Tensor seq, Tensor mask) {
        if (seq == null || mask == null || !config.zeroMaskedSteps() || !returnSequences) {
            return seq;
        }
        float[] v = seq.buffer().clone();
        float[] m = mask.buffer();
        int units = seq.shape().dim(-1);
        for (int bt = 0; bt < m.length; bt++) {
            if (m[bt] == 0f) {
                java.util.Arrays.fill(v, bt * units, (bt + 1) * units, 0f);
            }
        }
        return Tensor.wrap(seq.shape(), v);
    }

    /** Builds this layer's outputs from the two directions' outputs. */
    private List<Tensor> merge(List<Tensor> f, List<Tensor> b, Tensor mask) {
        Tensor y = zeroMasked(f.get(0), mask);
        // TF.js parity: only a sequence output is re-reversed (tfc.reverse(yRev, 1)).
        Tensor yRev = zeroMasked(returnSequences ? reverseTime(b.get(0)) : b.get(0), mask);
        List<Tensor> out = new ArrayList<>();
        float[] a = y.buffer();
        float[] r = yRev.buffer();
        switch (config.mergeMode()) {
            case CONCAT -> out.add(concatLast(y, yRev));
            case NONE -> {
                out.add(y);
                out.add(yRev);
            }
            default -> {
                float[] m = new float[a.length];
                for (int i = 0; i < m.length; i++) {
                    m[i] = switch (config.mergeMode()) {
                        case SUM -> a[i] + r[i];
                        case MUL -> a[i] * r[i];
                        default -> 0.5f * (a[i] + r[i]); // TF.js parity: mul(.5, add(y, yRev))
                    };
                }
                out.add(Tensor.wrap(y.shape(), m));
            }
        }
        out.addAll(f.subList(1, f.size()));
        out.addAll(b.subList(1, b.size()));
        return out;
    }

    @Override
    protected ForwardPass doForwardAll(List<Tensor> inputs, Tensor mask, TrainingContext context) {
        ForwardPass fp = forwardLayer.forward(inputs, mask, context);
        ForwardPass bp = backwardLayer.forward(inputs, mask, context);
        List<Tensor> outs = merge(fp.outputs(), bp.outputs(), mask);
        return ForwardPass.ofAll(outs, grads -> backprop(fp, bp, grads, mask));
    }

    private List<Tensor> backprop(ForwardPass fp, ForwardPass bp, List<Tensor> grads, Tensor mask) {
        Tensor y = fp.outputs().get(0);
        Tensor b0 = bp.outputs().get(0);
        Tensor yRev = returnSequences ? reverseTime(b0) : b0;
        Tensor g = at(grads, 0);
        Tensor dY = null;
        Tensor dYRev = null;
        if (config.mergeMode() == BidirectionalMergeMode.NONE) {
            dY = g;
            dYRev = at(grads, 1);
        } else if (g != null) {
            float[] d = g.buffer();
            switch (config.mergeMode()) {
                case CONCAT -> {
                    Tensor[] halves = splitLast(g, y.shape().dim(-1));
                    dY = halves[0];
                    dYRev = halves[1];
                }
                case SUM -> {
                    dY = g;
                    dYRev = g;
                }
                case AVE -> {
                    float[] h = new float[d.length];
                    for (int i = 0; i < h.length; i++) {
                        h[i] = 0.5f * d[i];
                    }
                    dY = Tensor.wrap(g.shape(), h);
                    dYRev = dY;
                }
                case MUL -> {
                    float[] a = y.buffer();
                    float[] r = yRev.buffer();
                    float[] da = new float[d.length];
                    float[] dr = new float[d.length];
                    for (int i = 0; i < d.length; i++) {
                        da[i] = d[i] * r[i];
                        dr[i] = d[i] * a[i];
                    }
                    dY = Tensor.wrap(g.shape(), da);
                    dYRev = Tensor.wrap(g.shape(), dr);
                }
                default -> throw new IllegalStateException(config.mergeMode().toString());
            }
        }
        // Zeroed steps are constants: no gradient flows back through them.
        dY = zeroMasked(dY, mask);
        dYRev = zeroMasked(dYRev, mask);
        Tensor dB0 = dYRev != null && returnSequences ? reverseTime(dYRev) : dYRev;
        int states = fp.outputs().size() - 1;
        int first = config.mergeMode() == BidirectionalMergeMode.NONE ? 2 : 1;
        Tensor[] fg = new Tensor[states + 1];
        Tensor[] bg = new Tensor[states + 1];
        fg[0] = dY;
        bg[0] = dB0;
        for (int s = 0; s < states; s++) {
            fg[s + 1] = at(grads, first + s);
            bg[s + 1] = at(grads, first + states + s);
        }
        List<Tensor> dxF = anyNonNull(fg) ? fp.backwardAll(Arrays.asList(fg)) : null;
        List<Tensor> dxB = anyNonNull(bg) ? bp.backwardAll(Arrays.asList(bg)) : null;
        if (dxF == null) {
            return dxB != null ? dxB : Arrays.asList((Tensor) null);
        }
        if (dxB == null) {
            return dxF;
        }
        List<Tensor> sum = new ArrayList<>();
        for (int i = 0; i < dxF.size(); i++) {
            sum.add(add(dxF.get(i), i < dxB.size() ? dxB.get(i) : null));
        }
        return sum;
    }

    private static Tensor at(List<Tensor> grads, int i) {
        return i < grads.size() ? grads.get(i) : null;
    }

    private static boolean anyNonNull(Tensor[] ts) {
        for (Tensor t : ts) {
            if (t != null) {
                return true;
            }
        }
        return false;
    }

    private static Tensor add(Tensor a, Tensor b) {
        if (a == null || b == null) {
            return a == null ? b : a;
        }
        float[] s = a.toArray();
        float[] d = b.buffer();
        for (int i = 0; i < s.length; i++) {
            s[i] += d[i];
        }
        return Tensor.wrap(a.shape(), s);
    }

    /** {@code [batch, T, ...]} with the time axis reversed. */
    static Tensor reverseTime(Tensor t) {
        int batch = t.shape().dim(0);
        int steps = t.shape().dim(1);
        int block = t.size() / Math.max(1, batch * steps);
        float[] src = t.buffer();
        float[] dst = new float[src.length];
        for (int b = 0; b < batch; b++) {
            for (int s = 0; s < steps; s++) {
                System.arraycopy(src, (b * steps + s) * block, dst, (b * steps + steps - 1 - s) * block, block);
            }
        }
        return Tensor.wrap(t.shape(), dst);
    }

    private static Tensor concatLast(Tensor a, Tensor b) {
        int u = a.shape().dim(-1);
        int rows = a.size() / u;
        float[] out = new float[2 * a.size()];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(a.buffer(), r * u, out, 2 * r * u, u);
            System.arraycopy(b.buffer(), r * u, out, (2 * r + 1) * u, u);
        }
        return Tensor.wrap(a.shape().withLast(2 * u), out);
    }

    private static Tensor[] splitLast(Tensor g, int u) {
        int rows = g.size() / (2 * u);
        float[] a = new float[rows * u];
        float[] b = new float[rows * u];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(g.buffer(), 2 * r * u, a, r * u, u);
            System.arraycopy(g.buffer(), (2 * r + 1) * u, b, r * u, u);
        }
        Shape half = g.shape().withLast(u);
        return new Tensor[] {Tensor.wrap(half, a), Tensor.wrap(half, b)};
    }
}
