package org.civicbroker.representation;

import java.util.Objects;
import java.util.function.Predicate;
import org.civicbroker.query.lang.Projection;

/**
 * How to render entities.
 *
 * @param format normalized, concise or simplified (clause 6.3.7)
 * @param sysAttrs include createdAt/modifiedAt on the entity and every attribute (clause 6.3.11)
 * @param lang the {@code lang} query parameter (clause 4.15): null for none, else a language range list
 *     as in Accept-Language ({@code fr}, {@code fr-CH,en;q=0.5}, {@code *} for any language). A
 *     malformed list is rejected with IllegalArgumentException.
 * @param attributeFilter selects top-level attributes by expanded IRI ({@code attrs}, {@code pick},
 *     {@code omit}); null keeps all
 * @param includeId false when {@code pick}/{@code omit} drop the entity id
 * @param includeType false when {@code pick}/{@code omit} drop the entity type
 * @param includeScope false when {@code pick}/{@code omit} drop the entity scope
 * @param embedContext put {@code @context} into the body (application/ld+json, clause 6.3.5)
 */
public record RenderOptions(
        Format format,
        boolean sysAttrs,
        String lang,
        Predicate<String> attributeFilter,
        boolean includeId,
        boolean includeType,
        boolean includeScope,
        boolean embedContext) {

    public RenderOptions {
        Objects.requireNonNull(format, "format");
        lang = lang == null || lang.isBlank() ? null : lang.trim();
        if (lang != null) {
            LanguageChoice.parse(lang);
        }
    }

    /** Normalized, no sysAttrs, no lang, all attributes, id, type and scope, no embedded @context. */
    public static RenderOptions defaults() {
        return new RenderOptions(Format.NORMALIZED, false, null, null, true, true, true, false);
    }

    public static RenderOptions of(Format format) {
        return defaults().withFormat(format);
    }

    public RenderOptions withFormat(Format f) {
        return new RenderOptions(f, sysAttrs, lang, attributeFilter, includeId, includeType, includeScope, embedContext);
    }

    public RenderOptions withSysAttrs(boolean on) {
        return new RenderOptions(format, on, lang, attributeFilter, includeId, includeType, includeScope, embedContext);
    }

    public RenderOptions withLang(String l) {
        return new RenderOptions(format, sysAttrs, l, attributeFilter, includeId, includeType, includeScope, embedContext);
    }

    public RenderOptions withAttributeFilter(Predicate<String> filter) {
        return new RenderOptions(format, sysAttrs, lang, filter, includeId, includeType, includeScope, embedContext);
    }

    public RenderOptions withIncludeId(boolean on) {
        return new RenderOptions(format, sysAttrs, lang, attributeFilter, on, includeType, includeScope, embedContext);
    }

    public RenderOptions withIncludeType(boolean on) {
        return new RenderOptions(format, sysAttrs, lang, attributeFilter, includeId, on, includeScope, embedContext);
    }

    public RenderOptions withIncludeScope(boolean on) {
        return new RenderOptions(format, sysAttrs, lang, attributeFilter, includeId, includeType, on, embedContext);
    }

    public RenderOptions withEmbedContext(boolean on) {
        return new RenderOptions(format, sysAttrs, lang, attributeFilter, includeId, includeType, includeScope, on);
    }

    /** Whether the top-level attribute with this expanded IRI is rendered. */
    public boolean includes(String attributeIri) {
        return attributeFilter == null || attributeFilter.test(attributeIri);
    }

    /**
     * True when LanguageProperties are reduced to one language: whenever lang is given, {@code *}
     * included, which asks for any language the property has (clause 4.15, example 3).
     */
    boolean picksLanguage() {
        return lang != null;
    }

    /** These options with what a projection keeps ({@code attrs}, {@code pick}, {@code omit}; clause 4.21). */
    public RenderOptions project(Projection p) {
        return new RenderOptions(format, sysAttrs, lang, p.kind() == Projection.Kind.ALL ? null : p::keepsAttribute,
                p.keepsId(), p.keepsType(), p.keepsScope(), embedContext);
    }
}
