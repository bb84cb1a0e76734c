package dev.engram.io.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.engram.tensor.Tensor;
import dev.engram.testing.FixtureCases;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * One imported model serves many threads at once: every thread's predictions equal the
 * single-threaded ones bit for bit (the graph is immutable; each call has its own value table).
 */
class ConcurrentPredictTest {

    @Test
    void predictFromEightThreadsGivesTheSingleThreadedAnswers() throws Exception {
        Path dir = Path.of("src/test/resources/torch-onnx/lstm2_batchfirst_perstep");
        OnnxModel model = OnnxModel.load(dir.resolve("model.onnx"));
        List<FixtureCases.Case> cases = FixtureCases.read(dir.resolve("cases.json"));
        List<Map<String, Tensor>> expected = new ArrayList<>();
        for (FixtureCases.Case c : cases) {
            expected.add(model.predict(c.namedInputs()));
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                final int offset = t;
                futures.add(pool.submit(() -> {
                    for (int rep = 0; rep < 40; rep++) {
                        int i = (rep + offset) % cases.size();
                        assertEquals(expected.get(i), model.predict(cases.get(i).namedInputs()), "case " + i);
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
