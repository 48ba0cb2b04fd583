package io.zonecam.bench.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The model reads its inputs from the committed files and uses the fleet's camera count. */
class FleetDeployModelTest {

    private static Properties drain(int cameras, double seconds) {
        Properties p = new Properties();
        p.setProperty("drain.cameras", Integer.toString(cameras));
        p.setProperty("drain.seconds", Double.toString(seconds));
        return p;
    }

    @Test
    void drainMeasuredAtTheNodeSizeIsUsedAsMeasured() {
        assertThat(FleetDeployModel.drainSeconds(drain(500, 31.7), 500)).isEqualTo(31.7);
    }

    @Test
    void drainMeasuredAtAnotherSizeScalesWithTheCamerasEachNodeHolds() {
        assertThat(FleetDeployModel.drainSeconds(drain(250, 20), 500)).isEqualTo(40, offset(1e-9));
        assertThat(FleetDeployModel.drainSeconds(drain(500, 40), 250)).isEqualTo(20, offset(1e-9));
    }

    @Test
    void committedInputsGiveEveryStep() throws Exception {
        Properties measured = FleetDeployModel.read(Path.of("fleet/measurements.properties"));
        Properties assumed = FleetDeployModel.read(Path.of("fleet/assumptions.properties"));
        var fleet = new FleetDeployModel.Fleet(1_000_000, 2_000, 50);
        var s = FleetDeployModel.steps(fleet, measured, assumed);
        assertThat(s.drain())
                .isEqualTo(FleetDeployModel.drainSeconds(measured, fleet.camerasPerNode()))
                .isPositive();
        assertThat(s.start()).isPositive();
        assertThat(s.rejoin()).isGreaterThanOrEqualTo(0);
        assertThat(s.overhead()).isGreaterThan(0);
    }

    @Test
    void oneNodeAtATimeNeedsOneNodeOfSpareCapacity() {
        var steps = new FleetDeployModel.Steps(40, 8, 10, 30);
        var r = FleetDeployModel.model(new FleetDeployModel.Fleet(1_000_000, 2_000, 50), steps, 1);
        assertThat(r.batches()).isEqualTo(40);
        assertThat(r.spareFraction()).isEqualTo(1 / 39.0);
        assertThat(r.totalMinutes()).isEqualTo(40 * 88 / 60.0);
    }

    @Test
    void fastestBatchWithinTheSpareBudget() {
        var fleet = new FleetDeployModel.Fleet(1_000_000, 2_000, 50);
        var steps = new FleetDeployModel.Steps(40, 8, 10, 30);
        // 40 nodes per zone: batch 2 needs 2/38 = 5.3 % spare, over 5 %; only batch 1 fits.
        assertThat(FleetDeployModel.fastestWithin(fleet, steps, 0.05).batch()).isEqualTo(1);
        assertThat(FleetDeployModel.fastestWithin(fleet, steps, 0.06).batch()).isEqualTo(2);
        assertThat(FleetDeployModel.fastestWithin(fleet, steps, 0.01)).isNull();
    }
}
