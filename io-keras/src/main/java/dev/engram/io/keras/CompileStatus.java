package dev.engram.io.keras;

/**
 * What a reader did with a file's training configuration ({@code training_config} of an h5 file,
 * {@code compile_config} of a {@code .keras} file).
 *
 * @param compiled  true if the model was compiled with the file's loss and optimizer
 * @param loss      the loss as the file names it, or null if the file has none
 * @param optimizer the optimizer's class name as the file gives it, or null if the file has none
 * @param reason    why the model was left uncompiled (null when {@code compiled}), e.g.
 *                  {@code optimizer Adam: amsgrad=true is not supported}
 */
public record CompileStatus(boolean compiled, String loss, String optimizer, String reason) {
    /**
     * The file had no training configuration.
     *
     * @return the status
     */
    public static CompileStatus absent() {
        return new CompileStatus(false, null, null, "the file has no training configuration");
    }
}
