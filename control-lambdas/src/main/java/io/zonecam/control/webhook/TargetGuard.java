package io.zonecam.control.webhook;

import io.zonecam.control.problem.ProblemException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;

/**
 * TargetGuard keeps webhooks from being a server-side request forgery: a webhook URL may only reach the public
 * internet. Its host must resolve, and every address it resolves to must be public: not loopback, private (RFC 1918,
 * IPv6 unique local), link-local (169.254.0.0/16, where cloud metadata lives; fe80::/10), carrier-grade NAT,
 * unspecified, multicast, reserved, or one of these inside an IPv4-mapped or NAT64 IPv6 address. Only https is
 * accepted, except plain http to loopback when {@code zonecam.webhooks.allow-loopback} allows loopback (development
 * and tests). The dispatcher checks again at every attempt and connects to the address it checked, so a DNS answer
 * that changes after the check (rebinding) reaches nothing new.
 */
public final class TargetGuard {

    private final boolean allowLoopback;

    public TargetGuard(boolean allowLoopback) {
        this.allowLoopback = allowLoopback;
    }

    /** A checked target: the URL's parts and the address to connect to. */
    public record Target(URI uri, boolean tls, String host, int port, InetAddress address) {}

    /** The URL's target, or a 400 problem naming {@code field}. Resolves the host: call it off the event loop. */
    public Target check(String field, String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw ProblemException.invalid(field, "is not a URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            throw ProblemException.invalid(field, "must be an https URL");
        }
        if (uri.getHost() == null || uri.getRawUserInfo() != null || uri.getRawFragment() != null) {
            throw ProblemException.invalid(field, "must be an https URL with a host, without user info or fragment");
        }
        String host = uri.getHost().startsWith("[")
                ? uri.getHost().substring(1, uri.getHost().length() - 1)
                : uri.getHost();
        List<InetAddress> addresses;
        try {
            addresses = List.of(InetAddress.getAllByName(host));
        } catch (UnknownHostException e) {
            throw ProblemException.invalid(field, "has a host that does not resolve");
        }
        boolean loopback = addresses.stream().allMatch(InetAddress::isLoopbackAddress);
        for (InetAddress a : addresses) {
            if (a.isLoopbackAddress() && allowLoopback) {
                continue;
            }
            if (!isPublic(a)) {
                throw ProblemException.invalid(
                        field,
                        "resolves to " + a.getHostAddress()
                                + ", a loopback, private, link-local or reserved address; webhooks reach only "
                                + "public addresses");
            }
        }
        boolean tls = scheme.equals("https");
        if (!tls && !(loopback && allowLoopback)) {
            throw ProblemException.invalid(field, "must be an https URL");
        }
        int port = uri.getPort() > 0 ? uri.getPort() : tls ? 443 : 80;
        return new Target(uri, tls, host, port, addresses.get(0));
    }

    /** True for an address on the public internet. */
    static boolean isPublic(InetAddress a) {
        if (a.isAnyLocalAddress()
                || a.isLoopbackAddress()
                || a.isLinkLocalAddress()
                || a.isSiteLocalAddress()
                || a.isMulticastAddress()) {
            return false;
        }
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) {
            return isPublicV4(b);
        }
        if (a instanceof Inet6Address) {
            int first = b[0] & 0xff;
            if ((first & 0xfe) == 0xfc) {
                return false; // fc00::/7 unique local
            }
            if (isPrefix(b, new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff})
                    || isPrefix(b, new byte[] {0, 0x64, (byte) 0xff, (byte) 0x9b, 0, 0, 0, 0, 0, 0, 0, 0})) {
                return isPublicV4(java.util.Arrays.copyOfRange(b, 12, 16)); // IPv4-mapped, NAT64
            }
            return !isPrefix(b, new byte[12]); // ::/96 (IPv4-compatible, unspecified) and the like
        }
        return false;
    }

    private static boolean isPublicV4(byte[] b) {
        int a0 = b[0] & 0xff;
        int a1 = b[1] & 0xff;
        return !(a0 == 0 // this network
                || a0 == 10
                || a0 == 127
                || (a0 == 100 && (a1 & 0xc0) == 64) // 100.64.0.0/10 carrier-grade NAT
                || (a0 == 169 && a1 == 254)
                || (a0 == 172 && (a1 & 0xf0) == 16)
                || (a0 == 192 && a1 == 168)
                || (a0 == 192 && a1 == 0 && (b[2] & 0xff) == 0) // 192.0.0.0/24 protocol assignments
                || (a0 == 198 && (a1 & 0xfe) == 18) // 198.18.0.0/15 benchmarking
                || a0 >= 224); // multicast, reserved, broadcast
    }

    private static boolean isPrefix(byte[] address, byte[] prefix) {
        for (int i = 0; i < prefix.length; i++) {
            if (address[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
