package dev.engram.spark;

import java.io.Serializable;

/** Fault injection for tests: may throw inside a training task (Spark then retries the task). */
interface TaskFault extends Serializable {
    /** No faults. */
    TaskFault NONE = step -> {
    };

    /** Called at the start of each partition's work for {@code step}. */
    void maybeFail(long step);
}
