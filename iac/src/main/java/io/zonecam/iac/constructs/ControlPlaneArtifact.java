package io.zonecam.iac.constructs;

import io.zonecam.iac.config.AppSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.services.lambda.Code;
import software.constructs.Construct;

/**
 * ControlPlaneArtifact picks the Lambda code of the control plane: the built zip, or a placeholder so that
 * synthesis (tests, reviews of a template) never needs the Quarkus build.
 *
 * <p>A missing zip is an error annotation, which makes {@code npx aws-cdk synth|deploy} refuse, unless context
 * {@code allowPlaceholderArtifacts=true} says a placeholder is wanted (the tests set it).
 */
public final class ControlPlaneArtifact {
    static final String PLACEHOLDER_TEXT =
            "Placeholder for the Zonecam control-plane Lambda zip: build control-lambdas first.\n";

    private ControlPlaneArtifact() {}

    /** The code for the control-plane functions, annotating {@code scope} when the zip is missing. */
    public static Code code(Construct scope, AppSettings settings) {
        Path zip = settings.controlLambdaArtifact();
        if (Files.isRegularFile(zip)) {
            return Code.fromAsset(zip.toString());
        }
        String message = "control-plane artifact " + zip
                + " not found (build it with ./mvnw -pl control-lambdas package"
                + (settings.nativeLambda() ? " -Dnative" : "") + ", or pass -c " + AppSettings.CONTROL_LAMBDA_ARTIFACT
                + "=PATH); using a placeholder";
        if (settings.allowPlaceholderArtifacts()) {
            Annotations.of(scope).addWarningV2("zonecam:placeholderArtifact", message);
        } else {
            Annotations.of(scope).addError(message);
        }
        return Code.fromAsset(placeholderDirectory().toString());
    }

    /** A directory with fixed content, so the placeholder asset hash is stable between synths. */
    static Path placeholderDirectory() {
        try {
            Path dir = Path.of(System.getProperty("java.io.tmpdir"), "zonecam-placeholder-lambda");
            Files.createDirectories(dir);
            Path readme = dir.resolve("README.txt");
            if (!Files.isRegularFile(readme) || !Files.readString(readme).equals(PLACEHOLDER_TEXT)) {
                Files.writeString(readme, PLACEHOLDER_TEXT);
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the placeholder Lambda directory", e);
        }
    }
}
