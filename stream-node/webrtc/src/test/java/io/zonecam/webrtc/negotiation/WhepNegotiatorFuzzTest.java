package io.zonecam.webrtc.negotiation;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.zonecam.media.frame.Codec;
import io.zonecam.media.frame.TrackInfo;
import io.zonecam.media.sdp.SessionDescription;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Any offer text yields an answer or a {@link NegotiationException}, nothing else, and an answer never carries
 * injected lines. Regression mode (the normal build) replays the seeds in
 * {@code WhepNegotiatorFuzzTestInputs/anyOfferYieldsAnAnswerOrANegotiationException}; fuzz with
 * {@code JAZZER_FUZZ=1}.
 */
class WhepNegotiatorFuzzTest {

    private static final WhepNegotiator NEGOTIATOR = new WhepNegotiator(new Random(1), true);
    private static final List<List<TrackInfo>> CAMERAS = List.of(
            List.of(Offers.HIGH_40, Offers.AAC),
            List.of(Offers.CONSTRAINED_BASELINE_31, Offers.OPUS),
            List.of(Offers.MAIN_31, Offers.PCMU),
            List.of(TrackInfo.video(1, Codec.H264, 90_000, List.of(), 0, 0)));

    @FuzzTest(maxDuration = "60s")
    void anyOfferYieldsAnAnswerOrANegotiationException(byte[] input) {
        String offer = new String(input, StandardCharsets.UTF_8);
        for (List<TrackInfo> camera : CAMERAS) {
            answerOrRefuse(offer, camera);
        }
    }

    @Test
    void randomEditsOfRealOffersYieldAnAnswerOrANegotiationException() {
        Random random = new Random(20_240_601);
        String[] fragments = {
            "a=mid:0",
            "a=group:BUNDLE 0 1 2",
            "a=rtcp-mux",
            "a=setup:passive",
            "a=bundle-only",
            "m=video 0 UDP/TLS/RTP/SAVPF 96",
            "a=rtpmap:96 H264/90000",
            "a=fmtp:96 packetization-mode=1",
            "a=fmtp:96 profile-level-id=ffffff;packetization-mode=1",
            "a=rtpmap:97 rtx/90000",
            "a=fmtp:97 apt=96",
            "a=ice-lite",
            "a=fingerprint:sha-512 00",
            "m=audio 9 UDP/TLS/RTP/SAVPF 0",
            "a=sendonly",
            "\u0000",
            "a=ice-ufrag:\u00e9\u00e9\u00e9\u00e9",
            "a=",
            "=",
            "a=rtpmap:300 H264/90000",
            "c=IN IP4 0.0.0.0"
        };
        int answered = 0;
        for (int i = 0; i < 4_000; i++) {
            List<String> lines = new ArrayList<>(
                    List.of(Offers.load(Offers.ALL.get(i % Offers.ALL.size())).split("\r\n")));
            int edits = 1 + random.nextInt(4);
            for (int e = 0; e < edits; e++) {
                int at = random.nextInt(lines.size());
                switch (random.nextInt(5)) {
                    case 0 -> lines.remove(at);
                    case 1 -> lines.add(at, fragments[random.nextInt(fragments.length)]);
                    case 2 -> lines.set(at, fragments[random.nextInt(fragments.length)]);
                    case 3 -> {
                        String l = lines.get(at);
                        int cut = l.isEmpty() ? 0 : random.nextInt(l.length());
                        lines.set(at, l.substring(0, cut));
                    }
                    default -> {
                        char[] chars = lines.get(at).toCharArray();
                        if (chars.length > 0) {
                            chars[random.nextInt(chars.length)] = (char) random.nextInt(0x3000);
                        }
                        lines.set(at, new String(chars));
                    }
                }
                if (lines.isEmpty()) {
                    lines.add("v=0");
                }
            }
            String offer = String.join("\r\n", lines) + "\r\n";
            if (answerOrRefuse(offer, CAMERAS.get(i % CAMERAS.size()))) {
                answered++;
            }
        }
        assertThat(answered).as("edits leave many offers answerable").isGreaterThan(500);
    }

    /** True when answered; fails the test on any exception but NegotiationException or on a bad answer. */
    private static boolean answerOrRefuse(String offer, List<TrackInfo> camera) {
        WhepAnswer answer;
        try {
            answer = NEGOTIATOR.answer(offer, camera, Offers.LOCAL);
        } catch (NegotiationException refused) {
            return false;
        }
        String sdp = answer.sdp();
        if (!sdp.endsWith("\r\n")) {
            throw new AssertionError("answer must end with CRLF");
        }
        for (String line : sdp.substring(0, sdp.length() - 2).split("\r\n", -1)) {
            if (line.length() < 2 || line.charAt(1) != '=' || line.chars().anyMatch(c -> c < 0x20 || c == 0x7F)) {
                throw new AssertionError("answer line injected or malformed: " + line);
            }
        }
        SessionDescription parsed = SessionDescription.parse(sdp);
        SessionDescription offered = SessionDescription.parse(offer);
        if (parsed.media().size() != offered.media().size()
                || parsed.attribute("ice-lite").isEmpty()) {
            throw new AssertionError("answer must mirror the offer's sections and be ICE-lite");
        }
        return true;
    }
}
