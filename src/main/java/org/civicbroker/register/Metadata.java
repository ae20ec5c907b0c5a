package org.civicbroker.register;

/**
 * Contextual metadata so others can interpret the data (NYC IoT guidelines): accuracy, how often it is
 * updated, and notes on its quality. Free text; any may be null.
 */
public record Metadata(String accuracy, String updateFrequency, String quality) {
}
