package org.civicbroker.query.join;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.civicbroker.common.error.NgsiException;
import org.civicbroker.model.Uris;
import org.civicbroker.query.lang.Projection;

/**
 * The linked-entity retrieval a request asks for (clause 4.5.23): the {@code join}, {@code joinLevel}
 * and {@code containedBy} parameters of Retrieve Entity and Query Entities (clauses 5.7.1, 5.7.2,
 * 6.4.3.2, 6.5.3.1) and the members of the same names of the Query data type (clause 5.2.23).
 *
 * @param mode NONE (the default, {@code join=@none}), FLAT or INLINE
 * @param level how many Relationship hops are followed (joinLevel, default 1)
 * @param containedBy entity ids the client has already encountered while walking the entity graph:
 *     they are not retrieved again
 */
public record JoinSpec(Mode mode, int level, Set<String> containedBy) {

    /** The {@code join} values (clause 5.2.23). */
    public enum Mode { NONE, FLAT, INLINE }

    /** Deepest joinLevel accepted: clause 4.5.23.1 asks to bound cascades; each level is one store read. */
    public static final int MAX_LEVEL = 10;

    public static final JoinSpec NONE = new JoinSpec(Mode.NONE, 1, Set.of());

    public JoinSpec {
        containedBy = Collections.unmodifiableSet(new LinkedHashSet<>(containedBy));
    }

    /**
     * From the request's values, each null when absent; {@code containedBy} a comma list. 400
     * BadRequestData for an unknown join, a joinLevel that is not a positive integer up to
     * {@link #MAX_LEVEL}, or a containedBy entry that is not a URI. joinLevel and containedBy only apply
     * with a join (clause 6.4.3.2) and are ignored without one, once validated.
     */
    public static JoinSpec of(String join, String joinLevel, List<String> containedBy) {
        Mode mode = mode(join);
        int level = level(joinLevel);
        Set<String> seen = new LinkedHashSet<>();
        if (containedBy != null) {
            for (String id : containedBy) {
                if (!Uris.isAbsoluteUri(id)) {
                    throw NgsiException.badData("containedBy: '" + abbreviate(id) + "' is not a URI");
                }
                seen.add(id);
            }
        }
        return mode == Mode.NONE ? NONE : new JoinSpec(mode, level, seen);
    }

    /**
     * A join already validated elsewhere (a stored subscription's NotificationParams, clause 5.2.14):
     * an unknown or absent mode is none, and the level is bounded to 1 - {@link #MAX_LEVEL}, as for
     * requests (clause 4.5.23.1: no cascades of excessive length).
     */
    public static JoinSpec bounded(String join, int joinLevel, Set<String> containedBy) {
        Mode mode = "flat".equals(join) ? Mode.FLAT : "inline".equals(join) ? Mode.INLINE : Mode.NONE;
        return mode == Mode.NONE ? NONE : new JoinSpec(mode, Math.min(Math.max(joinLevel, 1), MAX_LEVEL), containedBy);
    }

    /** The query-string form: {@code containedBy} is a comma-separated list. */
    public static JoinSpec ofParameters(String join, String joinLevel, String containedBy) {
        return of(join, joinLevel, containedBy == null ? null : List.of(containedBy.split(",", -1)));
    }

    public boolean joins() {
        return mode != Mode.NONE;
    }

    /**
     * Clause 5.7.1.4 (and 5.7.2.4): a projection that reaches into linked entities ({@code rel{a}}) needs
     * a join, and may not reach deeper than joinLevel; 400 BadRequestData otherwise.
     */
    public void check(Projection projection) {
        int depth = projection.depth();
        if (depth > 0 && !joins()) {
            throw NgsiException.badData("The projection names attributes of linked entities ('{...}'): "
                    + "that needs linked-entity retrieval (join=flat or join=inline)");
        }
        if (depth > level && joins()) {
            throw NgsiException.badData("The projection reaches " + depth + " levels of linked entities, "
                    + "deeper than joinLevel " + level);
        }
    }

    private static Mode mode(String join) {
        if (join == null) {
            return Mode.NONE;
        }
        return switch (join) {
            case "flat" -> Mode.FLAT;
            case "inline" -> Mode.INLINE;
            case "@none" -> Mode.NONE;
            default -> throw NgsiException.badData("join must be one of flat, inline, @none; not '" + abbreviate(join) + "'");
        };
    }

    private static int level(String joinLevel) {
        if (joinLevel == null) {
            return 1;
        }
        int level;
        try {
            level = Integer.parseInt(joinLevel.trim());
        } catch (NumberFormatException e) {
            throw NgsiException.badData("joinLevel must be a positive integer, not '" + abbreviate(joinLevel) + "'");
        }
        if (level < 1) {
            throw NgsiException.badData("joinLevel must be a positive integer, not " + level);
        }
        if (level > MAX_LEVEL) {
            throw NgsiException.badData("joinLevel " + level + " is deeper than this broker follows (" + MAX_LEVEL + ")");
        }
        return level;
    }

    private static String abbreviate(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }
}
