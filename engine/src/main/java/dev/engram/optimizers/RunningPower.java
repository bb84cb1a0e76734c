package dev.engram.optimizers;

/**
 * {@code base^t} as TF.js keeps it: a float32 variable that starts at {@code base} for step 1 and is
 * multiplied by {@code base} after every step. Cached per step because an optimizer's update runs
 * once per parameter; after a state restore it is rebuilt from the step number the same way, so a
 * resumed run continues bit for bit.
 */
final class RunningPower {
    private final float base;
    private long step;
    private float value;

    RunningPower(float base) {
        this.base = base;
    }

    /** The float32 running product for step {@code t >= 1}. */
    float at(long t) {
        if (t == step) {
            return value;
        }
        if (t == step + 1 && step >= 1) {
            value *= base;
        } else {
            value = base;
            for (long k = 1; k < t; k++) {
                value *= base;
            }
        }
        step = t;
        return value;
    }
}
