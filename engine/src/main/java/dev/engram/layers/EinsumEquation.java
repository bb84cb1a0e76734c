package dev.engram.layers;

import java.util.Arrays;

/**
 * A parsed {@link EinsumDense} equation {@code input,kernel->output} in one of the three forms Keras's
 * {@code EinsumDense} accepts: plain ({@code abc,cd->abd}), with leading elided axes
 * ({@code ...b,bc->...c}) or with trailing elided axes ({@code ab...,bc->ac...}). Labels are ASCII
 * letters, none repeated within a term; every output label is an input or kernel label. A label of the input alone
 * is summed over (as einsum does); one of the kernel alone is refused, as Keras refuses it (the kernel's size
 * there would come from nowhere).
 *
 * <p>Without leading elided axes the first input label is the batch axis and must also be the first
 * output label and no kernel label (Keras's shape analysis puts the batch there).
 */
final class EinsumEquation {
    /** Where the {@code ...} stands, if anywhere. */
    enum Elision { NONE, LEFT, RIGHT }

    private final String text;
    private final String input;
    private final String kernel;
    private final String output;
    private final Elision elision;

    private EinsumEquation(String text, String input, String kernel, String output, Elision elision) {
        this.text = text;
        this.input = input;
        this.kernel = kernel;
        this.output = output;
        this.elision = elision;
    }

    /**
     * Parses and validates an equation.
     *
     * @param text the equation, e.g. {@code abc,cde->abde}
     * @return the parsed equation
     * @throws IllegalArgumentException naming the equation and what is wrong with it
     */
    static EinsumEquation parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("EinsumDense needs an equation");
        }
        int comma = text.indexOf(',');
        int arrow = text.indexOf("->");
        if (comma < 0 || arrow < comma) {
            throw bad(text, "must have the form input,kernel->output");
        }
        String in = text.substring(0, comma);
        String ker = text.substring(comma + 1, arrow);
        String out = text.substring(arrow + 2);
        Elision e = Elision.NONE;
        if (in.startsWith("...") && out.startsWith("...")) {
            e = Elision.LEFT;
            in = in.substring(3);
            out = out.substring(3);
        } else if (in.endsWith("...") && out.endsWith("...")) {
            e = Elision.RIGHT;
            in = in.substring(0, in.length() - 3);
            out = out.substring(0, out.length() - 3);
        }
        for (String term : new String[] {in, ker, out}) {
            if (term.isEmpty() || !term.chars().allMatch(ch -> ch < 128 && Character.isLetter(ch))) {
                throw bad(text, "has a term '" + term + "' that is not letters (an ellipsis must lead or trail both"
                        + " the input and the output, as Keras's EinsumDense requires)");
            }
            if (term.chars().distinct().count() != term.length()) {
                throw bad(text, "repeats a label within '" + term + "' (a diagonal, which EinsumDense does not take)");
            }
        }
        for (char c : out.toCharArray()) {
            if (in.indexOf(c) < 0 && ker.indexOf(c) < 0) {
                throw bad(text, "has output label '" + c + "' in neither the input nor the kernel");
            }
        }
        for (char c : ker.toCharArray()) {
            if (in.indexOf(c) < 0 && out.indexOf(c) < 0) {
                throw bad(text, "sums kernel label '" + c + "' alone (in neither the input nor the output)");
            }
        }
        if (e != Elision.LEFT) {
            char batch = in.charAt(0);
            if (out.charAt(0) != batch || ker.indexOf(batch) >= 0) {
                throw bad(text, "must keep the batch axis '" + batch + "' (the first input label) as the first output"
                        + " label and out of the kernel");
            }
        }
        return new EinsumEquation(text, in, ker, out, e);
    }

    private static IllegalArgumentException bad(String text, String why) {
        return new IllegalArgumentException("EinsumDense equation '" + text + "' " + why);
    }

    String text() {
        return text;
    }

    String kernelLabels() {
        return kernel;
    }

    String outputLabels() {
        return output;
    }

    Elision elision() {
        return elision;
    }

    /** The explicit input labels (batch included unless elided), without the ellipsis. */
    String inputLabels() {
        return input;
    }

    /**
     * The number of axes the ellipsis stands for on an input of full rank {@code rank} (batch included).
     *
     * @throws IllegalArgumentException when the rank does not fit the equation
     */
    int elided(int rank) {
        int n = rank - input.length();
        if (n < 0 || (elision == Elision.NONE && n != 0) || (elision == Elision.LEFT && n < 1)) {
            throw new IllegalArgumentException("EinsumDense equation '" + text + "' needs an input of rank "
                    + (elision == Elision.NONE ? String.valueOf(input.length())
                            : (input.length() + (elision == Elision.LEFT ? 1 : 0)) + " or more")
                    + " (batch included), got rank " + rank);
        }
        return n;
    }

    /**
     * Full-rank label codes: letters as themselves, elided axes as codes 0, 1, ... in order.
     *
     * @param term   the explicit labels
     * @param elided how many axes the ellipsis stands for
     * @return one code per axis
     */
    int[] codes(String term, int elided) {
        int[] out = new int[term.length() + (elision == Elision.NONE ? 0 : elided)];
        int at = 0;
        if (elision == Elision.LEFT) {
            for (int i = 0; i < elided; i++) {
                out[at++] = i;
            }
        }
        for (char c : term.toCharArray()) {
            out[at++] = c;
        }
        if (elision == Elision.RIGHT) {
            for (int i = 0; i < elided; i++) {
                out[at++] = i;
            }
        }
        return out;
    }

    /** The input labels in neither the kernel nor the output: summed over before the product. */
    String inputOnlyLabels() {
        StringBuilder b = new StringBuilder();
        for (char c : input.toCharArray()) {
            if (kernel.indexOf(c) < 0 && output.indexOf(c) < 0) {
                b.append(c);
            }
        }
        return b.toString();
    }

    /** This equation on the input summed over {@link #inputOnlyLabels()} (the same when there are none). */
    EinsumEquation withoutInputOnlyLabels() {
        String only = inputOnlyLabels();
        if (only.isEmpty()) {
            return this;
        }
        String in = input.chars().filter(c -> only.indexOf(c) < 0)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        return new EinsumEquation(text, in, kernel, output, elision);
    }

    /** Position of {@code code} in {@code codes}, or -1. */
    static int indexOf(int[] codes, int code) {
        for (int i = 0; i < codes.length; i++) {
            if (codes[i] == code) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public String toString() {
        return text + " " + Arrays.asList(input, kernel, output) + " " + elision;
    }
}
