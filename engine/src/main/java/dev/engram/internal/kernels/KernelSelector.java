package dev.engram.internal.kernels;

/** Chooses the kernel implementation once per JVM (see {@link Kernels#get()}). */
final class KernelSelector {
    static final Kernels SELECTED = select();

    private KernelSelector() {
    }

    private static Kernels select() {
        String forced = System.getProperty("engram.kernels", "");
        if (forced.equalsIgnoreCase("scalar")) {
            return new ScalarKernels();
        }
        if (!vectorModulePresent()) {
            System.err.println("Engram: jdk.incubator.vector is not enabled; using scalar kernels "
                    + "(correct but slower). Run java with --add-modules jdk.incubator.vector to enable.");
            return new ScalarKernels();
        }
        try {
            // Loaded reflectively so that this class links without the incubator module.
            return (Kernels) Class.forName("dev.engram.internal.kernels.VectorKernels")
                    .getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError e) {
            System.err.println("Engram: Vector API kernels unavailable (" + e + "); using scalar kernels.");
            return new ScalarKernels();
        }
    }

    static boolean vectorModulePresent() {
        return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    }
}
