package org.civicbroker.transparency;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Draws where the sensors are as an SVG, without any outside tile server: the borough's bounding box
 * (or the points' own, padded) in an equirectangular projection corrected for latitude, one circle per
 * point coloured by dataset, each with a {@code <title>} a screen reader announces. Pure.
 */
public final class SvgMap {

    /** A sensor position (WGS 84) and the dataset it belongs to. */
    public record Point(String dataset, double lon, double lat) {
    }

    static final int WIDTH = 640;
    /** Colours with at least 3:1 contrast against the white map background (WCAG 1.4.11). */
    static final List<String> COLOURS = List.of("#0b5394", "#a61c00", "#38761d", "#7f6000", "#741b47", "#134f5c");

    private SvgMap() {
    }

    /** The bounding box to draw: the given one, else the points' padded by 10 % (at least 0.01 degrees). */
    public static double[] bbox(double[] given, List<Point> points) {
        if (given != null) {
            return given;
        }
        if (points.isEmpty()) {
            return null;
        }
        double w = 180, s = 90, e = -180, n = -90;
        for (Point p : points) {
            w = Math.min(w, p.lon());
            e = Math.max(e, p.lon());
            s = Math.min(s, p.lat());
            n = Math.max(n, p.lat());
        }
        double padX = Math.max(0.01, (e - w) * 0.1);
        double padY = Math.max(0.01, (n - s) * 0.1);
        return new double[] {w - padX, s - padY, e + padX, n + padY};
    }

    /** The colour of each dataset, in order of first appearance. */
    public static Map<String, String> colours(List<Point> points) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Point p : points) {
            out.computeIfAbsent(p.dataset(), d -> COLOURS.get(out.size() % COLOURS.size()));
        }
        return out;
    }

    /** The SVG document (no XML declaration: it is embedded in the page), or null when nothing is drawn. */
    public static String render(double[] bbox, List<Point> points, String title) {
        if (bbox == null || points.isEmpty()) {
            return null;
        }
        double midLat = Math.toRadians((bbox[1] + bbox[3]) / 2);
        double spanX = (bbox[2] - bbox[0]) * Math.cos(midLat);
        double spanY = bbox[3] - bbox[1];
        int height = (int) Math.max(120, Math.min(WIDTH * 1.5, Math.round(WIDTH * spanY / spanX)));
        Map<String, String> colours = colours(points);
        StringBuilder b = new StringBuilder();
        b.append("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(height)
                .append("\" role=\"img\" aria-labelledby=\"map-title map-desc\" class=\"map\">");
        b.append("<title id=\"map-title\">").append(escape(title)).append("</title>");
        b.append("<desc id=\"map-desc\">").append(points.size()).append(" sensor positions of ").append(colours.size())
                .append(" open dataset(s) within longitude ").append(fmt(bbox[0])).append(" to ").append(fmt(bbox[2]))
                .append(" and latitude ").append(fmt(bbox[1])).append(" to ").append(fmt(bbox[3])).append("</desc>");
        b.append("<rect x=\"1\" y=\"1\" width=\"").append(WIDTH - 2).append("\" height=\"").append(height - 2)
                .append("\" fill=\"#ffffff\" stroke=\"#505a5f\" stroke-width=\"2\"/>");
        List<String> outside = new ArrayList<>();
        for (Point p : points) {
            if (p.lon() < bbox[0] || p.lon() > bbox[2] || p.lat() < bbox[1] || p.lat() > bbox[3]) {
                outside.add(p.dataset());
                continue;
            }
            double x = (p.lon() - bbox[0]) / (bbox[2] - bbox[0]) * WIDTH;
            double y = (bbox[3] - p.lat()) / (bbox[3] - bbox[1]) * height;
            b.append("<circle cx=\"").append(fmt(x)).append("\" cy=\"").append(fmt(y)).append("\" r=\"6\" fill=\"")
                    .append(colours.get(p.dataset())).append("\" stroke=\"#ffffff\" stroke-width=\"1.5\"><title>")
                    .append(escape(p.dataset())).append(" at ").append(fmt(p.lat())).append(", ").append(fmt(p.lon()))
                    .append("</title></circle>");
        }
        b.append("</svg>");
        return b.toString();
    }

    private static String fmt(double d) {
        return String.format(Locale.ROOT, "%.5f", d).replaceAll("0+$", "").replaceAll("\\.$", "");
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
