package io.sluice.master.membership;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.alipay.sofa.jraft.entity.PeerId;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** offline-member --master refuses a removal that could not commit or would leave no live majority. */
class QuorumRiskTest {
    private static List<PeerId> peers(int... ports) {
        return IntStream.of(ports).mapToObj(p -> PeerId.parsePeer("127.0.0.1:" + p)).toList();
    }

    @Test
    void removingADeadMemberOfFiveWithFourAliveIsSafe() {
        assertNull(MasterMembership.quorumRisk(peers(1, 2, 3, 4, 5), peers(1, 2, 3, 4), peers(5).get(0)));
    }

    @Test
    void removingADeadMemberOfFourWithThreeAliveIsSafe() {
        assertNull(MasterMembership.quorumRisk(peers(1, 2, 3, 4), peers(1, 2, 3), peers(4).get(0)));
    }

    @Test
    void withoutAMajorityAliveBeforeTheChangeItCannotCommit() {
        assertNotNull(MasterMembership.quorumRisk(peers(1, 2, 3, 4), peers(1, 2), peers(4).get(0)));
    }

    @Test
    void theLastMemberStays() {
        assertNotNull(MasterMembership.quorumRisk(peers(1), peers(1), peers(1).get(0)));
    }

    @Test
    void twoDeadOfThreeCannotBeRemoved() {
        assertNotNull(MasterMembership.quorumRisk(peers(1, 2, 3), peers(1), peers(3).get(0)));
    }
}
