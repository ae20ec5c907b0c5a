package org.civicbroker.federation;

/**
 * NGSILD-Warning header values of distributed reads (clause 6.3.17, warn codes of IETF RFC 7234 clause 5.5):
 * 199 (miscellaneous) when a source could not be reached or did not answer in time, 299 (miscellaneous
 * persistent) when it answered with an error, 111 (revalidation failed) when its answer was not NGSI-LD.
 * The warn-agent is "-" (this broker), the text names the registration, its endpoint and the reason. Pure code.
 */
public final class SourceWarning {

    public static final int NO_ANSWER = 199;
    public static final int ERROR_ANSWER = 299;
    public static final int INVALID_ANSWER = 111;

    private SourceWarning() {
    }

    public static String header(int code, String text) {
        return code + " - \"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace('\n', ' ').replace('\r', ' ') + "\"";
    }
}
