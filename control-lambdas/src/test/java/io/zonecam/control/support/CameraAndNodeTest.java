package io.zonecam.control.support;

import io.zonecam.control.support.Fixtures.Org;
import io.zonecam.control.support.Fixtures.TestZone;
import org.junit.jupiter.api.BeforeEach;

/**
 * CameraAndNodeTest is the base of API tests that start each test with a fresh organization owning one claimed camera
 * and a zone (in the organization's region) with one node.
 */
public abstract class CameraAndNodeTest extends ApiTest {

    protected Org org;
    protected TestZone zone;
    /** The zone's node. */
    protected String node;
    /** The organization's camera id. */
    protected String camera;

    @BeforeEach
    void setUpCameraAndNode() {
        org = Fixtures.organization();
        zone = Fixtures.zone(org.region(), 100);
        node = Fixtures.node(zone, "n-" + Fixtures.unique(), 100);
        camera = Fixtures.camera(org).getString("camera.id");
    }
}
