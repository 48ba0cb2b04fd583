package io.zonecam.iac.stacks;

import io.zonecam.contracts.recording.RetentionClass;
import io.zonecam.iac.config.ZonesConfig;
import io.zonecam.iac.constructs.TokenSigningKey;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.cloudfront.AllowedMethods;
import software.amazon.awscdk.services.cloudfront.BehaviorOptions;
import software.amazon.awscdk.services.cloudfront.CachePolicy;
import software.amazon.awscdk.services.cloudfront.Distribution;
import software.amazon.awscdk.services.cloudfront.HttpVersion;
import software.amazon.awscdk.services.cloudfront.KeyGroup;
import software.amazon.awscdk.services.cloudfront.PriceClass;
import software.amazon.awscdk.services.cloudfront.PublicKey;
import software.amazon.awscdk.services.cloudfront.ResponseHeadersPolicy;
import software.amazon.awscdk.services.cloudfront.ViewerProtocolPolicy;
import software.amazon.awscdk.services.cloudfront.origins.S3BucketOrigin;
import software.amazon.awscdk.services.ec2.IpAddresses;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetConfiguration;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.rds.AuroraPostgresClusterEngineProps;
import software.amazon.awscdk.services.rds.AuroraPostgresEngineVersion;
import software.amazon.awscdk.services.rds.BackupProps;
import software.amazon.awscdk.services.rds.ClusterInstance;
import software.amazon.awscdk.services.rds.Credentials;
import software.amazon.awscdk.services.rds.CredentialsBaseOptions;
import software.amazon.awscdk.services.rds.DatabaseCluster;
import software.amazon.awscdk.services.rds.DatabaseClusterEngine;
import software.amazon.awscdk.services.rds.DatabaseProxy;
import software.amazon.awscdk.services.rds.IClusterInstance;
import software.amazon.awscdk.services.rds.ProxyTarget;
import software.amazon.awscdk.services.rds.ServerlessV2ClusterInstanceProps;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.amazon.awscdk.services.s3.ObjectOwnership;
import software.amazon.awscdk.services.s3.StorageClass;
import software.amazon.awscdk.services.s3.Transition;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.constructs.Construct;

/**
 * DataStack holds everything stateful: the control-plane VPC, Aurora PostgreSQL behind RDS Proxy, the keys and
 * secrets, the recordings and deploy buckets, and CloudFront in front of recorded playback.
 *
 * <p>Termination protection is on and stateful resources are retained, so deleting or renaming a stack or a
 * construct never deletes recordings or the database (AWS's CDK guidance: stateful resources in their own stack).
 */
public final class DataStack extends Stack {
    public static final String DATABASE_NAME = "zonecam";
    public static final int POSTGRES_PORT = 5432;
    /** Non-current deploy revisions are kept this long so a rollback can still fetch them. */
    static final int REVISION_DAYS = 30;

    private final Vpc vpc;
    private final Key dataKey;
    private final Bucket recordings;
    private final Bucket deployArtifacts;
    private final DatabaseCluster database;
    private final DatabaseProxy databaseProxy;
    private final SecurityGroup proxySecurityGroup;
    private final TokenSigningKey tokenSigningKey;
    private final Secret platformCa;
    private final Secret secretsPepper;
    private final Secret playbackCdnSigningKey;
    private final Distribution playbackCdn;
    private final PublicKey playbackCdnPublicKey;

    public DataStack(Construct scope, String id, StackProps props, ZonesConfig config, String playbackCdnPublicKeyPem) {
        super(scope, id, props);
        ZonesConfig.ControlPlane cp = config.controlPlane();

        dataKey = Key.Builder.create(this, "DataKey")
                .alias("alias/zonecam/data")
                .description("Zonecam control-plane data: Aurora storage and secrets")
                .enableKeyRotation(true)
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();

        vpc = Vpc.Builder.create(this, "Vpc")
                .ipAddresses(IpAddresses.cidr(cp.cidr()))
                .maxAzs(2)
                .natGateways(cp.natGateways())
                .subnetConfiguration(List.of(
                        SubnetConfiguration.builder()
                                .name("public")
                                .subnetType(SubnetType.PUBLIC)
                                .cidrMask(24)
                                .build(),
                        // The Lambda functions: egress to Secrets Manager, IoT and KMS through NAT.
                        SubnetConfiguration.builder()
                                .name("app")
                                .subnetType(SubnetType.PRIVATE_WITH_EGRESS)
                                .cidrMask(20)
                                .build(),
                        // The database and its proxy: no route out at all.
                        SubnetConfiguration.builder()
                                .name("data")
                                .subnetType(SubnetType.PRIVATE_ISOLATED)
                                .cidrMask(24)
                                .build()))
                .build();

        recordings = recordingsBucket(config);
        deployArtifacts = Bucket.Builder.create(this, "DeployArtifacts")
                .encryption(BucketEncryption.S3_MANAGED)
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .enforceSsl(true)
                .objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED)
                // Revisions are overwritten by name; versions let a rollback fetch the previous bundle.
                .versioned(true)
                .lifecycleRules(List.of(LifecycleRule.builder()
                        .id("expire-old-revisions")
                        .noncurrentVersionExpiration(Duration.days(REVISION_DAYS))
                        .abortIncompleteMultipartUploadAfter(Duration.days(1))
                        .build()))
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();

