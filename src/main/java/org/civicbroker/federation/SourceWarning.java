package org.civicbroker.federation;

import org.civicbroker.registration.Registration;

/**
 * The one rule for reporting a context source that failed a distributed read (clause 6.3.17: abnormal
 * distributed GETs are reported in {@code NGSILD-Warning} headers, warn codes of IETF RFC 7234 clause 5.5):
 * 199 (miscellaneous) when the source could not be reached or did not answer in time, 299 (miscellaneous
 * persistent) when it answered with an error status, 111 (revalidation failed) when its answer was not
 * NGSI-LD. A 404 is not abnormal: the source does not hold what was asked. The warn-agent is "-" (this
 * broker), the text names the registration, its endpoint and the reason. Used by every distributed read
 * (Query Entities, Retrieve Entity, temporal retrieval and query, type and attribute discovery). Pure code.
 */
public final class SourceWarning {

    public static final int NO_ANSWER = 199;
    public static final int ERROR_ANSWER = 299;
    public static final int INVALID_ANSWER = 111;

    private SourceWarning() {
    }

    /** The source could not be reached, refused the call or did not answer within its timeout: 199. */
    public static String noAnswer(Registration r, String why) {
        return header(NO_ANSWER, describe(r, why));
    }

    /** The source answered with an error status (other than 404): 299. */
    public static String errorAnswer(Registration r, int status) {
        return header(ERROR_ANSWER, describe(r, "HTTP " + status));
    }

    /** The source's answer could not be read as NGSI-LD: 111. */
    public static String invalidAnswer(Registration r, String why) {
        return header(INVALID_ANSWER, describe(r, "answer is not NGSI-LD: " + why));
    }

    /** Whether a source's status is a failure to report (a 404 is an empty answer, clause 6.3.17). */
    public static boolean failed(int status) {
        return status != 404 && (status < 200 || status > 299);
    }

    static String describe(Registration r, String why) {
        return r.id() + " (" + r.endpoint() + "): " + (why == null ? "failed" : why);
    }

    public static String header(int code, String text) {
        return code + " - \"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace('\n', ' ').replace('\r', ' ') + "\"";
    }
}
