package org.civicbroker.representation;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** The broker's rendering of timestamps: UTC, millisecond precision, {@code Z} suffix (clause 4.8). */
public final class DateTimes {

    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private DateTimes() {
    }

    public static String format(Instant instant) {
        return FORMAT.format(instant);
    }
}