        SecurityGroup databaseSg = SecurityGroup.Builder.create(this, "DatabaseSecurityGroup")
                .vpc(vpc)
                .description("Aurora: PostgreSQL from RDS Proxy only")
                .allowAllOutbound(false)
                .build();
        proxySecurityGroup = SecurityGroup.Builder.create(this, "ProxySecurityGroup")
                .vpc(vpc)
                .description("RDS Proxy: PostgreSQL from the control-plane functions only")
                .allowAllOutbound(false)
                .build();
        databaseSg.addIngressRule(proxySecurityGroup, Port.tcp(POSTGRES_PORT), "RDS Proxy");
        proxySecurityGroup.addEgressRule(databaseSg, Port.tcp(POSTGRES_PORT), "Aurora");

        SubnetSelection isolated = SubnetSelection.builder()
                .subnetType(SubnetType.PRIVATE_ISOLATED)
                .build();
        List<IClusterInstance> readers = new ArrayList<>();
        for (int i = 1; i <= cp.auroraReaders(); i++) {
            readers.add(ClusterInstance.serverlessV2(
                    "reader" + i,
                    ServerlessV2ClusterInstanceProps.builder()
                            .scaleWithWriter(i == 1)
                            .build()));
        }
        database = DatabaseCluster.Builder.create(this, "Database")
                .engine(DatabaseClusterEngine.auroraPostgres(AuroraPostgresClusterEngineProps.builder()
                        .version(AuroraPostgresEngineVersion.VER_17_5)
                        .build()))
                .writer(ClusterInstance.serverlessV2("writer"))
                .readers(readers)
                .serverlessV2MinCapacity(cp.auroraMinAcu())
                .serverlessV2MaxCapacity(cp.auroraMaxAcu())
                .vpc(vpc)
                .vpcSubnets(isolated)
                .securityGroups(List.of(databaseSg))
                .credentials(Credentials.fromGeneratedSecret(
                        "zonecam",
                        CredentialsBaseOptions.builder()
                                .secretName("zonecam/db/credentials")
                                .encryptionKey(dataKey)
                                .build()))
                .defaultDatabaseName(DATABASE_NAME)
                .storageEncrypted(true)
                .storageEncryptionKey(dataKey)
                .deletionProtection(true)
                .backup(BackupProps.builder().retention(Duration.days(14)).build())
                .removalPolicy(RemovalPolicy.SNAPSHOT)
                .build();

        databaseProxy = DatabaseProxy.Builder.create(this, "DatabaseProxy")
                .proxyTarget(ProxyTarget.fromCluster(database))
                .secrets(List.of(database.getSecret()))
                .vpc(vpc)
                .vpcSubnets(isolated)
                .securityGroups(List.of(proxySecurityGroup))
                .requireTls(true)
                .build();

        tokenSigningKey = new TokenSigningKey(this, "TokenSigningKey", dataKey);

        // The HMAC key under which the control plane stores API keys, device secrets and node keys: 32 random bytes,
        // generated by Secrets Manager so it never passes through a template. Rotating it revokes every stored secret.
        secretsPepper = Secret.Builder.create(this, "SecretsPepper")
                .secretName("zonecam/control/pepper")
                .description("Pepper (HMAC key) of the control plane's stored secrets")
                .encryptionKey(dataKey)
                .generateSecretString(software.amazon.awscdk.services.secretsmanager.SecretStringGenerator.builder()
                        .passwordLength(44)
                        .excludePunctuation(true)
                        .build())
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();

        // The operator puts the platform CA here once, as JSON {privateKey, certificate} (the certificate is the one
        // registered with IoT Core, deviceBus.caCertificateFile); the control plane issues and revokes with it.
        platformCa = Secret.Builder.create(this, "PlatformCa")
                .secretName("zonecam/platform-ca")
                .description("Platform CA of device and node certificates: JSON {privateKey, certificate}")
                .encryptionKey(dataKey)
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();

