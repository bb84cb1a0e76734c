package dev.engram.tensor;

/** Renders tensors the way TF.js {@code print()} does: a header line, then nested brackets. */
final class TensorFormat {
    private static final int MAX_PER_AXIS = 20;
    private static final int EDGE = 3;

    private TensorFormat() {
    }

    static String format(Tensor t) {
        float[] d = t.buffer();
        int[] dims = t.shape().toArray();
        String[] text = new String[d.length];
        // TF.js parity: values are right-padded to the widest value of their column (last axis).
        int cols = dims.length == 0 ? 1 : Math.max(1, dims[dims.length - 1]);
        int[] width = new int[cols];
        for (int i = 0; i < d.length; i++) {
            text[i] = number(d[i]);
            width[i % cols] = Math.max(width[i % cols], text[i].length());
        }
        StringBuilder sb = new StringBuilder("Tensor\n    ");
        if (dims.length == 0) {
            return sb.append(d.length == 0 ? "" : text[0]).toString();
        }
        appendAxis(sb, text, width, dims, 0, 0, 5);
        return sb.toString();
    }

    private static void appendAxis(StringBuilder sb, String[] text, int[] width, int[] dims, int axis,
            int offset, int indent) {
        int n = dims[axis];
        int stride = 1;
        for (int a = axis + 1; a < dims.length; a++) {
            stride *= dims[a];
        }
        sb.append('[');
        boolean elide = n > MAX_PER_AXIS;
        for (int i = 0; i < n; i++) {
            if (elide && i == EDGE) {
                sb.append(axis == dims.length - 1 ? "..., " : "...,\n" + " ".repeat(indent));
                i = n - EDGE;
            }
            if (axis == dims.length - 1) {
                String s = text[offset + i];
                sb.append(s).append(" ".repeat(width[i] - s.length()));
                if (i < n - 1) {
                    sb.append(", ");
                }
            } else {
                appendAxis(sb, text, width, dims, axis + 1, offset + i * stride, indent + 1);
                if (i < n - 1) {
                    sb.append(',').append("\n".repeat(dims.length - axis - 1)).append(" ".repeat(indent));
                }
            }
        }
        sb.append(']');
    }

    /** Up to 7 decimals without trailing zeros, as TF.js does with toFixed(7). */
    private static String number(float v) {
        if (Float.isNaN(v) || Float.isInfinite(v)) {
            return Float.toString(v);
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        String s = new java.math.BigDecimal(v).setScale(7, java.math.RoundingMode.HALF_EVEN)
                .stripTrailingZeros().toPlainString();
        return s.equals("-0") ? "0" : s;
    }
}
