package org.civicbroker.validation;

import io.quarkus.arc.Arc;
import io.quarkus.arc.InjectableContext;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.ext.Provider;

/**
 * Adds one {@code NGSILD-Warning} header per warn-mode finding. The value follows the header's
 * {@code 299 - Miscellaneous Persistent Warning} code (GS CIM 009 clause 6.3.17, RFC 7234 warn-value
 * shape: code, agent "-", quoted text), so generic clients can read it.
 */
@Provider
public class WarningHeaderFilter implements ContainerResponseFilter {

    public static final String HEADER = "NGSILD-Warning";

    @Inject
    ValidationWarnings warnings;

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        InjectableContext ctx = Arc.container().getActiveContext(RequestScoped.class);
        if (ctx == null) {
            return;
        }
        for (String m : warnings.messages()) {
            response.getHeaders().add(HEADER, value(m));
        }
    }

    /** Header values are ISO-8859-1 text: keep printable ASCII, no double quotes inside the quoted text. */
    static String value(String message) {
        StringBuilder sb = new StringBuilder("299 - \"");
        message.codePoints().forEach(c -> sb.append(c >= 0x20 && c < 0x7f && c != '"' && c != '\\' ? (char) c : c == '"' ? '\'' : '?'));
        return sb.append('"').toString();
    }
}
