package io.zonecam.iac.stacks;

import software.amazon.awscdk.CfnOutput;
import software.constructs.Construct;

/** Outputs adds the stack outputs the deploy scripts and operators read. */
final class Outputs {

    private Outputs() {}

    /** Adds the output {@code id} with {@code value} to the stack. */
    static void output(Construct stack, String id, String value) {
        CfnOutput.Builder.create(stack, id).value(value).build();
    }
}
