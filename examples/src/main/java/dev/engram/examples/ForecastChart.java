package dev.engram.examples;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** The forecast example's chart: the actual series, and the model's one-step forecasts over the test months. */
final class ForecastChart {
    private ForecastChart() {
    }

    /** Writes a PNG: passengers per month (x in years), forecasts from month {@code firstTest} on. */
    static void write(Path file, double[] actual, int firstTest, double[] forecasts) throws IOException {
        System.setProperty("java.awt.headless", "true");
        XYSeries real = new XYSeries("actual");
        for (int t = 0; t < actual.length; t++) {
            real.add(1949 + t / 12.0, actual[t]);
        }
        XYSeries predicted = new XYSeries("LSTM one-step forecast");
        for (int i = 0; i < forecasts.length; i++) {
            predicted.add(1949 + (firstTest + i) / 12.0, forecasts[i]);
        }
        XYSeriesCollection data = new XYSeriesCollection();
        data.addSeries(real);
        data.addSeries(predicted);
        JFreeChart chart = ChartFactory.createXYLineChart("Airline passengers: forecast against actual", "year",
                "passengers (thousands)", data, PlotOrientation.VERTICAL, true, false, false);
        XYPlot plot = chart.getXYPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xdddddd));
        plot.setRangeGridlinePaint(new Color(0xdddddd));
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, false);
        r.setSeriesPaint(0, new Color(0x1f77b4));
        r.setSeriesStroke(0, new BasicStroke(2f));
        r.setSeriesPaint(1, new Color(0xd62728));
        r.setSeriesStroke(1, new BasicStroke(2.5f));
        r.setSeriesShapesVisible(1, true);
        plot.setRenderer(r);
        ValueMarker split = new ValueMarker(1949 + firstTest / 12.0, Color.GRAY, new BasicStroke(1f,
                BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 1f, new float[] {4f, 4f}, 0f));
        split.setLabel("test months");
        plot.addDomainMarker(split);
        ((org.jfree.chart.axis.NumberAxis) plot.getRangeAxis()).setAutoRangeIncludesZero(false);
        ((org.jfree.chart.axis.NumberAxis) plot.getDomainAxis()).setNumberFormatOverride(
                new java.text.DecimalFormat("0"));
        chart.setBackgroundPaint(Color.WHITE);
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        ChartUtils.saveChartAsPNG(file.toFile(), chart, 900, 500);
    }
}
