package io.zonecam.iac;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonecam.iac.config.AppSettings;
import io.zonecam.iac.config.ZonesConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.cxapi.CloudAssembly;

class ZonecamAppTest {

    @Test
    void sampleZonesFileSynthesizesADataAControlPlaneAndOneStackPerZone() {
        var stacks = TestSupport.sample().stacks();
        assertThat(stacks.data().getStackName()).isEqualTo("zonecam-data");
        assertThat(stacks.controlPlane().getStackName()).isEqualTo("zonecam-control");
        assertThat(stacks.zones().values())
                .extracting(s -> s.getStackName())
                .containsExactly("zonecam-zone-euw1-a", "zonecam-zone-euw1-b");
        assertThat(stacks.controlPlane().getDependencies()).containsExactly(stacks.data());
        // Environment-agnostic by default; the tests never need AWS credentials.
        assertThat(software.amazon.awscdk.Token.isUnresolved(stacks.data().getAccount()))
                .isTrue();
    }

    @Test
    void aMissingLambdaZipIsAWarningWhenPlaceholdersAreAllowedAndAnErrorOtherwise() {
        Annotations lenient =
                Annotations.fromStack(TestSupport.sample().stacks().controlPlane());
        lenient.hasNoError("*", Match.anyValue());
        lenient.hasWarning(
                "/zonecam-control",
                Match.stringLikeRegexp("control-plane artifact target/no-such-function.zip not found"));
        // SnapStart's "publish a version" warning is answered by the live alias.
        lenient.hasNoWarning("*", Match.stringLikeRegexp("SnapStart"));
        App strict = TestSupport.app(Path.of("zones.json"), Map.of(AppSettings.ALLOW_PLACEHOLDER_ARTIFACTS, "false"));
        var stacks = ZonecamApp.build(strict);
        // An error annotation: `npx aws-cdk synth|deploy` refuses the app.
        Annotations.fromStack(stacks.controlPlane())
                .hasError(
                        "/zonecam-control",
                        Match.stringLikeRegexp(
                                "control-plane artifact target/no-such-function.zip not found.*-pl control-lambdas package"));
        // Zone stacks do not need the artifact and carry no error.
        Annotations.fromStack(stacks.zones().get("euw1-a")).hasNoError("*", Match.anyValue());
    }

    @Test
    void aBuiltZipIsDeployedAsIs() throws Exception {
        Path zip = Files.createTempFile("function", ".zip");
        try (var out = new java.util.zip.ZipOutputStream(Files.newOutputStream(zip))) {
            out.putNextEntry(new java.util.zip.ZipEntry("lib/app.jar"));
            out.write(new byte[] {1, 2, 3});
            out.closeEntry();
        }
        App app = TestSupport.app(
                Path.of("zones.json"),
                Map.of(
                        AppSettings.CONTROL_LAMBDA_ARTIFACT,
                        zip.toString(),
                        AppSettings.ALLOW_PLACEHOLDER_ARTIFACTS,
                        "false"));
        var stacks = ZonecamApp.build(app);
        CloudAssembly assembly = app.synth();
        String manifest = Files.readString(Path.of(assembly.getDirectory(), "manifest.json"));
        assertThat(manifest).doesNotContain("aws:cdk:error");
        // The zip itself is staged as the functions' asset (a placeholder would be a directory).
        try (var files = Files.list(Path.of(assembly.getDirectory()))) {
            assertThat(files.map(f -> f.getFileName().toString()))
                    .anyMatch(f -> f.startsWith("asset.") && f.endsWith(".zip"));
        }
        assertThat(stacks.controlPlane().getNode().getMetadata().toString()).doesNotContain("placeholder");
    }

    @Test
    void aBadZonesFileFailsSynthesisWithEveryProblemNamed() {
        Path bad = TestSupport.zonesFile("""
                {"controlPlane": {"cidr": "10.0.0.0/16", "tokenIssuer": "https://api.example.test"},
                 "playbackCdn": {"publicKeyFile": "unused.pem"},
                 "zones": [
                   {"name": "a1", "cidr": "10.1.0.0/16", "minCapacity": 2, "maxCapacity": 10},
                   {"name": "a1", "cidr": "10.2.0.0/16", "minCapacity": 2, "maxCapacity": 10},
                   {"name": "b1", "cidr": "10.1.64.0/18", "minCapacity": 2, "maxCapacity": 10},
                   {"name": "c1", "cidr": "10.3.0.0/16", "minCapacity": 2, "maxCapacity": 9999}
                 ]}
                """);
        App app = TestSupport.app(bad, Map.of());
        assertThatThrownBy(() -> ZonecamApp.build(app))
                .isInstanceOf(ZonesConfigException.class)
                .hasMessageStartingWith("Invalid zones configuration " + bad)
                .hasMessageContaining("duplicate zone name 'a1' (zones[0] and zones[1])")
                .hasMessageContaining("zone 'b1' cidr 10.1.64.0/18 overlaps zone 'a1' cidr 10.1.0.0/16")
                .hasMessageContaining("zone 'c1' maxCapacity 9999 is out of range 1..500");
        // Nothing was half-built.
        assertThat(app.getNode().getChildren()).isEmpty();
    }

    @Test
    void aMissingOrWrongCdnKeyFailsSynthesisWithTheFix() throws Exception {
        assertThatThrownBy(() -> TestSupport.build(
                        Path.of("zones.json"), Map.of(AppSettings.PLAYBACK_CDN_PUBLIC_KEY_FILE, "keys/none.pem")))
                .isInstanceOf(ZonesConfigException.class)
                .hasMessageContaining("keys/none.pem not found")
                .hasMessageContaining("Bootstrap");
        Path notPem = Files.createTempFile("cdn", ".pem");
        Files.writeString(notPem, "ssh-rsa AAAA");
        assertThatThrownBy(() -> TestSupport.build(
                        Path.of("zones.json"), Map.of(AppSettings.PLAYBACK_CDN_PUBLIC_KEY_FILE, notPem.toString())))
                .hasMessageContaining("is not a PEM public key");
    }
}
