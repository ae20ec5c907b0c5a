package org.civicbroker.query.q;

/**
 * The q agreement table against a real MongoDB: runs when {@code NGSILD_IT_MONGODB_URI} names one
 * (e.g. {@code mongodb://localhost:27017}), and is reported as skipped otherwise. It is what turns the
 * translator's real-MongoDB paths (including the $regexMatch language filter) from "BSON-level tested"
 * into "verified".
 */
class QBackendsRealMongoIT extends QBackendsAgreementTest {

    static final String ENV = "NGSILD_IT_MONGODB_URI";

    @Override
    protected String connectionString() {
        String uri = System.getenv(ENV);
        return uri == null || uri.isBlank() ? null : uri;
    }

    @Override
    protected boolean fullOperatorSet() {
        return true;
    }
}
