package io.zonecam.iac.stacks;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonecam.iac.TestSupport;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** Zones are cells: nothing of one zone appears in another zone's stack. */
class ZoneIsolationTest {
    private final Template a = TestSupport.sample().zones().get("euw1-a");
    private final Template b = TestSupport.sample().zones().get("euw1-b");

    @Test
    void eachZoneHasItsOwnNetworkFleetAndDeploymentGroup() {
        a.hasResourceProperties("AWS::EC2::VPC", Match.objectLike(Map.of("CidrBlock", "10.16.0.0/16")));
        b.hasResourceProperties("AWS::EC2::VPC", Match.objectLike(Map.of("CidrBlock", "10.17.0.0/16")));
        for (Template t : new Template[] {a, b}) {
            t.resourceCountIs("AWS::EC2::VPC", 1);
            t.resourceCountIs("AWS::AutoScaling::AutoScalingGroup", 1);
            t.resourceCountIs("AWS::CodeDeploy::DeploymentGroup", 1);
            t.resourceCountIs("AWS::ElasticLoadBalancingV2::LoadBalancer", 1);
            t.resourceCountIs("AWS::SecretsManager::Secret", 1);
            // No peering, transit or shared network between zones.
            t.resourceCountIs("AWS::EC2::VPCPeeringConnection", 0);
            t.resourceCountIs("AWS::EC2::TransitGatewayAttachment", 0);
        }
        b.hasResourceProperties(
                "AWS::SecretsManager::Secret",
                Match.objectLike(Map.of("Name", "zonecam/zones/euw1-b/node-enrollment-key")));
    }

    @Test
    void noZoneStackMentionsAnotherZoneOrImportsFromIt() {
        String ja = TestSupport.json(a.toJSON());
        String jb = TestSupport.json(b.toJSON());
        assertThat(ja).doesNotContain("euw1-b");
        assertThat(jb).doesNotContain("euw1-a");
        // What a zone takes from the shared stacks: the data and control-plane exports only.
        assertThat(ja.replaceAll("\"Fn::ImportValue\":\"zonecam-(data|control):[A-Za-z0-9]+\"", ""))
                .doesNotContain("Fn::ImportValue");
        var stacks = TestSupport.sample().stacks();
        assertThat(stacks.zones().get("euw1-a").getDependencies())
                .containsExactlyInAnyOrder(stacks.data(), stacks.controlPlane());
    }
}
