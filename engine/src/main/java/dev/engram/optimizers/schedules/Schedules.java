package dev.engram.optimizers.schedules;

/** Validation shared by the schedules. */
final class Schedules {
    private Schedules() {
    }

    static void positive(String schedule, String field, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(schedule + ": " + field + " must be a finite number > 0, got " + value);
        }
    }
}
