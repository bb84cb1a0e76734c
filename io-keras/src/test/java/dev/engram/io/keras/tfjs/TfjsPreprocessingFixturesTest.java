package dev.engram.io.keras.tfjs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.engram.io.keras.KerasModels;
import dev.engram.layers.CenterCropConfig;
import dev.engram.layers.CenterCropMode;
import dev.engram.layers.ResizeSampling;
import dev.engram.layers.ResizingConfig;
import dev.engram.models.Network;
import dev.engram.testing.FixtureCases;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The preprocessing layers as TF.js 4.22 computes them ({@code src/test/fixtures-gen/tfjs-layers/gen_preprocessing.js}):
 * Rescaling, CenterCrop (its one-column shift and its stretching enlargement), Resizing (aligned corners by default,
 * asymmetric with {@code cropToAspectRatio}, bilinear and nearest) and CategoryEncoding (count, multi-hot, one-hot)
 * load from TF.js's model.json and predict TF.js's numbers (rtol 1e-5, atol 1e-6).
 */
class TfjsPreprocessingFixturesTest {
    private static final Path DIR = Path.of("src/test/resources/tfjs-preprocessing");

    @TestFactory
    Stream<DynamicTest> everyFixturePredictsAsTfjs() throws IOException {
        List<Path> dirs;
        try (Stream<Path> s = Files.list(DIR)) {
            dirs = s.filter(Files::isDirectory).sorted().toList();
        }
        assertEquals(6, dirs.size(), dirs.toString());
        return dirs.stream().map(d -> DynamicTest.dynamicTest(d.getFileName().toString(), () -> {
            Network m = KerasModels.load(d.resolve("model.json"));
            FixtureCases.assertCases(m, FixtureCases.json(d.resolve("cases.json")), 1e-5, 1e-6, d.toString());
        }));
    }

    @Test
    void tfjsFilesReadAsTfjsSemantics() throws IOException {
        Network m = KerasModels.load(DIR.resolve("resize_nearest_stretch/model.json"));
        assertEquals(CenterCropMode.STRETCH, ((CenterCropConfig) m.layers().get(1).config()).mode());
        ResizingConfig r = (ResizingConfig) m.layers().get(2).config();
        assertEquals(ResizeSampling.ASYMMETRIC, r.sampling());
        assertEquals(false, r.cropToAspectRatio());
        Network b = KerasModels.load(DIR.resolve("resize_bilinear/model.json"));
        assertEquals(ResizeSampling.ALIGN_CORNERS, ((ResizingConfig) b.layers().get(3).config()).sampling());
    }
}
