package io.zonecam.bench.viewer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The viewer's receive record: gaps are NACKed, repairs count as received, loss and frames settle behind. */
class ReceiveLedgerTest {

    @Test
    void countsLossAfterRepairAndFramesCompleteOnlyWithEveryPacket() {
        ReceiveLedger ledger = new ReceiveLedger();
        ledger.restart(7);
        long now = 0;
        boolean nacked = false;
        for (int seq = 0; seq < 1000; seq++) {
            if (seq == 100 || seq == 101 || seq == 500) {
                continue; // lost on the way
            }
            nacked |= ledger.onPacket(ledger.guess(seq), seq % 10 == 9, now);
            if (seq == 150) {
                ledger.onRepair(101, false); // a retransmission arrives before 101 is settled
            }
        }
        assertThat(nacked).isTrue();
        ledger.onRepair(500, false); // too late: 500 was settled as lost long ago
        ledger.settleAll();
        assertThat(ledger.received).isEqualTo(998);
        assertThat(ledger.repaired).isEqualTo(1);
        assertThat(ledger.lost).isEqualTo(2);
        assertThat(ledger.duplicates).isEqualTo(0);
        assertThat(ledger.late).isEqualTo(1);
        // Frames are 10 packets ending at a marker: the ones holding 100 and 500 are incomplete.
        assertThat(ledger.framesIncomplete).isEqualTo(2);
        assertThat(ledger.framesComplete).isEqualTo(98);
    }

    @Test
    void nacksTheMissingPacketsInOneEntryAndRetriesThemLater() {
        ReceiveLedger ledger = new ReceiveLedger();
        ledger.restart(7);
        ledger.onPacket(ledger.guess(10), false, 0);
        ledger.onPacket(ledger.guess(14), false, 0); // 11, 12, 13 missing
        int[] first = ledger.dueNacks(0);
        assertThat(first).containsExactly((11 << 16) | 0b11);
        assertThat(ledger.dueNacks(1_000_000)).isEmpty();
        assertThat(ledger.dueNacks(60_000_000L)).containsExactly((11 << 16) | 0b11);
    }

    @Test
    void unwrapsSequenceNumbersAcrossTheRollover() {
        assertThat(ReceiveLedger.unwrap(65535, 0)).isEqualTo(65536);
        assertThat(ReceiveLedger.unwrap(65536, 65535)).isEqualTo(65535);
        assertThat(ReceiveLedger.unwrap(70000, 4465)).isEqualTo(70001);
    }
}
