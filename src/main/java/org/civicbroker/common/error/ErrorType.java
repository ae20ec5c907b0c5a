package org.civicbroker.common.error;

/** ETSI GS CIM 009 error types (clause 5.5.2, table 5.5.2-1) with their HTTP status. */
public enum ErrorType {
    INVALID_REQUEST("InvalidRequest", 400, "The request associated to the operation is syntactically invalid or includes wrong content"),
    BAD_REQUEST_DATA("BadRequestData", 400, "The request includes input data which does not meet the requirements of the operation"),
    TOO_COMPLEX_QUERY("TooComplexQuery", 403, "The query is too complex and cannot be resolved"),
    TOO_MANY_RESULTS("TooManyResults", 403, "The query leads to too many results to be returned"),
    RESOURCE_NOT_FOUND("ResourceNotFound", 404, "The referred resource has not been found"),
    NONEXISTENT_TENANT("NonexistentTenant", 404, "The addressed tenant does not exist"),
    ALREADY_EXISTS("AlreadyExists", 409, "The referred element already exists"),
    CONFLICT("Conflict", 409, "The operation conflicts with the current state of the resource"),
    METHOD_NOT_ALLOWED("OperationNotSupported", 405, "The operation is not supported on this resource"),
    NOT_ACCEPTABLE("InvalidRequest", 406, "None of the requested representations can be produced"),
    PAYLOAD_TOO_LARGE("BadRequestData", 413, "The request body is larger than the broker accepts"),
    URI_TOO_LONG("BadRequestData", 414, "The request line is longer than the broker accepts"),
    HEADERS_TOO_LARGE("BadRequestData", 431, "The request headers are larger than the broker accepts"),
    UNSUPPORTED_MEDIA_TYPE("InvalidRequest", 415, "The request content type is not supported"),
    OPERATION_NOT_SUPPORTED("OperationNotSupported", 422, "The operation is not supported by the broker"),
    NO_MULTI_TENANT_SUPPORT("NoMultiTenantSupport", 501, "The broker does not support multi-tenancy"),
    /** Clause 6.3.18: a distributed operation that would reach this broker again (its alias is in the Via header). */
    LOOP_DETECTED("LoopDetected", 508, "The distributed operation would loop back to this broker"),
    /** A registered context source could not be reached or did not answer in time (distributed operations). */
    GATEWAY_TIMEOUT("InternalError", 504, "A registered context source did not answer"),
    LD_CONTEXT_NOT_AVAILABLE("LdContextNotAvailable", 503, "A remote JSON-LD @context could not be retrieved"),
    INTERNAL_ERROR("InternalError", 500, "An internal error occurred"),
    // GS CIM 009 defines no error types for access control (it leaves security to the deployment): the
    // broker's own URIs, documented in docs/security.md.
    UNAUTHORIZED("urn:civicbroker:errors:Unauthorized", 401, "The request needs a valid bearer token"),
    FORBIDDEN("urn:civicbroker:errors:Forbidden", 403, "The caller's roles do not allow this operation in this tenant"),
    /** Security on with only an issuer configured, and its OpenID Connect discovery failed (docs/security.md). */
    IDENTITY_PROVIDER_UNAVAILABLE("urn:civicbroker:errors:IdentityProviderUnavailable", 503,
            "The identity provider's keys cannot be retrieved"),
    TOO_MANY_REQUESTS("urn:civicbroker:errors:TooManyRequests", 429, "The client sent more requests than the broker accepts");

    public static final String BASE = "https://uri.etsi.org/ngsi-ld/errors/";

    private final String name;
    private final int status;
    private final String title;

    ErrorType(String name, int status, String title) {
        this.name = name;
        this.status = status;
        this.title = title;
    }

    public String uri() {
        return name.startsWith("urn:") ? name : BASE + name;
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }
}
