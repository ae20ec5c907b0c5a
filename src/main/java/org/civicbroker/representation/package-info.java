/**
 * Rendering of entities from the internal (expanded) model to the NGSI-LD JSON representations:
 * normalized and concise (clause 4.5.1), simplified / keyValues (4.5.4), GeoJSON (4.5.16, 4.5.17, 6.3.15),
 * with sysAttrs (6.3.11), lang (4.15) and attribute selection (attrs, pick, omit).
 *
 * <p>Choices where the specification leaves room (majority behaviour of Stellio, Orion-LD, Scorpio):
 * <ul>
 *   <li>ListRelationship {@code objectList} renders as {@code [{"object": URI}, ...]} in normalized and
 *       concise (4.5.22.2, Annex C; the core context gives objectList no {@code @type: @id}), and as a
 *       plain array of URIs in simplified.</li>
 *   <li>Simplified keeps a one-member wrapper for LanguageProperty ({@code {"languageMap": ...}}),
 *       VocabProperty ({@code {"vocab": ...}}) and JsonProperty ({@code {"json": ...}}) so that a keyValues
 *       body is unambiguous (4.5.4). With {@code lang} a LanguageProperty becomes the chosen string.</li>
 *   <li>Simplified multi-attributes (several instances) render as
 *       {@code {"dataset": {"@none" | datasetId: value}}} (4.5.4); a single instance renders as its value
 *       even when it carries a datasetId.</li>
 *   <li>Concise drops every {@code type}. A Property or sub-Property with nothing but a scalar value renders
 *       as the bare value; object and array values keep {@code {"value": ...}}, so they cannot be read back
 *       as attribute structure or as several instances. A GeoProperty with nothing but its value renders as
 *       the bare GeoJSON. Instances of a multi-attribute always keep their object form.</li>
 *   <li>{@code lang}: a language range list with q-values, matched by RFC 4647 basic filtering; fallback to
 *       {@code @none}, then to the first entry. The result is a Property with a {@code lang} member naming
 *       the entry used ({@code @none} included). {@code *} picks any language the property has: the first
 *       entry of its languageMap (clause 4.15, example 3).</li>
 *   <li>GeoJSON: the geometry is the value of the chosen GeoProperty (default instance, else the first),
 *       null when absent or not a GeoProperty, and it is taken even when the attribute filter leaves that
 *       attribute out of {@code properties}. {@code properties} holds type, scope, system timestamps and
 *       the selected attributes, including the geometry attribute itself. An embedded {@code @context} is the
 *       first member of a Feature, and of a FeatureCollection only (not repeated in each Feature).</li>
 *   <li>Timestamps render as {@code model.DateTimes.format} prints them (UTC, {@code Z}, a millisecond
 *       fraction only when not zero). An attribute whose compacted name would
 *       collide with an entity member ({@code id}, {@code type}, ...) keeps its expanded IRI.</li>
 * </ul>
 */
package org.civicbroker.representation;
