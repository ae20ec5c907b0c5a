package org.civicbroker.temporal;

import com.fasterxml.jackson.databind.JsonNode;
import org.bson.Document;

/**
 * Mergeable statistics of a set of instances: count of all instances, and count, sum, sum of squares,
 * minimum and maximum of the numeric ones. What a bucket's per-hour summary stores, so that
 * aggregations over long ranges add summaries instead of reading points.
 */
public final class Stats {

    long count;
    long numeric;
    double sum;
    double sumsq;
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;

    public void add(JsonNode value) {
        count++;
        if (value != null && value.isNumber()) {
            double v = value.doubleValue();
            numeric++;
            sum += v;
            sumsq += v * v;
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
    }

    public void merge(Stats o) {
        count += o.count;
        numeric += o.numeric;
        sum += o.sum;
        sumsq += o.sumsq;
        min = Math.min(min, o.min);
        max = Math.max(max, o.max);
    }

    public long count() {
        return count;
    }

    public long numeric() {
        return numeric;
    }

    public double sum() {
        return sum;
    }

    public double sumsq() {
        return sumsq;
    }

    public double min() {
        return min;
    }

    public double max() {
        return max;
    }

    Document toDocument() {
        Document d = new Document("c", count).append("n", numeric);
        if (numeric > 0) {
            d.append("s", sum).append("q", sumsq).append("mn", min).append("mx", max);
        }
        return d;
    }

    static Stats fromDocument(Document d) {
        Stats s = new Stats();
        s.count = d.get("c", Number.class).longValue();
        s.numeric = d.get("n", Number.class).longValue();
        if (s.numeric > 0) {
            s.sum = d.get("s", Number.class).doubleValue();
            s.sumsq = d.get("q", Number.class).doubleValue();
            s.min = d.get("mn", Number.class).doubleValue();
            s.max = d.get("mx", Number.class).doubleValue();
        }
        return s;
    }
}
