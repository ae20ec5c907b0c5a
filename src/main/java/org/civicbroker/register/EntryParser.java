package org.civicbroker.register;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.civicbroker.common.error.NgsiException;
import org.threeten.extra.PeriodDuration;

/**
 * Validates a register entry (docs/privacy.md lists the members). Every problem is collected, then
 * reported at once as one 400 BadRequestData whose detail names each member; unknown members are
 * refused so a misspelt one is not silently dropped. Pure: the caller passes the term expansion.
 */
final class EntryParser {

    static final int MAX_TEXT = 4000;
    private static final Set<String> MEMBERS = Set.of("type", "title", "description", "purpose", "legalBasis", "decisions",
            "decisionMakers", "organisation", "contact", "technology", "personalData", "retention", "disposal", "open",
            "licence", "metadata", "attributes");
    private static final Set<String> REQUIRED_TEXT = Set.of("type", "purpose", "legalBasis", "organisation", "contact",
            "disposal");
    private static final Set<String> OPTIONAL_TEXT = Set.of("title", "description", "decisions", "decisionMakers",
            "technology", "licence");
    private static final Set<String> ATTRIBUTE_MEMBERS = Set.of("description", "personalData", "handling", "metadata");
    private static final Set<String> METADATA_MEMBERS = Set.of("accuracy", "updateFrequency", "quality");
    private static final Set<String> RETENTION_MEMBERS = Set.of("currentState", "history");

    private final List<String> problems = new ArrayList<>();
    private final UnaryOperator<String> expand;
    private final boolean pseudonymKeySet;

    private EntryParser(UnaryOperator<String> expand, boolean pseudonymKeySet) {
        this.expand = expand;
        this.pseudonymKeySet = pseudonymKeySet;
    }

    /**
     * The entry in {@code json}; {@code expand} expands type and attribute names (the request's
     * @context), {@code pseudonymKeySet} says whether pseudonymisation can be configured.
     */
    static DatasetEntry parse(JsonNode json, UnaryOperator<String> expand, boolean pseudonymKeySet) {
        return new EntryParser(expand, pseudonymKeySet).entry(json);
    }

    private DatasetEntry entry(JsonNode json) {
        if (json == null || !json.isObject()) {
            throw NgsiException.badData("A register entry is a JSON object");
        }
        unknown(json, MEMBERS, "");
        REQUIRED_TEXT.forEach(m -> text(json, m, true, ""));
        OPTIONAL_TEXT.forEach(m -> text(json, m, false, ""));
        PersonalData personal = personal(json, "", true);
        JsonNode open = json.get("open");
        if (open == null || !open.isBoolean()) {
            problems.add("open: required, true or false");
        }
        boolean isOpen = open != null && open.asBoolean();
        if (isOpen && personal != null && personal.personal()) {
            problems.add("open: a dataset that is personal data cannot be open data (classify the personal attributes "
                    + "instead: they are left out of open exports)");
        }
        Retention retention = retention(json.get("retention"));
        metadata(json.get("metadata"), "metadata");
        List<AttributeEntry> attributes = attributes(json.get("attributes"));
        if (!problems.isEmpty()) {
            throw NgsiException.badData("Invalid register entry: " + String.join("; ", problems));
        }
        String type = json.get("type").asText();
        return new DatasetEntry(type, expand.apply(type), personal, retention, isOpen, attributes, (ObjectNode) json.deepCopy());
    }

    private void unknown(JsonNode json, Set<String> allowed, String at) {
        json.fieldNames().forEachRemaining(f -> {
            if (!allowed.contains(f)) {
                problems.add(at + f + ": unknown member (allowed: " + String.join(", ", allowed.stream().sorted().toList()) + ")");
            }
        });
    }

    private String text(JsonNode json, String member, boolean required, String at) {
        JsonNode v = json.get(member);
        if (v == null || v.isNull()) {
            if (required) {
                problems.add(at + member + ": required");
            }
            return null;
        }
        if (!v.isTextual() || v.asText().isBlank()) {
            problems.add(at + member + ": must be a non-empty string");
            return null;
        }
        if (v.asText().length() > MAX_TEXT) {
            problems.add(at + member + ": longer than " + MAX_TEXT + " characters");
            return null;
        }
        return v.asText();
    }

    private PersonalData personal(JsonNode json, String at, boolean required) {
        String label = text(json, "personalData", required, at);
        if (label == null) {
            return required ? null : PersonalData.NONE;
        }
        return PersonalData.of(label).orElseGet(() -> {
            problems.add(at + "personalData: one of none, personal, special");
            return null;
        });
    }

    private Retention retention(JsonNode json) {
        if (json == null || json.isNull()) {
            return Retention.NONE;
        }
        if (!json.isObject()) {
            problems.add("retention: an object with currentState and/or history (ISO 8601 durations)");
            return Retention.NONE;
        }
        unknown(json, RETENTION_MEMBERS, "retention.");
        return new Retention(duration(json, "currentState"), duration(json, "history"));
    }

    private PeriodDuration duration(JsonNode json, String member) {
        String text = text(json, member, false, "retention.");
        if (text == null) {
            return null;
        }
        try {
            PeriodDuration d = PeriodDuration.parse(text);
            if (d.getPeriod().isNegative() || d.getDuration().isNegative() || d.isZero()) {
                problems.add("retention." + member + ": must be a positive duration");
                return null;
            }
            return d;
        } catch (DateTimeParseException e) {
            problems.add("retention." + member + ": '" + text + "' is not an ISO 8601 duration (e.g. P30D, P2Y, PT12H)");
            return null;
        }
    }

    private Metadata metadata(JsonNode json, String at) {
        if (json == null || json.isNull()) {
            return null;
        }
        if (!json.isObject()) {
            problems.add(at + ": an object with accuracy, updateFrequency, quality");
            return null;
        }
        unknown(json, METADATA_MEMBERS, at + ".");
        return new Metadata(text(json, "accuracy", false, at + "."), text(json, "updateFrequency", false, at + "."),
                text(json, "quality", false, at + "."));
    }

    private List<AttributeEntry> attributes(JsonNode json) {
        List<AttributeEntry> out = new ArrayList<>();
        if (json == null || json.isNull()) {
            return out;
        }
        if (!json.isObject()) {
            problems.add("attributes: an object from attribute name to its entry");
            return out;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = json.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            String at = "attributes." + f.getKey() + ".";
            JsonNode a = f.getValue();
            if (f.getKey().isBlank() || !a.isObject()) {
                problems.add(at + " an object");
                continue;
            }
            unknown(a, ATTRIBUTE_MEMBERS, at);
            String description = text(a, "description", false, at);
            PersonalData personal = personal(a, at, false);
            Handling handling = Handling.KEEP;
            String h = text(a, "handling", false, at);
            if (h != null) {
                handling = Handling.of(h).orElse(null);
                if (handling == null) {
                    problems.add(at + "handling: one of keep, keepOutOfHistory, pseudonymise");
                } else if (handling != Handling.KEEP && (personal == null || !personal.personal())) {
                    problems.add(at + "handling: " + h + " applies to attributes classified personal or special");
                } else if (handling == Handling.PSEUDONYMISE && !pseudonymKeySet) {
                    problems.add(at + "handling: pseudonymise needs the key setting civic.register.pseudonym-key "
                            + "(CIVIC_REGISTER_PSEUDONYM_KEY), which is not set");
                }
            }
            Metadata metadata = metadata(a.get("metadata"), at + "metadata");
            out.add(new AttributeEntry(f.getKey(), expand.apply(f.getKey()), description, personal, handling, metadata));
        }
        return out;
    }
}
