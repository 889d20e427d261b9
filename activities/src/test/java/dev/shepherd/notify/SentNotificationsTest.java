package dev.shepherd.notify;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The worker's memory of what each kind of channel settled: bounded, and claimed before a send. */
class SentNotificationsTest {

  @Test
  void aSettledNotificationIsFoundByItsTargetAndId() {
    SentNotifications sent = new SentNotifications(10);
    assertThat(sent.claim("ops", "n1")).isInstanceOf(SentNotifications.Claimed.class);
    sent.settle("ops", "n1", "webhook ops: sent (HTTP 200)");

    assertThat(sent.claim("ops", "n1")).isEqualTo(new SentNotifications.Settled("webhook ops: sent (HTTP 200)"));
    assertThat(sent.claim("dev", "n1")).as("another webhook").isInstanceOf(SentNotifications.Claimed.class);
  }

  @Test
  void aNotificationBeingSentIsNotClaimedTwiceAndAReleasedOneIsClaimedAgain() {
    SentNotifications sent = new SentNotifications(10);
    sent.claim("ops", "n1");

    assertThat(sent.claim("ops", "n1")).isInstanceOf(SentNotifications.InFlight.class);
    sent.release("ops", "n1");
    assertThat(sent.claim("ops", "n1")).isInstanceOf(SentNotifications.Claimed.class);
  }

  @Test
  void onlyTheMostRecentAreRemembered() {
    SentNotifications sent = new SentNotifications(3);
    for (int i = 1; i <= 4; i++) {
      sent.claim("ops", "n" + i);
      sent.settle("ops", "n" + i, "sent " + i);
    }

    assertThat(sent.size()).isEqualTo(3);
    assertThat(sent.claim("ops", "n4")).isEqualTo(new SentNotifications.Settled("sent 4"));
    assertThat(sent.claim("ops", "n1")).as("forgotten").isInstanceOf(SentNotifications.Claimed.class);
  }
}