        // The operator puts the CloudFront private key (PEM) here once; the playback functions sign with it.
        playbackCdnSigningKey = Secret.Builder.create(this, "PlaybackCdnSigningKey")
                .secretName("zonecam/playback-cdn/signing-key")
                .description("PEM private key whose public half is the CloudFront key group of recorded playback")
                .encryptionKey(dataKey)
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
        playbackCdnPublicKey = PublicKey.Builder.create(this, "PlaybackCdnPublicKey")
                .encodedKey(playbackCdnPublicKeyPem)
                .comment("Zonecam recorded playback URL signatures")
                .build();
        KeyGroup keyGroup = KeyGroup.Builder.create(this, "PlaybackCdnKeyGroup")
                .items(List.of(playbackCdnPublicKey))
                .comment("Zonecam recorded playback")
                .build();
        playbackCdn = Distribution.Builder.create(this, "PlaybackCdn")
                .comment("Zonecam recorded playback (signed URLs only)")
                .defaultBehavior(BehaviorOptions.builder()
                        // OAC: only this distribution may read the bucket, and only with a signed viewer URL.
                        .origin(S3BucketOrigin.withOriginAccessControl(recordings))
                        .viewerProtocolPolicy(ViewerProtocolPolicy.HTTPS_ONLY)
                        .allowedMethods(AllowedMethods.ALLOW_GET_HEAD_OPTIONS)
                        .cachePolicy(CachePolicy.CACHING_OPTIMIZED)
                        .responseHeadersPolicy(ResponseHeadersPolicy.CORS_ALLOW_ALL_ORIGINS)
                        .trustedKeyGroups(List.of(keyGroup))
                        .compress(false)
                        .build())
                .httpVersion(HttpVersion.HTTP2_AND_3)
                .priceClass(PriceClass.PRICE_CLASS_100)
                .enableIpv6(true)
                .build();

        Outputs.output(this, "RecordingsBucketName", recordings.getBucketName());
        Outputs.output(this, "DeployArtifactsBucketName", deployArtifacts.getBucketName());
        Outputs.output(this, "PlaybackCdnDomain", playbackCdn.getDistributionDomainName());
        Outputs.output(this, "DatabaseProxyEndpoint", databaseProxy.getEndpoint());
    }

    /**
     * The recordings bucket: SSE-S3, no versioning, public access blocked, TLS only, and one expiry rule per zone
     * and fixed retention class (S3 lifecycle prefixes have no wildcards, so the rules are per zone).
     */
    private Bucket recordingsBucket(ZonesConfig config) {
        List<LifecycleRule> rules = new ArrayList<>();
        rules.add(LifecycleRule.builder()
                .id("abort-incomplete-uploads")
                .abortIncompleteMultipartUploadAfter(Duration.days(1))
                .build());
        for (ZonesConfig.Zone zone : config.zones()) {
            for (RetentionClass rc : RetentionClass.values()) {
                if (!rc.expiresByLifecycle()) {
                    continue;
                }
                LifecycleRule.Builder rule = LifecycleRule.builder()
                        .id(zone.name() + "-" + rc.segment())
                        .prefix(rc.keyPrefix(RetentionClass.zonePrefix(zone.name())))
                        .expiration(Duration.days(rc.lifecycleDays()));
                if (rc.lifecycleDays() >= 90) {
                    // Older footage is rarely watched: Standard-IA after 30 days halves its storage price.
                    rule.transitions(List.of(Transition.builder()
                            .storageClass(StorageClass.INFREQUENT_ACCESS)
                            .transitionAfter(Duration.days(30))
                            .build()));
                }
                rules.add(rule.build());
            }
        }
        return Bucket.Builder.create(this, "Recordings")
                // SSE-S3: free and request-neutral; SSE-KMS would add a KMS call per PUT/GET (see README).
                .encryption(BucketEncryption.S3_MANAGED)
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .enforceSsl(true)
                .objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED)
                // Recordings are written once and never overwritten: versions would only cost.
                .versioned(false)
                .lifecycleRules(rules)
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
    }

    public Vpc vpc() {
        return vpc;
    }

    public Key dataKey() {
        return dataKey;
    }

    public Bucket recordings() {
        return recordings;
    }

    public Bucket deployArtifacts() {
        return deployArtifacts;
    }

    public DatabaseCluster database() {
        return database;
    }

    public DatabaseProxy databaseProxy() {
        return databaseProxy;
    }

    public SecurityGroup proxySecurityGroup() {
        return proxySecurityGroup;
    }

    public Secret tokenSigningKey() {
        return tokenSigningKey.secret();
    }

    public Secret secretsPepper() {
        return secretsPepper;
    }

    public Secret playbackCdnSigningKey() {
        return playbackCdnSigningKey;
    }

    /** The platform CA (JSON {privateKey, certificate}) the registration and fleet functions issue and revoke with. */
    public Secret platformCa() {
        return platformCa;
    }

    public Distribution playbackCdn() {
        return playbackCdn;
    }

    public PublicKey playbackCdnPublicKey() {
        return playbackCdnPublicKey;
    }
}
