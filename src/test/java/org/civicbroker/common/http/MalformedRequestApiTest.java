package org.civicbroker.common.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Issue 19, "every error is a ProblemDetails": requests the router rejects before the resources, sent as
 * raw bytes over a socket (an HTTP client would refuse to send them), answer a ProblemDetails body instead
 * of the empty 400/404 they got. Requests Netty's decoder rejects are not covered (see {@link RequestLimits}).
 * The tests run with {@code vertx.disableURIValidation} set by the build, as {@link BrokerMain} sets it.
 */
@QuarkusTest
class MalformedRequestApiTest {

    @TestHTTPResource("/")
    URL base;

    private String send(String request) throws Exception {
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            byte[] buffer = new byte[4096];
            int n;
            while ((n = in.read(buffer)) > 0) {
                answer.write(buffer, 0, n);
            }
            return answer.toString(StandardCharsets.ISO_8859_1);
        }
    }

    private static void assertProblem(String answer, int status, String type) {
        assertThat(answer).startsWith("HTTP/1.1 " + status + " ");
        assertThat(answer.toLowerCase()).contains("content-type: application/json");
        String body = answer.substring(answer.indexOf("\r\n\r\n") + 4);
        assertThat(body).contains("\"type\":\"https://uri.etsi.org/ngsi-ld/errors/" + type + "\"")
                .contains("\"status\":" + status).contains("\"detail\":");
    }

    @Test
    void anInvalidPercentEncodingInThePathIsAnInvalidRequestProblem() throws Exception {
        String answer = send("GET /ngsi-ld/v1/entities/urn:ngsi-ld:X:%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertProblem(answer, 400, "InvalidRequest");
        assertThat(answer).contains("not a valid URI");
    }

    @Test
    void anInvalidPercentEncodingInTheQueryIsAnInvalidRequestProblem() throws Exception {
        assertProblem(send("GET /ngsi-ld/v1/entities?type=%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"), 400, "InvalidRequest");
        assertProblem(send("GET /ngsi-ld/v1/entities?type=A% HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"), 400, "InvalidRequest");
    }

    @Test
    void aRequestTargetThatIsNotAPathIsAnInvalidRequestProblem() throws Exception {
        assertProblem(send("GET ngsi-ld/v1/entities?type=A HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"), 400, "InvalidRequest");
    }

    @Test
    void aValidPercentEncodingIsServedAsBefore() throws Exception {
        String answer = send("GET /ngsi-ld/v1/entities?type=%41%42 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertThat(answer).startsWith("HTTP/1.1 200 ");
    }

    @Test
    void aCharacterAUriMayNotHoldIsAnInvalidRequestProblem() throws Exception {
        assertProblem(send("GET /ngsi-ld/v1/entities?type=A|B HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"), 400, "InvalidRequest");
    }

    @Test
    void theCheckSaysWhatIsWrong() {
        assertThat(RequestLimits.invalidTarget("/a%20b?q=%41")).isNull();
        assertThat(RequestLimits.invalidTarget("http://host/a")).isNull();
        assertThat(RequestLimits.invalidTarget("/a%2")).contains("not a valid URI").contains("character 3");
        assertThat(RequestLimits.invalidTarget("/a%g0")).contains("not a valid URI");
        assertThat(RequestLimits.invalidTarget("a/b")).contains("absolute path");
    }
}
