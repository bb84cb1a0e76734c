package dev.engram.cli;

import dev.engram.io.AtomicFiles;
import dev.engram.models.History;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Rectangle;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.svg.SVGGraphics2D;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code engram plot HISTORY -o OUT.png|OUT.svg}: loss and metrics per epoch. */
@Command(name = "plot", mixinStandardHelpOptions = true,
        description = {"Draw a training history (CSV from `train --history`, Keras's CSVLogger or History.save)",
            "as line charts per epoch: losses on the left axis, every other metric dashed on a right axis.",
            "The output format follows OUT's ending: .png or .svg."},
        footerHeading = "%nExamples:%n",
        footer = {"  engram plot history.csv -o loss.png",
            "  engram plot history.csv -o loss.svg --keys loss,val_loss --width 800 --height 500"})
final class PlotCommand implements Callable<Integer> {
    private static final Color[] COLORS = {new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c),
        new Color(0xd62728), new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f)};

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "HISTORY", description = "History CSV (header: epoch and the log keys).")
    Path history;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "OUT", description = "Chart file, .png or .svg.")
    Path output;

    @Option(names = "--keys", split = ",", paramLabel = "KEY", description = "Only these columns (default: all).")
    List<String> keys;

    @Option(names = "--width", paramLabel = "PX", description = "Width in pixels (default 900).")
    int width = 900;

    @Option(names = "--height", paramLabel = "PX", description = "Height in pixels (default 540).")
    int height = 540;

    @Override
    public Integer call() {
        // No display needed: charts are drawn off-screen (servers, CI).
        System.setProperty("java.awt.headless", "true");
        String name = output.getFileName().toString().toLowerCase(Locale.ROOT);
        boolean svg = name.endsWith(".svg");
        if (!svg && !name.endsWith(".png")) {
            throw CliException.usage("plot writes .png or .svg, not " + output.getFileName());
        }
        if (width < 100 || height < 100 || width > 10_000 || height > 10_000) {
            throw CliException.usage("--width and --height must be 100 to 10000 pixels");
        }
        History h;
        try {
            h = History.readCsv(history);
        } catch (IOException e) {
            throw CliException.usage(e.getMessage(), e);
        }
        List<String> shown = keys != null ? keys : new ArrayList<>(h.keys());
        for (String k : shown) {
            if (!h.keys().contains(k)) {
                throw CliException.usage(history.getFileName() + " has no column '" + k + "'; it has " + h.keys());
            }
        }
        List<String> losses = shown.stream().filter(k -> k.endsWith("loss")).toList();
        List<String> others = shown.stream().filter(k -> !k.endsWith("loss")).toList();
        JFreeChart chart = chart(h, losses.isEmpty() ? others : losses, losses.isEmpty() ? "value" : "loss");
        if (!losses.isEmpty() && !others.isEmpty()) {
            // Metrics on their own axis: their scale is unrelated to the loss.
            XYPlot plot = chart.getXYPlot();
            plot.setRangeAxis(1, new org.jfree.chart.axis.NumberAxis("metrics"));
            plot.setDataset(1, dataset(h, others));
            plot.mapDatasetToRangeAxis(1, 1);
            plot.setRenderer(1, renderer(others.size(), losses.size(), true));
        }
        try {
            AtomicFiles.write(output, tmp -> {
                if (svg) {
                    SVGGraphics2D g = new SVGGraphics2D(width, height);
                    chart.draw(g, new Rectangle(0, 0, width, height));
                    Files.writeString(tmp, g.getSVGDocument());
                } else {
                    ChartUtils.saveChartAsPNG(tmp.toFile(), chart, width, height);
                }
            });
        } catch (IOException e) {
            throw CliException.usage(output + ": cannot write the chart: " + e.getMessage(), e);
        }
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "Plotted %s of %d epochs to %s%n", String.join(", ", shown), h.epochs(), output);
        out.flush();
        return ExitCodes.OK;
    }

    private static JFreeChart chart(History h, List<String> keys, String axis) {
        JFreeChart chart = ChartFactory.createXYLineChart("Training history", "epoch", axis, dataset(h, keys),
                PlotOrientation.VERTICAL, true, false, false);
        XYPlot plot = chart.getXYPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xdddddd));
        plot.setRangeGridlinePaint(new Color(0xdddddd));
        plot.setRenderer(renderer(keys.size(), 0, false));
        ((org.jfree.chart.axis.NumberAxis) plot.getDomainAxis()).setStandardTickUnits(
                org.jfree.chart.axis.NumberAxis.createIntegerTickUnits());
        ((org.jfree.chart.axis.NumberAxis) plot.getRangeAxis()).setAutoRangeIncludesZero(false);
        chart.setBackgroundPaint(Color.WHITE);
        return chart;
    }

    private static XYSeriesCollection dataset(History h, List<String> keys) {
        XYSeriesCollection data = new XYSeriesCollection();
        for (String k : keys) {
            XYSeries s = new XYSeries(k);
            List<Double> v = h.get(k);
            for (int e = 0; e < v.size(); e++) {
                if (Double.isFinite(v.get(e))) {
                    s.add(e + 1, v.get(e));
                }
            }
            data.addSeries(s);
        }
        return data;
    }

    private static XYLineAndShapeRenderer renderer(int series, int colorOffset, boolean dashed) {
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, false);
        for (int i = 0; i < series; i++) {
            r.setSeriesPaint(i, COLORS[(i + colorOffset) % COLORS.length]);
            r.setSeriesStroke(i, dashed ? new BasicStroke(2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND, 1f,
                    new float[] {6f, 4f}, 0f) : new BasicStroke(2f));
        }
        return r;
    }
}
