package org.civicbroker.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.civicbroker.batch.BatchPlans.Kind;
import org.civicbroker.batch.BatchPlans.Target;
import org.civicbroker.common.error.NgsiException;
import org.civicbroker.jsonld.ContextResolver;
import org.civicbroker.jsonld.LdContext;
import org.civicbroker.model.Entity;
import org.civicbroker.model.EntityParser;
import org.junit.jupiter.api.Test;

/** The pure parts of the batch operations: splitting the body, planning per entity, and the answers. */
class BatchPlansTest {

    private static final String NS = "https://uri.etsi.org/ngsi-ld/default-context/";
    private static final Instant NOW = Instant.parse("2026-11-22T08:00:00Z");

    /** Terms expand under the default vocabulary; anything with ':' is an IRI already. */
    private static final LdContext CTX = new LdContext() {
        @Override
        public String expand(String term) {
            return term.contains(":") ? term : NS + term;
        }

        @Override
        public String compact(String iri) {
            return iri;
        }

        @Override
        public JsonNode contextValue() {
            return TextNode.valueOf("core");
        }

        @Override
        public Optional<String> linkUrl() {
            return Optional.empty();
        }
    };

    private static final ContextResolver RESOLVER = new ContextResolver() {
        @Override
        public LdContext core() {
            return CTX;
        }

        @Override
        public LdContext resolve(JsonNode context) {
            if (context.isTextual() && context.textValue().startsWith("http://unreachable")) {
                throw new NgsiException(org.civicbroker.common.error.ErrorType.LD_CONTEXT_NOT_AVAILABLE, "unreachable");
            }
            return CTX;
        }

        @Override
        public LdContext resolveUrl(String url) {
            return CTX;
        }
    };

    private final EntityParser parser = new EntityParser(null);
    private final BatchResult result = new BatchResult();

    private static JsonNode json(String text) throws Exception {
        return new ObjectMapper().readTree(text.replace('\'', '"'));
    }

    private List<Target> plan(Kind kind, String body) throws Exception {
        return BatchPlans.plan(kind, BatchItems.entities(json(body), false, CTX, RESOLVER, result), parser, false, result);
    }

    private static Entity run(Target t) {
        Entity e = null;
        for (BatchPlans.Step s : t.steps()) {
            e = s.apply(e, NOW, new java.util.ArrayList<>());
        }
        return e;
    }

    private String answer(Response r) {
        return r.getStatus() + " " + r.getEntity();
    }

    @Test
    void theArrayItselfMustBeANonEmptyArrayWithinTheMaximum() throws Exception {
        assertThatThrownBy(() -> BatchItems.checkArray(json("{}"), 10, "entities")).hasMessageContaining("array");
        assertThatThrownBy(() -> BatchItems.checkArray(json("[]"), 10, "entities")).hasMessageContaining("empty");
        assertThatThrownBy(() -> BatchItems.checkArray(json("[1,2,3]"), 2, "entities"))
                .hasMessageContaining("3 elements").hasMessageContaining("at most 2");
        BatchItems.checkArray(json("[1,2]"), 2, "entities");
    }

    @Test
    void createReportsLaterDuplicatesAndBadElementsWithTheirPositions() throws Exception {
        List<Target> targets = plan(Kind.CREATE, "[{'id': 'urn:a', 'type': 'T'}, 7, {'id': 'urn:a', 'type': 'T'},"
                + " {'id': 'urn:b'}, {'id': 'urn:c', 'type': 'T'}]");
        assertThat(targets).extracting(Target::id).containsExactly("urn:a", "urn:c");
        assertThat(answer(result.created())).startsWith("207").contains("element 1:").contains("element 2:")
                .contains("AlreadyExists").contains("element 3:");
        assertThat(answer(result.created()).indexOf("element 1:")).isLessThan(answer(result.created()).indexOf("element 2:"));
    }

    @Test
    void upsertAppliesTheElementsOfOneIdInOrder() throws Exception {
        String body = "[{'id': 'urn:a', 'type': 'T', 'x': 1}, {'id': 'urn:a', 'type': 'T', 'y': 2}]";
        List<Target> update = BatchPlans.plan(Kind.UPSERT_UPDATE, BatchItems.entities(json(body), false, CTX, RESOLVER, result),
                parser, false, result);
        assertThat(update).hasSize(1);
        assertThat(update.get(0).indexes()).containsExactly(0, 1);
        assertThat(run(update.get(0)).attributes()).containsOnlyKeys(NS + "x", NS + "y");
        Target replace = plan(Kind.UPSERT_REPLACE, body).get(0);
        assertThat(run(replace).attributes()).containsOnlyKeys(NS + "y");
        assertThat(result.hasErrors()).isFalse();
        result.success("urn:a", true);
        assertThat(answer(result.upserted())).isEqualTo("201 [\"urn:a\"]");
    }

    @Test
    void updateAndMergeNeedAnIdAndAnExistingEntity() throws Exception {
        List<Target> targets = plan(Kind.UPDATE, "[{'x': 1}, {'id': 'urn:a', 'x': 1}]");
        assertThat(answer(result.done())).contains("element 0:").contains("without 'id'");
        assertThatThrownBy(() -> run(targets.get(0))).isInstanceOf(NgsiException.class).hasMessageContaining("not found");
        Target merge = plan(Kind.MERGE, "[{'id': 'urn:a', 'x': 'urn:ngsi-ld:null'}]").get(0);
        Entity stored = new Entity("urn:a", List.of(NS + "T"), List.of(), NOW, NOW, java.util.Map.of());
        assertThat(merge.steps().get(0).apply(stored, NOW, new java.util.ArrayList<>()).attributes()).isEmpty();
    }

    @Test
    void contextsArePerElementForLdJsonAndFromTheLinkForJson() throws Exception {
        JsonNode body = json("[{'@context': 'http://example.org/c', 'id': 'urn:a', 'type': 'T'}, {'id': 'urn:b', 'type': 'T'},"
                + " {'@context': 'http://unreachable/c', 'id': 'urn:c', 'type': 'T'}]");
        assertThat(BatchItems.entities(body, true, CTX, RESOLVER, result)).extracting(BatchItems.Item::id).containsExactly("urn:a");
        String errors = answer(result.done());
        assertThat(errors).contains("element 1: every element").contains("element 2: unreachable").contains("LdContextNotAvailable");

        BatchResult json = new BatchResult();
        assertThat(BatchItems.entities(body, false, CTX, RESOLVER, json)).extracting(BatchItems.Item::id).containsExactly("urn:b");
        assertThat(answer(json.done())).contains("@context is not allowed");
    }

    @Test
    void deleteTakesValidIdsOnceAndReportsTheRest() throws Exception {
        List<String> ids = BatchPlans.deletions(BatchItems.ids(json("['urn:a', 5, 'nope', 'urn:a', 'urn:b']"), result), result);
        assertThat(ids).containsExactly("urn:a", "urn:b");
        String body = answer(result.done());
        assertThat(body).startsWith("207").contains("element 1:").contains("element 2:").contains("element 3:")
                .contains("ResourceNotFound");
    }

    @Test
    void answersWithoutErrors() {
        assertThat(answer(result.created())).isEqualTo("201 []");
        assertThat(result.upserted().getStatus()).isEqualTo(204);
        assertThat(result.done().getStatus()).isEqualTo(204);
    }
}
