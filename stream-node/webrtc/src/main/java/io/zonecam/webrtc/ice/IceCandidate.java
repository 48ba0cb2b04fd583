package io.zonecam.webrtc.ice;

import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * IceCandidate is a local host candidate the node advertises in its SDP answer (RFC 8839 §5.1), over UDP or over
 * passive ICE-TCP (RFC 6544 §4.5).
 *
 * @param foundation ice-chars, equal for candidates of the same type, base address and protocol (RFC 8445 §5.1.1.3)
 * @param component  1 (RTP; RTCP is muxed, RFC 5761)
 * @param tcp        whether this is a passive TCP candidate
 * @param priority   RFC 8445 §5.1.2.1 priority
 * @param address    the advertised address and port (the public one where the node is behind 1:1 NAT)
 */
public record IceCandidate(String foundation, int component, boolean tcp, long priority, InetSocketAddress address) {

    /** Type preference of host candidates (RFC 8445 §5.1.2.2 recommends 126). */
    public static final int HOST_TYPE_PREFERENCE = 126;
    /** RFC 6544 §4.2 direction preference of a passive host candidate. */
    public static final int TCP_PASSIVE_DIRECTION_PREFERENCE = 4;

    /** Checks the fields. */
    public IceCandidate {
        Objects.requireNonNull(foundation, "foundation");
        Objects.requireNonNull(address, "address");
        if (address.getAddress() == null) {
            throw new IllegalArgumentException("candidate address must be resolved: " + address);
        }
        if (component < 1 || component > 256 || priority < 1 || priority > 0xFFFFFFFFL) {
            throw new IllegalArgumentException("component or priority out of range");
        }
    }

    /** RFC 8445 §5.1.2.1: 2^24 × type preference + 2^8 × local preference + (256 − component). */
    public static long priority(int typePreference, int localPreference, int component) {
        return ((long) typePreference << 24) + ((long) localPreference << 8) + (256 - component);
    }

    /** A UDP host candidate; {@code index} orders several advertised addresses (0 is the most preferred). */
    public static IceCandidate hostUdp(InetSocketAddress address, int index) {
        int localPreference = 65535 - Math.max(0, Math.min(index, 8191));
        return new IceCandidate(
                "u" + (index + 1), 1, false, priority(HOST_TYPE_PREFERENCE, localPreference, 1), address);
    }

    /**
     * A passive TCP host candidate. Its local preference is 2^13 × direction preference + other preference
     * (RFC 6544 §4.2), which keeps it below every UDP host candidate so browsers prefer UDP.
     */
    public static IceCandidate hostTcpPassive(InetSocketAddress address, int index) {
        int otherPreference = 8191 - Math.max(0, Math.min(index, 8191));
        int localPreference = (TCP_PASSIVE_DIRECTION_PREFERENCE << 13) + otherPreference;
        return new IceCandidate(
                "t" + (index + 1), 1, true, priority(HOST_TYPE_PREFERENCE, localPreference, 1), address);
    }

    /** Host candidates for the configured advertised UDP and TCP addresses, UDP first. */
    public static List<IceCandidate> hostCandidates(List<InetSocketAddress> udp, List<InetSocketAddress> tcp) {
        List<IceCandidate> out = new ArrayList<>();
        for (int i = 0; i < udp.size(); i++) {
            out.add(hostUdp(udp.get(i), i));
        }
        for (int i = 0; i < tcp.size(); i++) {
            out.add(hostTcpPassive(tcp.get(i), i));
        }
        return out;
    }

    /**
     * The attribute value after "a=" (RFC 8839 §5.1), e.g.
     * {@code candidate:u1 1 udp 2130706431 203.0.113.7 8443 typ host} or
     * {@code candidate:t1 1 tcp 1518280447 203.0.113.7 443 typ host tcptype passive}.
     */
    public String toSdpValue() {
        String ip = address.getAddress().getHostAddress();
        if (address.getAddress() instanceof Inet6Address) {
            int scope = ip.indexOf('%');
            if (scope >= 0) {
                ip = ip.substring(0, scope);
            }
            ip = ip.toLowerCase(Locale.ROOT);
        }
        return "candidate:" + foundation + " " + component + " " + (tcp ? "tcp" : "udp") + " " + priority + " " + ip
                + " " + address.getPort() + " typ host" + (tcp ? " tcptype passive" : "");
    }

    /** The whole SDP line: {@code a=candidate:...}. */
    public String toSdpLine() {
        return "a=" + toSdpValue();
    }
}
