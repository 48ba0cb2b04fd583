package io.zonecam.control.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CredentialRequestsTest {

    @Test
    void credentialsNeverPrintTheirSecrets() {
        List<CredentialRequests.Credential> credentials = List.of(
                new CredentialRequests.ApiKey("zk_abcdefghijkl_s3cret"),
                new CredentialRequests.NodeKey("zn_zone-a.s3cret"),
                new CredentialRequests.Device("0b7e5f0e-0000-4000-8000-000000000001", "s3cret"));
        for (CredentialRequests.Credential c : credentials) {
            assertThat(c.toString()).doesNotContain("s3cret");
        }
        assertThat(credentials.get(2).toString()).contains("0b7e5f0e-0000-4000-8000-000000000001");
    }
}
