package dev.socketchat.threads;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DaemonThreadsTest {
  private static void nothing() {}

  @Test
  void namedThreadsAreDaemonsAllCalledTheSame() {
    var factory = DaemonThreads.named("socketchat-lobby");
    Thread first = factory.newThread(DaemonThreadsTest::nothing);
    Thread second = factory.newThread(DaemonThreadsTest::nothing);
    assertThat(first.isDaemon()).isTrue();
    assertThat(first.getName()).isEqualTo("socketchat-lobby");
    assertThat(second.getName()).isEqualTo("socketchat-lobby");
  }

  @Test
  void numberedThreadsAreDaemonsCountedFromOnePerFactory() {
    var factory = DaemonThreads.numbered("socketchat-engineio");
    assertThat(factory.newThread(DaemonThreadsTest::nothing).getName()).isEqualTo("socketchat-engineio-1");
    Thread second = factory.newThread(DaemonThreadsTest::nothing);
    assertThat(second.getName()).isEqualTo("socketchat-engineio-2");
    assertThat(second.isDaemon()).isTrue();
    assertThat(DaemonThreads.numbered("socketchat-engineio").newThread(DaemonThreadsTest::nothing).getName())
        .isEqualTo("socketchat-engineio-1");
  }
}
