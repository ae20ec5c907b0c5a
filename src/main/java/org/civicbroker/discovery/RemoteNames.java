package org.civicbroker.discovery;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.core.HttpHeaders;
import java.util.List;
import org.civicbroker.jsonld.LdContext;
import org.civicbroker.registration.Operations;
import org.civicbroker.tenancy.Tenant;

/**
 * Entity types and attributes available from registered context sources (clause 5.7.11: the request "can be
 * forwarded to all Context Sources which support the respective operation" and the answers merged with the
 * local ones; implemented by the federation package). Each discovery operation of clauses 5.7.5 - 5.7.10 has
 * its own operation name (clause 4.20). Completes with null when no registration takes the operation.
 */
public interface RemoteNames {

    /** The discovery operation asked for: its path under /ngsi-ld/v1 and its operation name (clause 4.20). */
    enum Kind {
        /** GET /types (clause 5.7.5). */
        TYPES("types", Operations.RETRIEVE_ENTITY_TYPES, false),
        /** GET /types?details=true (clause 5.7.6). */
        TYPE_DETAILS("types", "retrieveEntityTypeDetails", false),
        /** GET /types/{type} (clause 5.7.7). */
        TYPE_INFO("types", "retrieveEntityTypeInfo", true),
        /** GET /attributes (clause 5.7.8). */
        ATTRIBUTES("attributes", Operations.RETRIEVE_ATTR_TYPES, false),
        /** GET /attributes?details=true (clause 5.7.9). */
        ATTRIBUTE_DETAILS("attributes", "retrieveAttrTypeDetails", false),
        /** GET /attributes/{attrId} (clause 5.7.10). */
        ATTRIBUTE_INFO("attributes", "retrieveAttrTypeInfo", true);

        public final String collection;
        public final String operation;
        /** Whether the operation names one type or attribute (a path segment). */
        public final boolean one;

        Kind(String collection, String operation, boolean one) {
            this.collection = collection;
            this.operation = operation;
            this.one = one;
        }
    }

    /** One source's answer, with the @context its names are in. */
    record Answer(JsonNode body, LdContext context) {
    }

    /** The answers of the sources that answered, and one NGSILD-Warning value per source that failed (clause 6.3.17). */
    record Answers(List<Answer> answers, List<String> warnings) {
    }

    /**
     * Asks the matching sources.
     *
     * @param name for TYPE_INFO and ATTRIBUTE_INFO, the type or attribute as the client named it, else null
     * @param iri its expanded IRI (selects the registrations that can hold it), else null
     */
    Uni<Answers> ask(Tenant tenant, Kind kind, String name, String iri, HttpHeaders headers, LdContext ctx);
}
