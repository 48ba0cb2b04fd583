package io.zonecam.webrtc.ice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonecam.webrtc.stun.Stun;
import io.zonecam.webrtc.stun.StunClass;
import io.zonecam.webrtc.stun.StunIntegrity;
import io.zonecam.webrtc.stun.StunMessage;
import io.zonecam.webrtc.stun.StunMessageWriter;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class IceLiteAgentTest {

    static final String BROWSER_UFRAG = "brws";
    static final InetSocketAddress BROWSER = new InetSocketAddress("198.51.100.20", 54321);
    static final InetSocketAddress BROWSER_V6 = new InetSocketAddress("2001:db8::20", 54322);

    final AtomicLong clock = new AtomicLong(1_000_000_000L);
    final List<String> events = new ArrayList<>();
    final IceLiteAgent<String> agent = new IceLiteAgent<>(
            new IceConfig(100, 4, Duration.ofSeconds(10), Duration.ofSeconds(30)), clock::get, new IceListener<>() {
                @Override
                public void onSelected(IceSession<String> session, InetSocketAddress remote) {
                    events.add("selected " + session.attachment() + " " + remote);
                }

                @Override
                public void onClosed(IceSession<String> session, IceCloseReason reason) {
                    events.add("closed " + session.attachment() + " " + reason);
                }
            });
    final byte[] out = new byte[IceLiteAgent.MAX_RESPONSE_LENGTH];
    final Random random = new Random(42);

    void advance(Duration d) {
        clock.addAndGet(d.toNanos());
    }

    /** A browser-style connectivity check: USERNAME, PRIORITY, ICE-CONTROLLING, [USE-CANDIDATE], MI, FINGERPRINT. */
    byte[] check(IceSession<?> session, String password, boolean useCandidate) {
        return check(session.localUfrag() + ":" + BROWSER_UFRAG, password, useCandidate, true);
    }

    byte[] check(String username, String password, boolean useCandidate, boolean controlling) {
        byte[] txid = new byte[12];
        random.nextBytes(txid);
        byte[] buf = new byte[200];
        StunMessageWriter w = new StunMessageWriter(buf, 0, buf.length)
                .header(Stun.BINDING_REQUEST, txid)
                .addString(Stun.ATTR_USERNAME, username)
                .addUInt32(Stun.ATTR_PRIORITY, 0x6e0001ff)
                .addUInt64(controlling ? Stun.ATTR_ICE_CONTROLLING : Stun.ATTR_ICE_CONTROLLED, 0x1234L);
        if (useCandidate) {
            w.addFlag(Stun.ATTR_USE_CANDIDATE);
        }
        w.addMessageIntegrity(StunIntegrity.shortTermKey(password)).addFingerprint();
        return java.util.Arrays.copyOf(buf, w.length());
    }

    /** A STUN message of {@code type} with no attributes but, optionally, FINGERPRINT. */
    static byte[] bare(int type, boolean fingerprint) {
        byte[] buf = new byte[100];
        StunMessageWriter w = new StunMessageWriter(buf, 0, buf.length).header(type, new byte[12]);
        if (fingerprint) {
            w.addFingerprint();
        }
        return java.util.Arrays.copyOf(buf, w.length());
    }

    StunMessage send(byte[] request, InetSocketAddress from) throws Exception {
        int n = agent.handleStun(request, 0, request.length, from, out, 0);
        return n == 0 ? null : StunMessage.parse(out, 0, n);
    }

    @Test
    void validCheckIsAnsweredWithMappedAddressIntegrityAndFingerprint() throws Exception {
        IceSession<String> s = agent.createSession(BROWSER_UFRAG, "viewer-1");
        byte[] request = check(s, s.localPassword(), false);
        StunMessage response = send(request, BROWSER);
        assertThat(response.messageType()).isEqualTo(Stun.BINDING_SUCCESS_RESPONSE);
        assertThat(response.transactionId()).isEqualTo(java.util.Arrays.copyOfRange(request, 8, 20));
        assertThat(response.xorMappedAddress()).isEqualTo(BROWSER);
        assertThat(response.verifyMessageIntegrity(StunIntegrity.shortTermKey(s.localPassword())))
                .isTrue();
        assertThat(response.verifyFingerprint()).isTrue();
        assertThat(agent.sessionByAddress(BROWSER)).isSameAs(s);
        assertThat(s.state()).as("no nomination yet").isEqualTo(IceState.NEW);
        assertThat(agent.stats().validRequests()).isEqualTo(1);
    }

    @Test
    void useCandidateSelectsThePairAndNotifiesOnce() throws Exception {
        IceSession<String> s = agent.createSession(BROWSER_UFRAG, "viewer-1");
        send(check(s, s.localPassword(), false), BROWSER_V6);
        send(check(s, s.localPassword(), true), BROWSER);
        send(check(s, s.localPassword(), true), BROWSER);
        assertThat(s.state()).isEqualTo(IceState.CONNECTED);
        assertThat(s.selectedAddress()).isEqualTo(BROWSER);
        assertThat(s.validatedAddresses()).containsExactly(BROWSER_V6, BROWSER);
        assertThat(events).containsExactly("selected viewer-1 " + BROWSER);
        assertThat(agent.hasConsent(s)).isTrue();
    }

    @Test
    void laterNominationMovesTheSelectedAddress() throws Exception {
        IceSession<String> s = agent.createSession(BROWSER_UFRAG, "viewer-1");
        send(check(s, s.localPassword(), true), BROWSER);
        send(check(s, s.localPassword(), true), BROWSER_V6);
        assertThat(s.selectedAddress()).isEqualTo(BROWSER_V6);
        assertThat(events).hasSize(2);
    }

    @Test
    void wrongPasswordIsAnswered401AndChangesNothing() throws Exception {
        IceSession<String> s = agent.createSession(BROWSER_UFRAG, "viewer-1");
        StunMessage response = send(check(s, "wrongwrongwrongwrongwrong", true), BROWSER);
        assertThat(response.messageType()).isEqualTo(Stun.BINDING_ERROR_RESPONSE);
        assertThat(response.errorCode()).isEqualTo(401);
        assertThat(response.hasMessageIntegrity())
                .as("cannot sign for an unauthenticated peer")
                .isFalse();
        assertThat(s.state()).isEqualTo(IceState.NEW);
        assertThat(s.selectedAddress()).isNull();
        assertThat(s.validRequests()).isZero();
        assertThat(agent.sessionByAddress(BROWSER)).isNull();
        assertThat(agent.addressCount()).isZero();
        assertThat(agent.stats().badIntegrity()).isEqualTo(1);
        assertThat(events).isEmpty();
    }

    @Test
    void unknownUfragOrWrongRemoteUfragIsAnswered401() throws Exception {
        IceSession<String> s = agent.createSession(BROWSER_UFRAG, "viewer-1");
        assertThat(send(check("nobody:" + BROWSER_UFRAG, s.localPassword(), true, true), BROWSER)
                        .errorCode())
                .isEqualTo(401);
        assertThat(send(check(s.localUfrag() + ":other", s.localPassword(), true, true), BROWSER)
                        .errorCode())
                .isEqualTo(401);
        assertThat(send(check("nocolon", s.localPassword(), true, true), BROWSER)
                        .errorCode())
                .isEqualTo(401);
        assertThat(agent.stats().unknownUsername()).isEqualTo(3);
        assertThat(s.state()).isEqualTo(IceState.NEW);
    }

    @Test
    void requestWithoutUsernameOrIntegrityIsAnswered400() throws Exception {
        assertThat(send(bare(Stun.BINDING_REQUEST, true), BROWSER).errorCode()).isEqualTo(400);
        assertThat(agent.stats().badRequest()).isEqualTo(1);
    }

    @Test
    void peerClaimingControlledRoleGetsRoleConflict487() throws Exception {
        IceSession<String> s = agent.createSession(BROWSER_UFRAG, "viewer-1");
        StunMessage response =
                send(check(s.localUfrag() + ":" + BROWSER_UFRAG, s.localPassword(), true, false), BROWSER);
        assertThat(response.errorCode()).isEqualTo(487);
        assertThat(response.verifyMessageIntegrity(StunIntegrity.shortTermKey(s.localPassword())))
                .isTrue();
        assertThat(s.state()).isEqualTo(IceState.NEW);
    }

    @Test
    void badFingerprintIsDroppedSilently() throws Exception {
        IceSession<String> s = agent.createSession(BROWSER_UFRAG, "viewer-1");
        byte[] request = check(s, s.localPassword(), true);
        request[request.length - 1] ^= 1;
        assertThat(send(request, BROWSER)).isNull();
        assertThat(agent.stats().badFingerprint()).isEqualTo(1);
        assertThat(s.state()).isEqualTo(IceState.NEW);
    }

    @Test
    void indicationsAndResponsesAreNotAnswered() throws Exception {
        assertThat(send(bare(Stun.BINDING_INDICATION, true), BROWSER)).isNull();
        assertThat(send(bare(Stun.messageType(Stun.METHOD_BINDING, StunClass.SUCCESS_RESPONSE), false), BROWSER))
                .isNull();
        assertThat(agent.stats().ignoredNonRequests()).isEqualTo(2);
    }

    @Test
    void consentExpiresAfterThirtySecondsWithoutValidChecks() throws Exception {
        IceSession<String> s = agent.createSession(BROWSER_UFRAG, "viewer-1");
        send(check(s, s.localPassword(), true), BROWSER);
        // Consent refreshes every few seconds keep it alive well past 30 s.
        for (int i = 0; i < 10; i++) {
            advance(Duration.ofSeconds(5));
            send(check(s, s.localPassword(), false), BROWSER);
            assertThat(agent.expire()).isZero();
        }
        advance(Duration.ofSeconds(29));
        assertThat(agent.hasConsent(s)).isTrue();
        assertThat(agent.expire()).isZero();
        advance(Duration.ofSeconds(2));
        assertThat(agent.hasConsent(s))
                .as("media must stop even before expire() runs")
                .isFalse();
        assertThat(agent.expire()).isEqualTo(1);
        assertThat(s.state()).isEqualTo(IceState.CLOSED);
        assertThat(s.closeReason()).isEqualTo(IceCloseReason.CONSENT_EXPIRED);
        assertThat(agent.sessionByAddress(BROWSER)).isNull();
        assertThat(agent.sessionByUfrag(s.localUfrag())).isNull();
        assertThat(events).endsWith("closed viewer-1 CONSENT_EXPIRED");
        assertThat(agent.stats().consentExpiries()).isEqualTo(1);
        // A closed session no longer answers.
        assertThat(send(check(s, s.localPassword(), true), BROWSER).errorCode()).isEqualTo(401);
    }

    @Test
    void sessionsThatNeverCompleteIceExpireAfterTheConnectTimeout() throws Exception {
        IceSession<String> nominated = agent.createSession(BROWSER_UFRAG, "ok");
        IceSession<String> checkedOnly = agent.createSession(BROWSER_UFRAG, "checked");
        for (int i = 0; i < 50; i++) {
            agent.createSession(BROWSER_UFRAG, "silent-" + i);
        }
        send(check(nominated, nominated.localPassword(), true), BROWSER);
        send(check(checkedOnly, checkedOnly.localPassword(), false), BROWSER_V6);
        advance(Duration.ofSeconds(10));
        assertThat(agent.expire()).isZero();
        advance(Duration.ofMillis(1));
        assertThat(agent.expire()).isEqualTo(51);
        assertThat(agent.sessionCount()).isEqualTo(1);
        assertThat(agent.addressCount()).isEqualTo(1);
        assertThat(checkedOnly.closeReason()).isEqualTo(IceCloseReason.CONNECT_TIMEOUT);
        assertThat(agent.stats().connectTimeouts()).isEqualTo(51);
    }

    @Test
    void aThousandOffersThatNeverDoIceAreAllReclaimed() throws Exception {
        IceLiteAgent<Integer> big = new IceLiteAgent<>(IceConfig.DEFAULTS, clock::get, null);
        for (int i = 0; i < 1000; i++) {
            big.createSession("r" + i + "xyz", i);
        }
        assertThat(big.sessionCount()).isEqualTo(1000);
        advance(IceConfig.DEFAULTS.connectTimeout().plusSeconds(1));
        assertThat(big.expire()).isEqualTo(1000);
        assertThat(big.sessionCount()).isZero();
    }

    @Test
    void sessionCountIsBounded() throws Exception {
        IceLiteAgent<String> small = new IceLiteAgent<>(
                new IceConfig(2, 4, Duration.ofSeconds(10), Duration.ofSeconds(30)), clock::get, null);
        small.createSession(null, "a");
        IceSession<String> b = small.createSession(null, "b");
        assertThatThrownBy(() -> small.createSession(null, "c")).isInstanceOf(IceCapacityException.class);
        assertThat(small.stats().sessionsRefused()).isEqualTo(1);
        small.close(b);
        assertThat(b.closeReason()).isEqualTo(IceCloseReason.CLOSED_BY_OWNER);
        small.createSession(null, "c");
    }

    @Test
    void addressesPerSessionAreBoundedAndTheSelectedOneIsKept() throws Exception {
        IceSession<String> s = agent.createSession(BROWSER_UFRAG, "viewer-1");
        send(check(s, s.localPassword(), true), BROWSER);
        for (int port = 1; port <= 10; port++) {
            send(check(s, s.localPassword(), false), new InetSocketAddress("198.51.100.20", port));
        }
        assertThat(s.validatedAddresses()).hasSize(4).contains(BROWSER);
        assertThat(agent.addressCount()).isEqualTo(4);
        assertThat(agent.sessionByAddress(BROWSER)).isSameAs(s);
        assertThat(agent.sessionByAddress(new InetSocketAddress("198.51.100.20", 1)))
                .isNull();
    }

    @Test
    void oneSharedPortServesManyViewersByUsernameThenAddress() throws Exception {
        List<IceSession<String>> sessions = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            IceSession<String> s = agent.createSession(BROWSER_UFRAG, "viewer-" + i);
            sessions.add(s);
            send(check(s, s.localPassword(), true), new InetSocketAddress("198.51.100." + (i + 1), 40000 + i));
        }
        for (int i = 0; i < 20; i++) {
            InetSocketAddress a = new InetSocketAddress("198.51.100." + (i + 1), 40000 + i);
            assertThat(agent.sessionByAddress(a)).isSameAs(sessions.get(i));
            assertThat(sessions.get(i).selectedAddress()).isEqualTo(a);
        }
    }

    @Test
    void addressTakenOverByAnotherViewerMovesToIt() throws Exception {
        IceSession<String> first = agent.createSession(BROWSER_UFRAG, "first");
        IceSession<String> second = agent.createSession(BROWSER_UFRAG, "second");
        send(check(first, first.localPassword(), true), BROWSER);
        send(check(second, second.localPassword(), true), BROWSER);
        assertThat(agent.sessionByAddress(BROWSER)).isSameAs(second);
        assertThat(first.validatedAddresses()).isEmpty();
        assertThat(first.selectedAddress()).isNull();
    }

    @Test
    void tenThousandBogusPacketsCreateNoStateAndAreCounted() throws Exception {
        IceSession<String> s = agent.createSession(BROWSER_UFRAG, "viewer-1");
        send(check(s, s.localPassword(), true), BROWSER);
        int sessions = agent.sessionCount();
        int addresses = agent.addressCount();
        Random r = new Random(7);
        int answered = 0;
        for (int i = 0; i < 10_000; i++) {
            InetSocketAddress from = new InetSocketAddress("203.0.113." + (i % 250), 1024 + i);
            byte[] packet;
            switch (i % 4) {
                case 0 -> {
                    packet = new byte[20 + r.nextInt(100)];
                    r.nextBytes(packet);
                }
                case 1 -> packet = check("ufrag" + i + ":" + BROWSER_UFRAG, "passwordpasswordpassword", true, true);
                case 2 -> packet = check(s, "passwordpasswordpassword", true);
                default -> {
                    packet = check(s, s.localPassword(), true);
                    packet[30] ^= 0x10; // corrupt: fingerprint no longer matches
                }
            }
            if (agent.handleStun(packet, 0, packet.length, from, out, 0) > 0) {
                answered++;
            }
        }
        assertThat(agent.sessionCount()).isEqualTo(sessions);
        assertThat(agent.addressCount()).isEqualTo(addresses);
        assertThat(s.validatedAddresses()).containsExactly(BROWSER);
        assertThat(s.selectedAddress()).isEqualTo(BROWSER);
        assertThat(answered).as("only the 401s").isEqualTo(5000);
        var st = agent.stats();
        assertThat(st.malformed()
                        + st.badFingerprint()
                        + st.unknownUsername()
                        + st.badIntegrity()
                        + st.ignoredNonRequests()
                        + st.badRequest()
                        + st.unknownAttributes())
                .isEqualTo(10_000);
    }

    @Test
    void generatedCredentialsFollowRfc8839Grammar() {
        for (int i = 0; i < 100; i++) {
            IceCredentials c = IceCredentials.generate();
            assertThat(IceCredentials.isIceChars(c.ufrag(), 4, 256)).isTrue();
            assertThat(IceCredentials.isIceChars(c.password(), 22, 256)).isTrue();
        }
        assertThat(IceCredentials.generate().toString()).doesNotContain("password=");
        assertThatThrownBy(() -> new IceCredentials("ab:c", "x".repeat(22)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new IceCredentials("abcd", "short")).isInstanceOf(IllegalArgumentException.class);
    }
}
