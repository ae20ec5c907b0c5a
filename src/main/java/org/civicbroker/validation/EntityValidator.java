package org.civicbroker.validation;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.arc.Arc;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.RequestScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.civicbroker.common.error.NgsiException;
import org.civicbroker.model.Entity;
import org.civicbroker.tenancy.Tenant;
import org.jboss.logging.Logger;

/**
 * Checks an entity as it will be stored, on every write path (create, replace, append, update, merge,
 * batch operations, temporal create), against the Smart Data Models schema bound to each of its types
 * (docs/validation.md). Throws {@link NgsiException} (400 BadRequestData) to refuse the write; nothing
 * is stored then. In warn mode the write goes ahead and the findings go to the {@code NGSILD-Warning}
 * response header and the {@code ngsild.validation.warnings} counter.
 */
@ApplicationScoped
public class EntityValidator {

    private static final Logger LOG = Logger.getLogger(EntityValidator.class);

    /** What one type of the entity yielded. */
    public record Outcome(String type, Binding binding, ValidationMode mode, List<Violation> violations) {
    }

    private final SchemaBindings bindings;
    private final ModePolicy policy;
    private final MeterRegistry meters;
    private final ValidationWarnings warnings;

    public EntityValidator(SchemaBindings bindings, ValidationConfig config, MeterRegistry meters,
            ValidationWarnings warnings) {
        this.bindings = bindings;
        this.policy = new ModePolicy(ValidationMode.parse(config.defaultMode()),
                ValidationMode.parse(config.unknownTypes()), config.modes());
        this.meters = meters;
        this.warnings = warnings;
    }

    /** Validates {@code after}, the complete entity that the write would store. */
    public void validate(Tenant tenant, Entity after) {
        List<Outcome> outcomes = evaluate(tenant, after, false);
        List<Outcome> refused = outcomes.stream().filter(o -> o.mode() == ValidationMode.ENFORCE).toList();
        if (!refused.isEmpty()) {
            throw rejection(after.id(), refused);
        }
        for (Outcome o : outcomes) {
            meters.counter("ngsild.validation.warnings", "type", o.binding() != null ? o.binding().name() : "unbound").increment();
            warn(o);
        }
    }

    /**
     * The failing outcomes for each type of the entity under the tenant's modes. With {@code dryRun},
     * every bound type is checked whatever its mode (a supplier checking a payload wants the answer).
     */
    public List<Outcome> evaluate(Tenant tenant, Entity entity, boolean dryRun) {
        List<Outcome> out = new ArrayList<>();
        for (String type : entity.types()) {
            Binding b = bindings.forType(type).orElse(null);
            ValidationMode mode = policy.mode(tenant.name(), type, b != null ? b.name() : null);
            if (dryRun && b != null) {
                mode = ValidationMode.ENFORCE;
            }
            if (mode == ValidationMode.OFF) {
                continue;
            }
            List<Violation> v = b != null ? b.check(entity)
                    : List.of(new Violation("/type", "no Smart Data Models schema is bound to type " + type));
            if (!v.isEmpty()) {
                out.add(new Outcome(type, b, mode, v));
            }
        }
        return out;
    }

    public ModePolicy policy() {
        return policy;
    }

    /** 400 BadRequestData naming every failing attribute, with an {@code errors} extension member. */
    public static NgsiException rejection(String entityId, List<Outcome> refused) {
        ArrayNode errors = JsonNodeFactory.instance.arrayNode();
        StringBuilder detail = new StringBuilder("Entity ").append(entityId).append(" does not match ");
        for (int i = 0; i < refused.size(); i++) {
            Outcome o = refused.get(i);
            detail.append(i == 0 ? "" : "; and ").append(describe(o)).append(": ")
                    .append(o.violations().stream().map(Violation::toString).collect(Collectors.joining("; ")));
            o.violations().forEach(v -> errors.addObject().put("pointer", v.pointer()).put("message", v.message())
                    .put("type", o.binding() != null ? o.binding().name() : o.type()));
        }
        return NgsiException.badData(detail.toString()).withExtension("errors", errors);
    }

    private static String describe(Outcome o) {
        return o.binding() != null
                ? "the Smart Data Models schema of " + o.binding().name() + " (" + o.binding().schemaUrl() + ")"
                : "any schema (type " + o.type() + " is not bound and unknown types are refused)";
    }

    private void warn(Outcome o) {
        if (Arc.container().getActiveContext(RequestScoped.class) == null) {
            // a write outside an HTTP request (e.g. a background job): the metric and the log still see it
            LOG.warnf("Entity stored although it does not match %s: %s", describe(o), o.violations());
            return;
        }
        String name = o.binding() != null ? o.binding().name() : o.type();
        for (Violation v : o.violations()) {
            warnings.add("Schema " + name + ": " + v);
        }
    }

    /** For the schema listing: mode per bound type for one tenant. */
    public Map<String, ValidationMode> modes(Tenant tenant) {
        return bindings.all().stream().collect(Collectors.toMap(Binding::typeIri,
                b -> policy.mode(tenant.name(), b.typeIri(), b.name()), (a, b) -> a, java.util.LinkedHashMap::new));
    }
}
