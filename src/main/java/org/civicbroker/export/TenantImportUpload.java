package org.civicbroker.export;

import jakarta.enterprise.context.ApplicationScoped;
import org.civicbroker.common.http.StreamedUpload;

/**
 * The tenant import ({@code POST /ngsi-ld/v1/x-export/tenant}) reads its NDJSON line by line and writes it
 * in batches as it arrives, so a whole tenant, far larger than {@code NGSILD_MAX_BODY_SIZE}, can be
 * imported in one request (docs/privacy.md).
 */
@ApplicationScoped
public class TenantImportUpload implements StreamedUpload {

    static final String PATH = "/ngsi-ld/v1/x-export/tenant";

    @Override
    public boolean matches(String method, String path) {
        return "POST".equals(method) && (PATH.equals(path) || (PATH + "/").equals(path));
    }
}
