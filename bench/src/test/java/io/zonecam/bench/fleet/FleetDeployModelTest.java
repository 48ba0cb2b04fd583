package io.zonecam.bench.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The model reads its inputs from the committed files and uses the fleet's camera count. */
class FleetDeployModelTest {

    @Test
    void drainScalesWithTheCamerasEachNodeHolds() throws Exception {
        Properties measured = FleetDeployModel.read(Path.of("fleet/measurements.properties"));
        Properties assumed = FleetDeployModel.read(Path.of("fleet/assumptions.properties"));
        var million = FleetDeployModel.steps(new FleetDeployModel.Fleet(1_000_000, 2_000, 50), measured, assumed);
        var half = FleetDeployModel.steps(new FleetDeployModel.Fleet(500_000, 2_000, 50), measured, assumed);
        assertThat(million.drain()).isEqualTo(2 * half.drain(), org.assertj.core.data.Offset.offset(1e-9));
        double measuredPerCamera = Double.parseDouble(measured.getProperty("drain.seconds"))
                / Double.parseDouble(measured.getProperty("drain.cameras"));
        assertThat(million.drain()).isEqualTo(500 * measuredPerCamera, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(million.overhead()).isGreaterThan(0);
    }

    @Test
    void oneNodeAtATimeNeedsOneNodeOfSpareCapacity() throws Exception {
        var steps = new FleetDeployModel.Steps(40, 8, 10, 30);
        var r = FleetDeployModel.model(new FleetDeployModel.Fleet(1_000_000, 2_000, 50), steps, 1);
        assertThat(r.batches()).isEqualTo(40);
        assertThat(r.spareFraction()).isEqualTo(1 / 39.0);
        assertThat(r.totalMinutes()).isEqualTo(40 * 88 / 60.0);
    }
}
