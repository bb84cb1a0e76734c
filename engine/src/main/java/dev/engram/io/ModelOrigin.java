package dev.engram.io;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a {@link LoadedModel} comes from and what the file says about itself.
 *
 * @param path     the file or folder it was read from
 * @param format   the format that read it
 * @param producer the tool and version that wrote the file, or null when it does not say
 * @param dialect  the dialect of a Keras-family file ({@code keras2}, {@code tfjs (tfjs-layers 4.22.0)}),
 *                 else null
 * @param training what became of the file's training configuration, or null when the format has none
 */
public record ModelOrigin(Path path, ModelFile format, String producer, String dialect, TrainingState training) {

    /** Requires the path and the format. */
    public ModelOrigin {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(format, "format");
    }
}
