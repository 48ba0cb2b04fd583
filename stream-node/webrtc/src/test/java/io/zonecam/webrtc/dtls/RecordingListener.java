package io.zonecam.webrtc.dtls;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/** RecordingListener captures a session's callbacks as futures so tests wait with deadlines, never sleeps. */
final class RecordingListener implements DtlsServerSession.Listener {

    record Failure(DtlsFailure reason, String detail) {}

    final CompletableFuture<DtlsSrtpKeyExport> completed = new CompletableFuture<>();
    final CompletableFuture<Failure> failed = new CompletableFuture<>();
    final CompletableFuture<Void> peerClosed = new CompletableFuture<>();
    final AtomicInteger outcomes = new AtomicInteger();

    @Override
    public void onComplete(DtlsSrtpKeyExport keys) {
        outcomes.incrementAndGet();
        completed.complete(keys);
    }

    @Override
    public void onFailure(DtlsFailure reason, String detail) {
        outcomes.incrementAndGet();
        failed.complete(new Failure(reason, detail));
    }

    @Override
    public void onPeerClosed() {
        peerClosed.complete(null);
    }
}
