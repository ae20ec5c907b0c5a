package org.civicbroker.query.lang;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;
import org.civicbroker.common.error.NgsiException;

/**
 * The parsed {@code options} parameter (a comma-separated list of {@link Option} keywords, clause 6.3)
 * and the representation it selects together with the V1.8 {@code format} parameter.
 *
 * <ul>
 * <li>An unknown keyword or an empty item is 400 InvalidRequest naming it; keywords are case-sensitive.
 *     An absent or empty parameter means no options.</li>
 * <li>Contradictory keywords are 400 BadRequestData: more than one of normalized / concise /
 *     keyValues(=simplified); temporalValues with aggregatedValues ("only one of the two keywords can be
 *     present", clause 6.3.12); replace with update (clause 6.15.3).</li>
 * <li>{@code format}, when present, decides the representation and the representation keywords of
 *     {@code options} are ignored.</li>
 * </ul>
 *
 * @param flags the keywords given
 */
public record Options(Set<Option> flags) {

    public static final String PARAM = "options";

    private static final Options NONE = new Options(Set.of());

    public Options {
        flags = flags.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(flags));
    }

    public static Options none() {
        return NONE;
    }

    /** Parses an {@code options} value (null or empty: no options). */
    public static Options parse(String input) {
        if (input == null || input.isEmpty()) {
            return NONE;
        }
        ParamText.require(PARAM, input);
        EnumSet<Option> flags = EnumSet.noneOf(Option.class);
        for (String item : input.split(",", -1)) {
            if (item.isEmpty()) {
                throw NgsiException.invalid("Invalid 'options': empty item in '" + ParamText.excerpt(input) + "'");
            }
            flags.add(Option.byKeyword(item).orElseThrow(() -> NgsiException.invalid(
                    "Invalid 'options': unknown option '" + ParamText.excerpt(item) + "'")));
        }
        Options o = new Options(flags);
        if (o.representationKeywords() > 1) {
            throw NgsiException.badData("'options' may name only one of normalized, concise, keyValues/simplified");
        }
        if (flags.contains(Option.TEMPORAL_VALUES) && flags.contains(Option.AGGREGATED_VALUES)) {
            throw NgsiException.badData("'options' may not contain both temporalValues and aggregatedValues");
        }
        if (flags.contains(Option.REPLACE) && flags.contains(Option.UPDATE)) {
            throw NgsiException.badData("'options' may not contain both replace and update");
        }
        return o;
    }

    private int representationKeywords() {
        int n = 0;
        n += flags.contains(Option.NORMALIZED) ? 1 : 0;
        n += flags.contains(Option.CONCISE) ? 1 : 0;
        n += flags.contains(Option.KEY_VALUES) || flags.contains(Option.SIMPLIFIED) ? 1 : 0;
        return n;
    }

    public boolean has(Option option) {
        return flags.contains(option);
    }

    public boolean sysAttrs() {
        return has(Option.SYS_ATTRS);
    }

    /**
     * The representation to produce: {@code format} when given (it takes precedence), else the options'
     * keywords, else {@link Representation#NORMALIZED} (or the temporal keyword for temporal requests).
     */
    public Representation representation(String format) {
        if (format != null) {
            return Representation.byKeyword(format).orElseThrow(() -> NgsiException.invalid(
                    "Invalid 'format': unknown value '" + ParamText.excerpt(format) + "'"));
        }
        if (has(Option.CONCISE)) {
            return Representation.CONCISE;
        }
        if (has(Option.KEY_VALUES) || has(Option.SIMPLIFIED)) {
            return Representation.SIMPLIFIED;
        }
        if (has(Option.TEMPORAL_VALUES)) {
            return Representation.TEMPORAL_VALUES;
        }
        if (has(Option.AGGREGATED_VALUES)) {
            return Representation.AGGREGATED_VALUES;
        }
        return Representation.NORMALIZED;
    }
}
