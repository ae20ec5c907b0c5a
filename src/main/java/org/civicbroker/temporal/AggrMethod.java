package org.civicbroker.temporal;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.civicbroker.common.error.NgsiException;

/** The aggregation methods of the aggregated temporal representation (clause 4.5.19, OpenAPI aggrMethods). */
public enum AggrMethod {
    TOTAL_COUNT("totalCount"), DISTINCT_COUNT("distinctCount"), SUM("sum"), AVG("avg"), MIN("min"), MAX("max"),
    STDDEV("stddev"), SUMSQ("sumsq");

    private final String term;

    AggrMethod(String term) {
        this.term = term;
    }

    public String term() {
        return term;
    }

    /** A comma-separated list; absent means every method. */
    public static List<AggrMethod> parseList(String text) {
        if (text == null) {
            return List.of(values());
        }
        Set<AggrMethod> out = new LinkedHashSet<>();
        for (String item : text.split(",", -1)) {
            AggrMethod found = null;
            for (AggrMethod m : values()) {
                if (m.term.equals(item.trim())) {
                    found = m;
                }
            }
            if (found == null) {
                throw NgsiException.badData("aggrMethods: unknown method '" + (item.length() > 40 ? item.substring(0, 40) : item)
                        + "'; expected totalCount, distinctCount, sum, avg, min, max, stddev or sumsq");
            }
            out.add(found);
        }
        return new ArrayList<>(out);
    }

    /**
     * The value of this method over a period, or null when it has none (no numeric value for the
     * numeric methods). stddev is the sample standard deviation (0 for one value), as PostgreSQL's
     * {@code stddev} used by other brokers computes it.
     */
    public Number value(Stats s, long distinct) {
        return switch (this) {
            case TOTAL_COUNT -> s.count();
            case DISTINCT_COUNT -> distinct;
            case SUM -> s.numeric() == 0 ? null : s.sum();
            case AVG -> s.numeric() == 0 ? null : s.sum() / s.numeric();
            case MIN -> s.numeric() == 0 ? null : s.min();
            case MAX -> s.numeric() == 0 ? null : s.max();
            case SUMSQ -> s.numeric() == 0 ? null : s.sumsq();
            case STDDEV -> {
                if (s.numeric() == 0) {
                    yield null;
                }
                if (s.numeric() == 1) {
                    yield 0.0;
                }
                double n = s.numeric();
                double variance = (s.sumsq() - s.sum() * s.sum() / n) / (n - 1);
                yield Math.sqrt(Math.max(0, variance));
            }
        };
    }
}
