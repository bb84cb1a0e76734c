package dev.engram.io.keras;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The build rule that keeps internal packages internal: no Java source in the repository (main or
 * test, any module) imports a package with an {@code internal} segment ({@code dev.engram.internal.*},
 * {@code dev.engram.io.keras.internal}, {@code dev.engram.io.onnx.internal}, ...) that another module
 * owns. A module's own tests may use its internals. The module-info files enforce the same for
 * modular consumers; this test covers the classpath, where they do not apply. Scans sources as
 * text, so it needs no dependency on the modules it checks.
 */
class ModuleBoundaryTest {
    /** {@code import [static] dev.engram....internal....;} */
    private static final Pattern IMPORT = Pattern.compile(
            "^import\\s+(?:static\\s+)?(dev\\.engram(?:\\.[a-z0-9_]+)*\\.internal(?:\\.[a-z0-9_]+)*)\\.[A-Za-z0-9_.*]+;",
            Pattern.MULTILINE);
    /**
     * Modules allowed to reach into another module's internals, and why. Benchmarks measure the
     * engine's kernels directly (architecture review 5.3: acceptable for benchmarks).
     */
    private static final Set<String> MAY_USE_ENGINE_INTERNALS = Set.of("benchmarks");
    /**
     * Single files that still do, each until the change named here lands: the CLI rewrite onto the
     * ModelFile SPI (issue 16) removes them. InspectCommand prints the GEMM kernel's name through
     * internal.kernels.Kernels (LinearAlgebra.kernelName() has it); TrainCommand parses its own
     * training config with io-keras's ConfigNode and ParameterBudget.
     */
    private static final Set<String> KNOWN = Set.of("cli/src/main/java/dev/engram/cli/InspectCommand.java",
            "cli/src/main/java/dev/engram/cli/TrainCommand.java");

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @Test
    void noModuleImportsAnotherModulesInternalPackages() throws IOException {
        List<Path> sources = javaSources();
        Map<String, String> owner = internalPackageOwners(sources);
        assertTrue(owner.containsKey("dev.engram.internal.kernels"), "the scan must see the engine's internals: "
                + owner.keySet());
        List<String> violations = new ArrayList<>();
        for (Path file : sources) {
            String module = module(file);
            String rel = ROOT.relativize(file).toString().replace('\\', '/');
            if (MAY_USE_ENGINE_INTERNALS.contains(module) || KNOWN.contains(rel)) {
                continue;
            }
            Matcher m = IMPORT.matcher(Files.readString(file));
            while (m.find()) {
                String pkg = m.group(1);
                String own = owner.getOrDefault(pkg, ownerOfParent(owner, pkg));
                if (own == null) {
                    violations.add(rel + " imports " + pkg + ", which no module's main sources declare");
                } else if (!own.equals(module)) {
                    violations.add(rel + " (module " + module + ") imports " + pkg + " (internal to " + own + ")");
                }
            }
        }
        assertEquals(List.of(), violations);
    }

    /** Nested imports such as {@code pkg.Outer.Inner} match the package they start with. */
    private static String ownerOfParent(Map<String, String> owner, String pkg) {
        for (Map.Entry<String, String> e : owner.entrySet()) {
            if (pkg.startsWith(e.getKey() + ".")) {
                return e.getValue();
            }
        }
        return null;
    }

    private static List<Path> javaSources() throws IOException {
        try (Stream<Path> s = Files.walk(ROOT)) {
            return s.filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> {
                        String r = ROOT.relativize(p).toString().replace('\\', '/');
                        return !r.contains("/target/") && !r.startsWith("target/") && !r.contains("node_modules/")
                                && !r.startsWith(".");
                    })
                    .sorted().toList();
        }
    }

    /** Internal package name to the module whose main sources declare it. */
    private static Map<String, String> internalPackageOwners(List<Path> sources) {
        Map<String, String> out = new TreeMap<>();
        Pattern pkg = Pattern.compile("^package\\s+([a-z0-9_.]+);", Pattern.MULTILINE);
        for (Path file : sources) {
            if (!file.toString().replace('\\', '/').contains("/src/main/java/")) {
                continue;
            }
            try {
                Matcher m = pkg.matcher(Files.readString(file));
                if (m.find() && (m.group(1).contains(".internal.") || m.group(1).endsWith(".internal"))) {
                    out.put(m.group(1), module(file));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }

    /** The module of a source file: the path from the root to the nearest directory holding a pom.xml. */
    private static String module(Path file) {
        for (Path dir = file.getParent(); dir != null && dir.startsWith(ROOT); dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("pom.xml"))) {
                return dir.equals(ROOT) ? "." : ROOT.relativize(dir).toString().replace('\\', '/');
            }
        }
        return ".";
    }
}
