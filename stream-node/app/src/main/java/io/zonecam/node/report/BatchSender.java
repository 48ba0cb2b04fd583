package io.zonecam.node.report;

import java.util.List;
import java.util.UUID;

/**
 * BatchSender delivers one batch of records to the control plane for the node {@code nodeId}, usually one call of
 * the generated SDK. It throws when the batch was not accepted; the channel then sends the same batch again later,
 * so the endpoint must treat a repeated record (same id) as already received.
 */
@FunctionalInterface
public interface BatchSender<T> {

    void send(UUID nodeId, List<T> batch) throws Exception;
}
