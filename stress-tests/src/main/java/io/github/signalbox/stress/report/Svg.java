package io.github.signalbox.stress.report;

import java.util.List;
import java.util.Locale;

/**
 * Small SVG charts, readable on GitHub and in browsers: horizontal bars with error whiskers, an
 * axis with its unit and which way is better, and a legend; and 100% stacked bars for shares.
 */
final class Svg {

    /** One bar: a label, a value, its +- error (NaN or 0 for none), and whether it is ours. */
    record Bar(String label, double value, double error, boolean highlight) {
    }

    /** One stacked bar: a label and the shares of its two parts (summing to 1). */
    record Split(String label, double firstShare, boolean highlight) {
    }

    private static final int PLOT_WIDTH = 380;
    private static final int ROW_HEIGHT = 22;
    /** Title and legend above the first bar. */
    private static final int TOP = 44;
    /** The axis, its tick labels and its label below the last bar. */
    private static final int AXIS_HEIGHT = 44;
    private static final int VALUE_WIDTH = 150;
    /** Approximate width of one character of the 12 px sans-serif font. */
    private static final double CHAR_WIDTH = 7.0;
    private static final String OURS = "#2b7bb9";
    private static final String THEIRS = "#9aa5b1";

    private Svg() {
    }

    /**
     * A horizontal bar chart. The scale ends a little beyond the largest value, not the largest
     * whisker: a whisker that would run past the end is cut there and ends in an arrow, so one
     * noisy measurement cannot squash every other bar (the tables give the full error).
     *
     * @param title the chart title
     * @param unit the unit of the values, also the axis label
     * @param higherIsBetter which way the axis reads
     * @param legend the labels of the highlighted and the other bars
     * @param bars the bars, top to bottom
     */
    static String bars(String title, String unit, boolean higherIsBetter, String[] legend,
            List<Bar> bars) {
        double max = 0;
        for (Bar b : bars) {
            max = Math.max(max, b.value());
        }
        max = max <= 0 ? 1 : niceCeiling(max * 1.1);
        int labelWidth = labelWidth(bars.stream().map(Bar::label).toList());
        int top = TOP;
        int plotBottom = top + bars.size() * ROW_HEIGHT;
        StringBuilder s = header(labelWidth, bars.size(), title);
        legend(s, labelWidth, legend);
        int y = top;
        boolean cut = false;
        for (Bar b : bars) {
            double w = b.value() / max * PLOT_WIDTH;
            label(s, labelWidth, y, b.label());
            s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\""
                    + " fill=\"%s\"/>%n", labelWidth, y + 3, Math.max(w, 0.5), ROW_HEIGHT - 6,
                    b.highlight() ? OURS : THEIRS));
            String value = number(b.value()) + " " + unit;
            if (!Double.isNaN(b.error()) && b.error() > 0) {
                value += " +- " + number(b.error());
                double lo = Math.max(0, b.value() - b.error()) / max * PLOT_WIDTH + labelWidth;
                double end = labelWidth + PLOT_WIDTH;
                double hi = Math.min((b.value() + b.error()) / max * PLOT_WIDTH + labelWidth, end);
                double mid = y + ROW_HEIGHT / 2.0;
                s.append(String.format(Locale.ROOT, "<path d=\"M%.1f %.1f H%.1f M%.1f %.1f V%.1f\""
                        + " stroke=\"black\" fill=\"none\"/>%n", lo, mid, hi, lo, mid - 5, mid + 5));
                if (b.value() + b.error() > max) {
                    cut = true;
                    s.append(String.format(Locale.ROOT, "<path d=\"M%.1f %.1f L%.1f %.1f L%.1f %.1f"
                            + " Z\" fill=\"black\"/>%n", hi - 6, mid - 4, hi, mid, hi - 6, mid + 4));
                } else {
                    s.append(String.format(Locale.ROOT, "<path d=\"M%.1f %.1f V%.1f\""
                            + " stroke=\"black\"/>%n", hi, mid - 5, mid + 5));
                }
            }
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">%s</text>%n",
                    labelWidth + PLOT_WIDTH + 8, y + 14, escape(value)));
            y += ROW_HEIGHT;
        }
        axis(s, labelWidth, plotBottom, max, unit + ", " + (higherIsBetter ? "higher" : "lower")
                + " is better" + (cut ? "; an arrow marks a whisker cut at the end of the scale"
                : ""));
        s.append("</svg>\n");
        return s.toString();
    }

    /**
     * 100% stacked bars: each bar split into its first part (dark) and the rest (light).
     *
     * @param title the chart title
     * @param parts the names of the first and the second part, for the legend and the axis
     * @param splits the bars, top to bottom
     */
    static String shares(String title, String[] parts, List<Split> splits) {
        int labelWidth = labelWidth(splits.stream().map(Split::label).toList());
        int top = TOP;
        int plotBottom = top + splits.size() * ROW_HEIGHT;
        StringBuilder s = header(labelWidth, splits.size(), title);
        legendBox(s, labelWidth, "#1f4e79", parts[0]);
        legendBox(s, labelWidth + 20 + (int) (parts[0].length() * CHAR_WIDTH) + 20, "#a9c6e3",
                parts[1]);
        int y = top;
        for (Split b : splits) {
            double first = Math.max(0, Math.min(1, b.firstShare())) * PLOT_WIDTH;
            label(s, labelWidth, y, b.label());
            s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\""
                    + " fill=\"#1f4e79\"/>%n", labelWidth, y + 3, first, ROW_HEIGHT - 6));
            s.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\""
                    + " height=\"%d\" fill=\"#a9c6e3\"/>%n", labelWidth + first, y + 3,
                    PLOT_WIDTH - first, ROW_HEIGHT - 6));
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">%s</text>%n",
                    labelWidth + PLOT_WIDTH + 8, y + 14, escape(String.format(Locale.ROOT,
                            "%.0f%% / %.0f%%", 100 * b.firstShare(), 100 - 100 * b.firstShare()))));
            y += ROW_HEIGHT;
        }
        axis(s, labelWidth, plotBottom, 100, "% of all acquisitions, " + parts[0] + " share"
                + " from the left; half each is even");
        s.append("</svg>\n");
        return s.toString();
    }

    /** The SVG element sized for {@code rows} bars under a title and legend, and the title. */
    private static StringBuilder header(int labelWidth, int rows, String title) {
        int width = labelWidth + PLOT_WIDTH + VALUE_WIDTH;
        int height = TOP + rows * ROW_HEIGHT + AXIS_HEIGHT;
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\""
                + " height=\"%d\" viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">%n",
                width, height, width, height));
        s.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n",
                width, height));
        s.append(String.format(Locale.ROOT, "<text x=\"4\" y=\"16\" font-weight=\"bold\">%s</text>%n",
                escape(title)));
        return s;
    }

    private static void legend(StringBuilder s, int x, String[] legend) {
        legendBox(s, x, OURS, legend[0]);
        legendBox(s, x + 20 + (int) (legend[0].length() * CHAR_WIDTH) + 20, THEIRS, legend[1]);
    }

    private static void legendBox(StringBuilder s, int x, String color, String text) {
        s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"24\" width=\"12\" height=\"12\""
                + " fill=\"%s\"/>%n<text x=\"%d\" y=\"34\">%s</text>%n", x, color, x + 16,
                escape(text)));
    }

    private static void label(StringBuilder s, int labelWidth, int y, String label) {
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>%n",
                labelWidth - 6, y + 14, escape(label)));
    }

    /** The value axis under the plot: a line, ticks at 0, half and the end, and its label. */
    private static void axis(StringBuilder s, int x, int y, double max, String label) {
        s.append(String.format(Locale.ROOT, "<path d=\"M%d %d H%d\" stroke=\"black\"/>%n", x, y,
                x + PLOT_WIDTH));
        for (int i = 0; i <= 2; i++) {
            int tx = x + i * PLOT_WIDTH / 2;
            s.append(String.format(Locale.ROOT, "<path d=\"M%d %d V%d\" stroke=\"black\"/>%n"
                    + "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>%n", tx, y, y + 4,
                    tx, y + 16, number(max * i / 2)));
        }
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">%s</text>%n", x, y + 34,
                escape(label)));
    }

    private static int labelWidth(List<String> labels) {
        int longest = 0;
        for (String l : labels) {
            longest = Math.max(longest, l.length());
        }
        return Math.max(120, (int) Math.ceil(longest * CHAR_WIDTH) + 16);
    }

    /** The smallest of 1, 2, 2.5 or 5 times a power of ten that is at least {@code v}. */
    static double niceCeiling(double v) {
        double power = Math.pow(10, Math.floor(Math.log10(v)));
        for (double m : new double[] {1, 2, 2.5, 5, 10}) {
            if (m * power >= v) {
                return m * power;
            }
        }
        return 10 * power;
    }

    static String number(double v) {
        if (v >= 100) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        if (v >= 10) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        return String.format(Locale.ROOT, "%.2f", v);
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                .replace("\"", "&quot;");
    }
}
