package dev.engram.layers;

/**
 * Returns its input unchanged (Keras 3 {@code Identity}; not in TF.js 4.22). A time-step mask passes
 * through (Keras 3 sets {@code supports_masking}).
 */
public final class Identity extends PassThroughLayer {
    private final IdentityConfig config;

    Identity(String name, IdentityConfig config) {
        super(name);
        this.config = config;
    }

    @Override
    public IdentityConfig config() {
        return config;
    }
}
