package org.civicbroker.common.error;

/** A failure that the API reports as ProblemDetails with an ETSI error type. */
public class NgsiException extends RuntimeException {

    private final ErrorType type;

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
