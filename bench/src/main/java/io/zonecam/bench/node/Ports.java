package io.zonecam.bench.node;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.ServerSocket;

/** Ports finds free loopback ports for the processes a run starts. */
final class Ports {

    private Ports() {}

    static int tcp() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static int udp() throws IOException {
        try (DatagramSocket s = new DatagramSocket(0)) {
            return s.getLocalPort();
        }
    }
}
