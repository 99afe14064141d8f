package io.github.signalbox.stress.report;

import java.util.List;
import java.util.Locale;

/** Small SVG charts: horizontal bars with error whiskers, readable on GitHub and in browsers. */
final class Svg {

    /** One bar: a label, a value, its +- error (NaN or 0 for none), and whether it is ours. */
    record Bar(String label, double value, double error, boolean highlight) {
    }

    private static final int LABEL_WIDTH = 190;
    private static final int PLOT_WIDTH = 380;
    private static final int ROW_HEIGHT = 22;

    private Svg() {
    }

    /** A horizontal bar chart with a title and the unit on the value labels. */
    static String bars(String title, String unit, List<Bar> bars) {
        double max = 0;
        for (Bar b : bars) {
            max = Math.max(max, b.value() + (Double.isNaN(b.error()) ? 0 : b.error()));
        }
        if (max <= 0) {
            max = 1;
        }
        int height = 30 + bars.size() * ROW_HEIGHT + 10;
        int width = LABEL_WIDTH + PLOT_WIDTH + 130;
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\""
                + " height=\"%d\" viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">%n",
                width, height, width, height));
        s.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n",
                width, height));
        s.append(String.format(Locale.ROOT, "<text x=\"4\" y=\"16\" font-weight=\"bold\">%s</text>%n",
                escape(title)));
        int y = 30;
        for (Bar b : bars) {
            double w = b.value() / max * PLOT_WIDTH;
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>%n",
                    LABEL_WIDTH - 6, y + 14, escape(b.label())));
            s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\""
                    + " fill=\"%s\"/>%n", LABEL_WIDTH, y + 3, Math.max(w, 0.5), ROW_HEIGHT - 6,
                    b.highlight() ? "#2b7bb9" : "#9aa5b1"));
            if (!Double.isNaN(b.error()) && b.error() > 0) {
                double lo = Math.max(0, b.value() - b.error()) / max * PLOT_WIDTH + LABEL_WIDTH;
                double hi = (b.value() + b.error()) / max * PLOT_WIDTH + LABEL_WIDTH;
                double mid = y + ROW_HEIGHT / 2.0;
                s.append(String.format(Locale.ROOT, "<path d=\"M%.1f %.1f H%.1f M%.1f %.1f V%.1f"
                        + " M%.1f %.1f V%.1f\" stroke=\"black\" fill=\"none\"/>%n",
                        lo, mid, hi, lo, mid - 5, mid + 5, hi, mid - 5, mid + 5));
            }
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">%s %s</text>%n",
                    LABEL_WIDTH + PLOT_WIDTH + 8, y + 14, number(b.value()), escape(unit)));
            y += ROW_HEIGHT;
        }
        s.append("</svg>\n");
        return s.toString();
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
