/**
 * The broker's internal entity model and the parsing of NGSI-LD request payloads into it.
 *
 * <p>Entry point: {@link org.civicbroker.model.EntityParser} (create/replace entity, append, update,
 * merge-patch fragments, attribute replace and partial attribute update). Every failure is a
 * 400 BadRequestData naming the attribute and the problem.
 *
 * <h2>Ignored vs rejected input</h2>
 * <ul>
 *   <li>Ignored: {@code @context} (resolved by the caller); {@code createdAt}, {@code modifiedAt},
 *       {@code deletedAt} on entities and attributes and {@code instanceId} on attributes (clause 4.8:
 *       system generated; readOnly in the OpenAPI, so re-sending a retrieved entity works, as in
 *       Orion-LD and Scorpio); {@code previousValue}-style members (notifications only, showChanges)
 *       and {@code lang} (added to language-filtered output, clause 4.15).</li>
 *   <li>Rejected: a body that is not an object; JSON nesting deeper than 64; sub-attributes nesting
 *       deeper than 16; missing or non-URI {@code id}; missing, empty or non-string {@code type};
 *       scopes not matching {@code /level(/level)*} (clause 4.18); reserved names used as attributes
 *       ({@code id type scope createdAt modifiedAt deletedAt @context}, any {@code @keyword}, and the
 *       core IRIs of createdAt/modifiedAt/deletedAt/scope/instanceId); names with whitespace, control
 *       characters or {@code <>"'=;()}; attribute {@code type}s that are not NGSI-LD attribute types
 *       (never guessed); a value member that does not belong to the declared type; {@code unitCode}
 *       outside Property/ListProperty; {@code objectType} outside Relationship/ListRelationship;
 *       {@code location}, {@code observationSpace}, {@code operationSpace} that are not GeoProperties
 *       (clause 4.7); several default instances or repeated datasetIds (clause 4.5.5); JSON
 *       {@code null} as an attribute or value ({@code urn:ngsi-ld:null} is the deletion marker).</li>
 * </ul>
 *
 * <h2>Representation choices</h2>
 * <ul>
 *   <li>Deletion markers: see {@link org.civicbroker.model.NgsiNull}; top-level deletions become
 *       {@link org.civicbroker.model.Fragment.Deletion}s, marked sub-attributes stay in place with the
 *       value {@link org.civicbroker.model.NgsiNull#NODE}.</li>
 *   <li>Partial updates: {@link org.civicbroker.model.AttributePatch}, whose null fields mean "not
 *       given".</li>
 *   <li>Relationship {@code object}: a URI string, or an array of URI strings (V1.8 1:n Relationship).
 *       ListRelationship {@code objectList}: always an array of URI strings. VocabProperty
 *       {@code vocab}: expanded IRIs (string or array, as given). Property values, JsonProperty
 *       {@code json}, LanguageProperty maps and ListProperty lists: verbatim.</li>
 * </ul>
 */
package org.civicbroker.model;
