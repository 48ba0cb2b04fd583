package io.zonecam.sim.camera;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonecam.ingest.EndReason;
import io.zonecam.ingest.IngestProtocol;
import io.zonecam.media.frame.MediaFrame;
import io.zonecam.sim.testing.CollectingSink;
import io.zonecam.sim.testing.LeakCheck;
import io.zonecam.sim.testing.TestClips;
import io.zonecam.sim.testing.TestNode;
import io.zonecam.testing.Await;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Moves cameras make-before-break from node A to node B and proves, per camera, from the frame markers the two
 * nodes received:
 * <ul>
 *   <li>neither node received any counter twice, and each node's counters are consecutive (no loss inside a
 *       session);</li>
 *   <li>B's first frame is a keyframe and B's first counter is at most A's last counter + 1, so the union of both
 *       is every counter from 0 to the last one generated, with no gap;</li>
 *   <li>the counters both nodes received are exactly the contiguous overlap window [B's first, A's last], which is
 *       what {@link MoveResult} reports; de-duplicating that window by counter leaves every frame exactly once;</li>
 *   <li>A's session ended with an orderly unpublish, and no frame of the camera's timeline went unsent.</li>
 * </ul>
 */
@ExtendWith(LeakCheck.class)
class MakeBeforeBreakMoveTest {

    private static final int CAMERAS = 3;

    @ParameterizedTest
    @CsvSource({"RTSP,RTSP", "RTMP,RTMP", "RTSP,RTMP"})
    void moveLosesNoFrameAndDuplicatesOnlyTheOverlapWindow(IngestProtocol from, IngestProtocol to) throws Exception {
        SimConfig config = SimConfig.defaults().withOverlap(Duration.ofMillis(400));
        try (TestNode a = TestNode.start(from);
                TestNode b = TestNode.start(to);
                CameraFleet fleet = new CameraFleet(TestClips.load(TestClips.MAIN), config)) {
            List<SimulatedCamera> cams = new ArrayList<>();
            for (int i = 1; i <= CAMERAS; i++) {
                SimulatedCamera c = fleet.camera("mover-" + i, TargetSource.fixed());
                c.start(a.target(c.id())).get(10, TimeUnit.SECONDS);
                cams.add(c);
            }
            Await.until(
                    "30 frames on A",
                    Duration.ofSeconds(10),
                    () -> cams.stream().allMatch(c -> c.stats().framesSent() >= 30));
            List<MoveResult> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
            List<CompletableFuture<MoveResult>> moves = new ArrayList<>();
            for (SimulatedCamera c : cams) {
                c.events(new CameraEvents() {
                    @Override
                    public void moved(SimulatedCamera camera, MoveResult result) {
                        heard.add(result);
                    }
                });
                moves.add(c.moveTo(b.target(c.id())));
            }
            List<MoveResult> results = new ArrayList<>();
            for (CompletableFuture<MoveResult> m : moves) {
                results.add(m.get(15, TimeUnit.SECONDS));
            }
            assertThat(heard).containsExactlyInAnyOrderElementsOf(results);
            long after =
                    cams.stream().mapToLong(c -> c.stats().framesSent()).max().orElseThrow();
            Await.until(
                    "20 more frames on B",
                    Duration.ofSeconds(10),
                    () -> cams.stream().allMatch(c -> c.stats().framesSent() >= after + 20));
            fleet.stopAll().get(10, TimeUnit.SECONDS);
            Await.until(
                    "sessions ended",
                    Duration.ofSeconds(5),
                    () -> a.sink.sessions.stream().allMatch(s -> s.endReason != null)
                            && b.sink.sessions.stream().allMatch(s -> s.endReason != null));

            for (int i = 0; i < CAMERAS; i++) {
                SimulatedCamera c = cams.get(i);
                MoveResult moved = results.get(i);
                assertThat(a.sink.of(c.id())).hasSize(1);
                assertThat(b.sink.of(c.id())).hasSize(1);
                CollectingSink.Received onA = a.sink.of(c.id()).get(0);
                CollectingSink.Received onB = b.sink.of(c.id()).get(0);
                assertThat(onA.endReason).isEqualTo(EndReason.UNPUBLISHED);
                List<Long> ca = onA.counters();
                List<Long> cb = onB.counters();
                assertConsecutive(ca, 0);
                assertConsecutive(cb, cb.get(0));
                MediaFrame firstOnB = onB.videoFrames().get(0);
                assertThat(firstOnB.keyframe()).as("B starts decodable").isTrue();

                long lastA = ca.get(ca.size() - 1);
                long firstB = cb.get(0);
                assertThat(firstB).as("no gap between A and B").isLessThanOrEqualTo(lastA + 1);
                assertThat(moved.firstCounterOnNew()).isEqualTo(firstB);
                assertThat(moved.lastCounterOnOld()).isEqualTo(lastA);
                assertThat(moved.overlapFrames()).isPositive();

                Set<Long> both = new HashSet<>(ca);
                both.retainAll(new HashSet<>(cb));
                TreeSet<Long> window = new TreeSet<>();
                for (long k = firstB; k <= lastA; k++) {
                    window.add(k);
                }
                assertThat(new TreeSet<>(both)).as("counters received twice").isEqualTo(window);

                TreeSet<Long> union = new TreeSet<>(ca);
                union.addAll(cb);
                long last = cb.get(cb.size() - 1);
                assertThat(union).hasSize((int) last + 1); // 0..last, each exactly once after de-duplication
                assertThat(union.first()).isZero();

                CameraStats s = c.stats();
                assertThat(s.moves()).isEqualTo(1);
                assertThat(s.framesUnsent() + s.framesDropped() + s.framesSkipped())
                        .isZero();
                assertThat(s.framesSent()).isEqualTo(last + 1);
            }
        }
    }

    private static void assertConsecutive(List<Long> counters, long from) {
        assertThat(counters).isNotEmpty();
        for (int i = 0; i < counters.size(); i++) {
            assertThat(counters.get(i)).as("counter %d", i).isEqualTo(from + i);
        }
    }
}
