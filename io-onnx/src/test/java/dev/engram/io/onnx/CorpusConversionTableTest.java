package dev.engram.io.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.engram.losses.Losses;
import dev.engram.models.FitOptions;
import dev.engram.models.Model;
import dev.engram.models.Verbosity;
import dev.engram.optimizers.Optimizers;
import dev.engram.tensor.Tensor;
import dev.engram.testing.FixtureCases;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * CORPUS.md's {@code toNetwork()} columns and its list of refusals are what this test measures, not hand-written: every
 * tf2onnx and torch corpus file is converted with {@link OnnxModel#toNetwork()}; "layers" means the converted model
 * computes the peer's outputs at rtol 1e-5 / atol 1e-6 on every case and trains (one SGD step on the cases lowers
 * nothing to NaN and moves its weights); anything else is "runtime only" with the converter's reason. Run with
 * {@code -Dengram.corpus.write=true} to rewrite the columns and the list after a converter change.
 */
class CorpusConversionTableTest {
    private static final Path CORPUS_MD = Path.of("../io-keras/src/test/fixtures-gen/CORPUS.md");
    private static final String BEGIN = "<!-- toNetwork refusals: written by io-onnx CorpusConversionTableTest -->";
    private static final String END = "<!-- end of toNetwork refusals -->";

    @Test
    void corpusMdStatesWhatToNetworkDoesWithEachFile() throws Exception {
        Map<String, String> outcome = new TreeMap<>();
        Map<String, String> reasons = new TreeMap<>();
        for (Path root : List.of(Path.of("src/test/resources/tf2onnx"), Path.of("src/test/resources/torch2-onnx"))) {
            for (Path dir : FixtureCases.fixtureDirs(root)) {
                String name = dir.getFileName().toString();
                if (root.endsWith("tf2onnx") && !name.startsWith("corpus_")) {
                    continue;
                }
                String why = convertAndTrain(dir);
                outcome.put(name, why == null ? "layers" : "runtime only");
                if (why != null) {
                    reasons.put(name, why);
                }
            }
        }
        assertTrue(outcome.size() >= 50, "corpus files found: " + outcome.size());
        String md = Files.readString(CORPUS_MD, StandardCharsets.UTF_8);
        String want = rewrite(md, outcome, reasons);
        if (Boolean.getBoolean("engram.corpus.write")) {
            Files.writeString(CORPUS_MD, want, StandardCharsets.UTF_8);
            md = want;
        }
        assertEquals(want, md, "CORPUS.md's toNetwork() columns or refusal list differ from what the converter does; "
                + "rerun with -Dengram.corpus.write=true and review the diff");
    }

    /** Null when {@code dir}'s model converts, matches the peer and trains; else why not. */
    private static String convertAndTrain(Path dir) throws Exception {
        OnnxModel onnx = OnnxModel.load(dir.resolve("model.onnx"));
        Model net;
        try {
            net = onnx.toNetwork();
        } catch (UnsupportedOnnxException e) {
            return reason(e.getMessage(), dir.resolve("model.onnx").toString());
        }
        Agreement agreement = new Agreement();
        List<FixtureCases.Case> cases = FixtureCases.read(dir.resolve("cases.json"));
        List<List<Tensor>> inputs = new ArrayList<>();
        for (FixtureCases.Case c : cases) {
            List<Tensor> xs = OnnxCorpusTest.asConverted(c.inputs(), net);
            inputs.add(xs);
            List<Tensor> got = net.predict(xs);
            for (int i = 0; i < c.outputs().size(); i++) {
                agreement.check(dir.getFileName() + "/" + c.name() + " output " + i, c.outputs().get(i), got.get(i));
            }
        }
        // One SGD step on the first case towards other targets: finite loss, weights that move.
        List<Tensor> ys = new ArrayList<>();
        for (Tensor y : cases.get(0).outputs()) {
            float[] d = y.toArray();
            for (int i = 0; i < d.length; i++) {
                d[i] = 0.5f * d[i] + 0.25f;
            }
            ys.add(Tensor.of(y.shape(), d));
        }
        List<float[]> before = net.parameters().stream().map(p -> p.value().toArray()).toList();
        net.compile(ys.stream().map(y -> Losses.meanSquaredError()).toList(), Optimizers.sgd(0.05));
        var history = net.fit(inputs.get(0), ys, FitOptions.epochs(1).withBatchSize(64).withSeed(1)
                .withVerbosity(Verbosity.SILENT));
        double loss = history.get("loss").get(0);
        assertTrue(Double.isFinite(loss), dir + ": loss " + loss);
        boolean moved = false;
        for (int i = 0; i < before.size(); i++) {
            moved |= !java.util.Arrays.equals(before.get(i), net.parameters().get(i).value().toArray());
        }
        assertTrue(moved, dir + ": one training step moved no weight");
        return null;
    }

    /** The converter's reason without the file name and the list of what converts. */
    static String reason(String message, String file) {
        String r = message.replace(file + ": ", "").replace("cannot convert to a functional model: ", "");
        int list = r.indexOf("; the converter maps ");
        r = list > 0 ? r.substring(0, list) : r;
        r = r.replace("|", "\\|").replace("\n", " ");
        return r.length() > 320 ? r.substring(0, 317) + "..." : r;
    }

    /** {@code md} with the toNetwork() cells and the refusal list set from the measurements. */
    static String rewrite(String md, Map<String, String> outcome, Map<String, String> reasons) {
        StringBuilder out = new StringBuilder();
        boolean torchTable = false;
        boolean tfTable = false;
        for (String line : md.split("\n", -1)) {
            if (line.startsWith("| architecture (corpus_table.py)")) {
                tfTable = true;
                torchTable = false;
            } else if (line.startsWith("| architecture (gen_torch2.py)")) {
                torchTable = true;
                tfTable = false;
            } else if (!line.startsWith("|")) {
                tfTable = false;
                torchTable = false;
            }
            Matcher m = Pattern.compile("^\\| `([a-z0-9_]+)`").matcher(line);
            if ((tfTable || torchTable) && m.find()) {
                String[] cells = line.split("\\|", -1);
                String arch = m.group(1);
                if (tfTable && outcome.containsKey("corpus_" + arch)) {
                    cells[6] = " " + outcome.get("corpus_" + arch) + " ";
                }
                if (torchTable && outcome.containsKey(arch + "__torchscript")) {
                    cells[3] = " " + outcome.get(arch + "__torchscript") + " ";
                }
                if (torchTable && outcome.containsKey(arch + "__dynamo")) {
                    cells[5] = " " + outcome.get(arch + "__dynamo") + " ";
                }
                line = String.join("|", cells);
            }
            out.append(line).append('\n');
        }
        String body = out.substring(0, out.length() - 1);
        int a = body.indexOf(BEGIN);
        int b = body.indexOf(END);
        if (a < 0 || b < a) {
            throw new IllegalStateException(CORPUS_MD + " lacks the markers " + BEGIN + " ... " + END);
        }
        long layers = outcome.values().stream().filter("layers"::equals).count();
        StringBuilder list = new StringBuilder(BEGIN).append("\n\n");
        list.append("`toNetwork()` converts ").append(layers).append(" of the ").append(outcome.size())
                .append(" tf2onnx and torch files into engine layers that match the peer and train (one SGD step); ")
                .append("the others, with the converter's reason (the node it stops at):\n\n")
                .append("| file | why `toNetwork()` refuses |\n|---|---|\n");
        reasons.forEach((k, v) -> list.append("| `").append(k).append("` | ").append(v).append(" |\n"));
        list.append('\n');
        return body.substring(0, a) + list + body.substring(b);
    }
}
