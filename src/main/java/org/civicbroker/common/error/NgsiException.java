package org.civicbroker.common.error;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** A failure that the API reports as ProblemDetails with an ETSI error type. */
public class NgsiException extends RuntimeException {

    private final ErrorType type;
    /** ProblemDetails extension members (RFC 7807 clause 3.2), e.g. the validation {@code errors}. */
    private final Map<String, JsonNode> extensions = new LinkedHashMap<>();

    public NgsiException(ErrorType type, String detail) {
        super(detail, null, false, false);
        this.type = type;
    }

    public NgsiException(ErrorType type, String detail, Throwable cause) {
        super(detail, cause, false, false);
        this.type = type;
    }

    public ErrorType type() {
        return type;
    }

    /** Adds an extension member to the ProblemDetails body; the standard members cannot be replaced. */
    public NgsiException withExtension(String name, JsonNode value) {
        extensions.put(name, value);
        return this;
    }

    public Map<String, JsonNode> extensions() {
        return Collections.unmodifiableMap(extensions);
    }

    public static NgsiException badData(String detail) {
        return new NgsiException(ErrorType.BAD_REQUEST_DATA, detail);
    }

    public static NgsiException invalid(String detail) {
        return new NgsiException(ErrorType.INVALID_REQUEST, detail);
    }

    public static NgsiException notFound(String detail) {
        return new NgsiException(ErrorType.RESOURCE_NOT_FOUND, detail);
    }
}
