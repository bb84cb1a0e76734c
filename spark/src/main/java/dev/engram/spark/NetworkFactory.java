package dev.engram.spark;

import dev.engram.models.Network;
import java.io.Serializable;

/**
 * Builds and compiles the model to train, on the driver and on every executor thread. It must
 * return the same architecture each time, compiled with the same loss and optimizer; the initial
 * weights of the driver's copy are the ones training starts from (executors receive the
 * current weights every step). A lambda works: {@code () -> { var m = Sequential.seeded(7, ...);
 * m.compile(...); return m; }}.
 */
@FunctionalInterface
public interface NetworkFactory extends Serializable {

    /**
     * A new compiled model.
     *
     * @return the model, built and compiled; every call must give the same architecture
     */
    Network create();
}
