package dev.engram.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A numeric CSV file: comma-separated, one record per line; blank lines and lines starting with
 * {@code #} are skipped; an optional first line of column names (recognised by a cell that is not
 * a number). Every record must have the same number of cells. Values are parsed as double and cast
 * to float32.
 *
 * @param file    the file (for messages)
 * @param header  column names, or null when the file has none
 * @param rows    the records
 * @param lines   the 1-based line number of each record (for messages)
 */
public record CsvTable(Path file, List<String> header, List<float[]> rows, List<Integer> lines) {

    /** Reads {@code file}; exit 2 with the line number on any malformed cell. */
    public static CsvTable read(Path file) {
        List<String> text;
        try {
            text = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw CliException.usage("no such file: " + file, e);
        } catch (IOException e) {
            throw CliException.usage("cannot read " + file + ": " + e.getMessage(), e);
        }
        String name = file.getFileName().toString();
        List<String> header = null;
        List<float[]> rows = new ArrayList<>();
        List<Integer> lines = new ArrayList<>();
        int width = -1;
        for (int ln = 0; ln < text.size(); ln++) {
            String line = text.get(ln).strip();
            if (ln == 0 && line.startsWith("\uFEFF")) {
                line = line.substring(1);
            }
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] cells = line.split(",", -1);
            if (rows.isEmpty() && header == null && !isNumber(cells[0].strip())) {
                header = new ArrayList<>();
                for (String c : cells) {
                    header.add(unquote(c.strip()));
                }
                width = cells.length;
                continue;
            }
            if (width >= 0 && cells.length != width) {
                throw CliException.usage(name + " line " + (ln + 1) + ": " + cells.length + " values, expected " + width
                        + (header != null && rows.isEmpty() ? " (the header's count)" : " (as on the lines before)"));
            }
            width = cells.length;
            float[] row = new float[cells.length];
            for (int i = 0; i < cells.length; i++) {
                String c = cells[i].strip();
                try {
                    row[i] = (float) Double.parseDouble(c);
                } catch (NumberFormatException e) {
                    throw CliException.usage(name + " line " + (ln + 1) + ", column " + (i + 1) + ": not a number: '" + c
                            + "'");
                }
            }
            rows.add(row);
            lines.add(ln + 1);
        }
        if (rows.isEmpty()) {
            throw CliException.usage(name + ": no data rows");
        }
        return new CsvTable(file, header, rows, lines);
    }

    /** Number of columns. */
    public int width() {
        return rows.get(0).length;
    }

    /**
     * The index of a column given by name (needs a header) or by 0-based index.
     *
     * @throws CliException exit 2 if there is no such column
     */
    public int column(String ref) {
        if (header != null) {
            int i = header.indexOf(ref);
            if (i >= 0) {
                return i;
            }
        }
        try {
            int i = Integer.parseInt(ref);
            if (i >= 0 && i < width()) {
                return i;
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw CliException.usage(file.getFileName() + ": no column '" + ref + "'; columns are "
                + (header != null ? header : "0.." + (width() - 1) + " (the file has no header)"));
    }

    private static boolean isNumber(String s) {
        try {
            Double.parseDouble(s);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static String unquote(String s) {
        return s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"") ? s.substring(1, s.length() - 1) : s;
    }
}
