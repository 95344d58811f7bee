package dev.socketchat.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import dev.socketchat.connection.ContainerCloses;
import jakarta.websocket.CloseReason;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.glassfish.grizzly.Buffer;
import org.glassfish.grizzly.attributes.Attribute;
import org.glassfish.grizzly.filterchain.Filter;
import org.glassfish.grizzly.memory.Buffers;
import org.glassfish.grizzly.memory.MemoryManager;
import org.glassfish.tyrus.container.grizzly.server.WebSocketAddOn;
import org.glassfish.tyrus.core.CloseReasons;
import org.glassfish.tyrus.spi.ServerContainer;
import org.junit.jupiter.api.Test;

/**
 * The runner's every reliance on Tyrus's and Grizzly's internals (names, attributes, a private constructor), checked
 * against the versions on the class path, so that an upgrade that breaks one fails here instead of silently costing
 * memory, CPU or the frame guard.
 */
class TyrusInternalsTest {
  @Test
  void tyrusStillKeepsEachConnectionsStateUnderTheAttributeNamesTheUpgradedConnectionFilterReads()
      throws ReflectiveOperationException {
    assertThat(attributeNames(UpgradedConnectionFilter.tyrusFilter()))
        .contains(
            UpgradedConnectionFilter.TYRUS_CONNECTION.name(), UpgradedConnectionFilter.TASK_PROCESSOR.name());
  }

  @Test
  void tyrusStillAnswersTheUpgradeInTheFilterTheEarlyFramesFilterGoesInFrontOf() {
    assertThat(Filter.class).isAssignableFrom(UpgradedConnectionFilter.tyrusFilter());
  }

  @Test
  void tyrusStillSchedulesItsIdleCheckAsTheClassTheSchedulerSkips() throws ClassNotFoundException {
    Class<?> idleCheck = Class.forName(TyrusScheduler.IDLE_CHECK);

    assertThat(Runnable.class).isAssignableFrom(idleCheck);
  }

  @Test
  void tyrusStillKeepsEachConnectionsReadBufferInTheFieldTheRunnerReleases() {
    assertThat(TyrusReadBuffers.releasable()).isTrue();
  }

  @Test
  void tyrusStillReportsAConnectionItsTransportClosedUnderItAsTheCloseWithoutACloseFrameTheOutboxKnows() {
    assertThat(ContainerCloses.withoutCloseFrame(CloseReasons.GOING_AWAY.getCloseReason())).isTrue();
    assertThat(ContainerCloses.withoutCloseFrame(new CloseReason(CloseReason.CloseCodes.GOING_AWAY, "")))
        .as("a client's own 1001 (a page that navigates away)")
        .isFalse();
  }

  @Test
  void tyrusStillKeepsEachConnectionsProtocolHandlerInTheFieldTheLingeringCloseReplacesTheWriterThrough() {
    assertThat(LingeringClose.installable()).isTrue();
  }

  @Test
  void tyrusStillMakesItsGrizzlyAddOnWithTheConstructorTheRunnerCalls() throws NoSuchMethodException {
    assertThat(WebSocketAddOn.class.getDeclaredConstructor(ServerContainer.class, String.class)).isNotNull();
  }

  @Test
  void grizzlyNeverTakesAWrappedFrameIntoItsBufferPoolSoRecipientsMayShareIt() {
    Buffer wrapped = Buffers.wrap(MemoryManager.DEFAULT_MEMORY_MANAGER, ByteBuffer.wrap(new byte[] {(byte) 0x81, 0}));

    assertThat(wrapped.allowBufferDispose()).isFalse();
  }

  /** The names of the Grizzly attributes a class keeps in its static fields (initialising it, as Tyrus does). */
  private static List<String> attributeNames(Class<?> owner) throws IllegalAccessException {
    List<String> names = new ArrayList<>();
    for (Field field : owner.getDeclaredFields()) {
      if (Modifier.isStatic(field.getModifiers()) && field.getType() == Attribute.class) {
        field.setAccessible(true);
        names.add(((Attribute<?>) field.get(null)).name());
      }
    }
    return names;
  }
}
