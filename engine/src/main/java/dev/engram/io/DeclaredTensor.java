package dev.engram.io;

import java.util.List;

/**
 * A tensor as a file declares it: a model input or output, or a stored weight.
 *
 * @param name  its name in the file
 * @param dtype the element type as the file states it ({@code float32}, {@code int64}, ...)
 * @param dims  the dimensions, batch included where the file has one, -1 where symbolic or free; null
 *              when the file declares no shape
 * @param shape the shape as text with symbolic names kept, e.g. {@code [batch, seq, 3]}, or a word
 *              such as {@code (no shape)}
 */
public record DeclaredTensor(String name, String dtype, List<Integer> dims, String shape) {

    /** Copies the dimensions. */
    public DeclaredTensor {
        dims = dims == null ? null : List.copyOf(dims);
    }
}
