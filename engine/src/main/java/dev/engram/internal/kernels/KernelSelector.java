package dev.engram.internal.kernels;

import java.io.PrintStream;

/** Chooses the kernel implementation once per JVM (see {@link Kernels#get()}). */
final class KernelSelector {
    static final Kernels SELECTED = select();

    private KernelSelector() {
    }

    private static Kernels select() {
        return choose(System.getProperty("engram.kernels", ""), vectorModulePresent(), System.err);
    }

    /**
     * The selection rule, separate from the JVM's state so tests can exercise every branch:
     * {@code forced} is the {@code engram.kernels} property ({@code "scalar"} forces the fallback;
     * anything else, including empty, means "best available"). A fallback that was not asked for
     * prints a one-line notice to {@code notices}.
     */
    static Kernels choose(String forced, boolean modulePresent, PrintStream notices) {
        if (forced != null && forced.trim().equalsIgnoreCase("scalar")) {
            return new ScalarKernels();
        }
        if (!modulePresent) {
            notices.println("Engram: jdk.incubator.vector is not enabled; using scalar kernels "
                    + "(correct but slower). Run java with --add-modules jdk.incubator.vector to enable.");
            return new ScalarKernels();
        }
        try {
            // Loaded reflectively so that this class links without the incubator module.
            return (Kernels) Class.forName("dev.engram.internal.kernels.VectorKernels")
                    .getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError e) {
            notices.println("Engram: Vector API kernels unavailable (" + e + "); using scalar kernels.");
            return new ScalarKernels();
        }
    }

    static boolean vectorModulePresent() {
        return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    }
}
