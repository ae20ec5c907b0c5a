package org.civicbroker.common.http;

/**
 * A route whose request body is read as a stream and written on as it arrives (never held whole), so
 * {@link BodyLimit} does not bound it by {@code NGSILD_MAX_BODY_SIZE}: e.g. the tenant import of issue 17,
 * whose body is a whole tenant. The route itself decides what it accepts.
 */
public interface StreamedUpload {

    /** Whether a request with this method and path is such an upload. */
    boolean matches(String method, String path);
}
