package dev.engram.io;

/**
 * What a reader did with a file's training configuration (loss and optimizer).
 *
 * @param compiled  true when the model was compiled with the file's loss and optimizer
 * @param loss      the loss as the file names it, or null when it names none
 * @param optimizer the optimizer as the file names it, or null when it names none
 * @param reason    why the model was left uncompiled (null when {@code compiled}), e.g.
 *                  {@code the file has no training configuration}
 */
public record TrainingState(boolean compiled, String loss, String optimizer, String reason) {
}
