package org.civicbroker.federation;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.civicbroker.common.http.LinkHeader;
import org.civicbroker.common.http.RequestReader;
import org.civicbroker.discovery.RemoteNames;
import org.civicbroker.jsonld.ContextResolver;
import org.civicbroker.jsonld.LdContext;
import org.civicbroker.query.lang.BoolExpr;
import org.civicbroker.query.lang.TypeQuery;
import org.civicbroker.registration.Registration;
import org.civicbroker.tenancy.Tenant;

/**
 * Distributed entity type and attribute discovery (clauses 5.7.5 - 5.7.10, 5.7.11): every live registration
 * that takes the operation (clause 4.20: retrieveEntityTypes, retrieveEntityTypeDetails, retrieveEntityTypeInfo,
 * retrieveAttrTypes, retrieveAttrTypeDetails, retrieveAttrTypeInfo; all in {@code federationOps} and
 * {@code redirectionOps}) is asked the same question; for one type (one attribute) only the registrations whose
 * information can cover that type (that attribute, clause 5.12) are asked. Each answer is returned with the
 * @context its names are in (inline, else the source's Link header, else the client's) for the discovery
 * package to merge with the local answer. A failing source is reported by {@link SourceWarning}; a 404 means
 * the source has nothing of that type or attribute.
 */
@ApplicationScoped
public class DistributedDiscovery implements RemoteNames {

    private final Federation federation;
    private final SourceClient client;
    private final ContextResolver contexts;

    public DistributedDiscovery(Federation federation, SourceClient client, ContextResolver contexts) {
        this.federation = federation;
        this.client = client;
        this.contexts = contexts;
    }

    @Override
    public Uni<Answers> ask(Tenant tenant, Kind kind, String name, String iri, HttpHeaders headers, LdContext ctx) {
        if (!federation.active(tenant)) {
            return Uni.createFrom().nullItem();
        }
        TypeQuery type = kind == Kind.TYPE_INFO && iri != null ? new TypeQuery(new BoolExpr.Leaf<>(iri)) : null;
        Set<String> attrs = kind == Kind.ATTRIBUTE_INFO && iri != null ? Set.of(iri) : Set.of();
        List<Registration> targets = federation.matching(tenant, kind.operation, List.of(), type, null, attrs, headers);
        if (targets.isEmpty()) {
            return Uni.createFrom().nullItem();
        }
        String path = "/ngsi-ld/v1/" + kind.collection
                + (kind.one ? "/" + URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20")
                        : kind == Kind.TYPE_DETAILS || kind == Kind.ATTRIBUTE_DETAILS ? "?details=true" : "");
        List<Uni<Part>> calls = new ArrayList<>();
        for (Registration r : targets) {
            calls.add(client.send(r, "GET", path, federation.headers(r, headers, null), null)
                    .map(reply -> read(r, reply, ctx))
                    .onFailure().recoverWithItem(e -> new Part(null, SourceWarning.noAnswer(r, e.getMessage()))));
        }
        return Uni.join().all(calls).andFailFast().map(parts -> {
            List<Answer> answers = new ArrayList<>();
            List<String> warnings = new ArrayList<>();
            for (Part p : parts) {
                if (p.answer() != null) {
                    answers.add(p.answer());
                }
                if (p.warning() != null) {
                    warnings.add(p.warning());
                }
            }
            return new Answers(answers, warnings);
        });
    }

    private record Part(Answer answer, String warning) {
    }

    private Part read(Registration r, SourceClient.Reply reply, LdContext clientCtx) {
        if (reply.status() == 404) {
            return new Part(null, null);
        }
        if (SourceWarning.failed(reply.status())) {
            return new Part(null, SourceWarning.errorAnswer(r, reply.status()));
        }
        try {
            JsonNode body = RequestReader.parse(reply.body());
            if (!body.isObject() && !body.isArray()) {
                return new Part(null, SourceWarning.invalidAnswer(r, "not a JSON object or array"));
            }
            String link = LinkHeader.contextUrl(reply.header("Link"));
            JsonNode first = body.isArray() && !body.isEmpty() ? body.get(0) : body;
            LdContext ctx = first.has("@context") ? contexts.resolve(first.get("@context"))
                    : link != null ? contexts.resolveUrl(link) : clientCtx;
            return new Part(new Answer(body, ctx), null);
        } catch (RuntimeException e) {
            return new Part(null, SourceWarning.invalidAnswer(r, e.getMessage()));
        }
    }
}
