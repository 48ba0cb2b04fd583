package io.zonecam.recording.store;

import io.zonecam.recording.testing.S3Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The S3 store meets the contract against a real S3-compatible server (s3proxy, SigV4, path-style). */
class S3ObjectStoreTest extends ObjectStoreContractTest {

    static S3Server server;
    static S3ObjectStore store;

    @BeforeAll
    static void start() throws Exception {
        server = new S3Server();
        store = server.store();
    }

    @AfterAll
    static void stop() throws Exception {
        store.close();
        server.close();
    }

    @Override
    ObjectStore store() {
        return store;
    }
}
