package org.civicbroker.federation;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.civicbroker.common.http.LinkHeader;
import org.civicbroker.common.http.RequestReader;
import org.civicbroker.discovery.RemoteNames;
import org.civicbroker.jsonld.ContextResolver;
import org.civicbroker.jsonld.LdContext;
import org.civicbroker.registration.Operations;
import org.civicbroker.registration.Registration;
import org.civicbroker.tenancy.Tenant;

/**
 * Distributed Retrieve Available Entity Types and Retrieve Available Attributes (clauses 5.7.5, 5.7.8,
 * 5.7.11): every live registration that takes {@code retrieveEntityTypes} (respectively
 * {@code retrieveAttrTypes}, both in the {@code federationOps} and {@code redirectionOps} groups of clause
 * 4.20) is asked for its list; the names are read with the @context the source names (its Link header),
 * else the client's, and returned expanded for the caller to merge with the local list. A source that fails
 * is reported and left out.
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
    public Uni<Names> names(Tenant tenant, Kind kind, HttpHeaders headers, LdContext ctx) {
        if (!federation.active(tenant)) {
            return Uni.createFrom().nullItem();
        }
        String operation = kind == Kind.TYPES ? Operations.RETRIEVE_ENTITY_TYPES : Operations.RETRIEVE_ATTR_TYPES;
        List<Registration> targets = federation.matching(tenant, operation, List.of(), null, null, List.of(), headers);
        if (targets.isEmpty()) {
            return Uni.createFrom().nullItem();
        }
        String path = kind == Kind.TYPES ? "/ngsi-ld/v1/types" : "/ngsi-ld/v1/attributes";
        String member = kind == Kind.TYPES ? "typeList" : "attributeList";
        List<Uni<Part>> calls = new ArrayList<>();
        for (Registration r : targets) {
            calls.add(client.send(r, "GET", path, federation.headers(r, headers, null), null)
                    .map(reply -> read(r, reply, member, ctx))
                    .onFailure().recoverWithItem(e -> new Part(Set.of(), describe(r, e.getMessage()))));
        }
        return Uni.join().all(calls).andFailFast().map(parts -> {
            Set<String> iris = new TreeSet<>();
            List<String> failures = new ArrayList<>();
            for (Part p : parts) {
                iris.addAll(p.iris());
                if (p.failure() != null) {
                    failures.add(p.failure());
                }
            }
            return new Names(iris, failures);
        });
    }

    private record Part(Set<String> iris, String failure) {
    }

    private Part read(Registration r, SourceClient.Reply reply, String member, LdContext clientCtx) {
        if (!reply.ok()) {
            return new Part(Set.of(), describe(r, "HTTP " + reply.status()));
        }
        try {
            JsonNode body = RequestReader.parse(reply.body());
            String link = LinkHeader.contextUrl(reply.header("Link"));
            LdContext ctx = body.has("@context") ? contexts.resolve(body.get("@context"))
                    : link != null ? contexts.resolveUrl(link) : clientCtx;
            JsonNode names = body.path(member);
            if (!names.isArray()) {
                return new Part(Set.of(), describe(r, "answer has no " + member));
            }
            Set<String> iris = new TreeSet<>();
            names.forEach(n -> iris.add(ctx.expand(n.asText())));
            return new Part(iris, null);
        } catch (RuntimeException e) {
            return new Part(Set.of(), describe(r, "answer is not NGSI-LD: " + e.getMessage()));
        }
    }

    private static String describe(Registration r, String why) {
        return r.id() + " (" + r.endpoint() + "): " + (why == null ? "failed" : why);
    }
}
