package io.zonecam.contracts.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProblemJsonTest {

    @Test
    void shouldWriteTheMembersOfRfc9457InOneOrder() {
        assertThat(ProblemJson.render(413, "payload-too-large", "Payload Too Large", "Too big.", "/v1/x"))
                .isEqualTo(
                        "{\"type\":\"https://zonecam.io/problems/payload-too-large\",\"title\":\"Payload Too Large\","
                                + "\"status\":413,\"detail\":\"Too big.\",\"instance\":\"/v1/x\"}");
    }

    @Test
    void shouldEscapeWhatARequestPathCarries() {
        assertThat(ProblemJson.render(404, "not-found", "Not Found", "No \"such\" thing.", "/a\\b"))
                .contains("\"detail\":\"No \\\"such\\\" thing.\"")
                .contains("\"instance\":\"/a\\\\b\"");
    }

    @Test
    void shouldMakeSlugsFromTitles() {
        assertThat(ProblemJson.slug("Request Header Fields Too Large")).isEqualTo("request-header-fields-too-large");
        assertThat(ProblemJson.slug("I'm a teapot")).isEqualTo("i-m-a-teapot");
    }
}
