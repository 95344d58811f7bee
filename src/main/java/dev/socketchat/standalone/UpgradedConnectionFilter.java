package dev.socketchat.standalone;

import java.nio.ByteBuffer;
import org.glassfish.grizzly.Buffer;
import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.Grizzly;
import org.glassfish.grizzly.attributes.Attribute;
import org.glassfish.grizzly.filterchain.BaseFilter;
import org.glassfish.grizzly.filterchain.FilterChainBuilder;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.filterchain.NextAction;
import org.glassfish.grizzly.http.HttpServerFilter;
import org.glassfish.grizzly.http.server.AddOn;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.glassfish.grizzly.memory.ByteBufferArray;
import org.glassfish.tyrus.container.grizzly.client.TaskProcessor;
import org.glassfish.tyrus.spi.ReadHandler;

/**
 * Hands the bytes of a connection Tyrus has upgraded to WebSocket straight to Tyrus, past Grizzly's HTTP codec, so
 * the upgrade request's HTTP objects (about 9 KiB per connection, kept alive by the codec for the life of the socket)
 * are let go after the first frame.
 *
 * <p>Without it, Grizzly's HTTP filter treats every later read as more body of the upgrade request and hands it to
 * Tyrus's filter as content of that request; this filter does the same hand-over one step earlier, through the same
 * per-connection task queue Tyrus uses. It finds Tyrus's per-connection state by the attribute names Tyrus 2.1
 * registers; a Tyrus that registers none leaves every read to the normal path, which still works.
 */
final class UpgradedConnectionFilter extends BaseFilter {
  private static final Attribute<org.glassfish.tyrus.spi.Connection> TYRUS_CONNECTION =
      Grizzly.DEFAULT_ATTRIBUTE_BUILDER.createAttribute(
          "org.glassfish.tyrus.container.grizzly.server.GrizzlyServerFilter.Connection");
  private static final Attribute<TaskProcessor> TASK_PROCESSOR =
      Grizzly.DEFAULT_ATTRIBUTE_BUILDER.createAttribute(TaskProcessor.class.getName() + ".TaskProcessor");
  private static final Attribute<Object> HTTP_REQUEST_IN_PROCESS =
      Grizzly.DEFAULT_ATTRIBUTE_BUILDER.createAttribute(HttpServerFilter.HTTP_SERVER_REQUEST_ATTR_NAME);

  /**
   * Puts the filter in front of Grizzly's HTTP codec on the listener it is registered with, and a
   * {@link RefusedHandshakeFilter} right after it.
   */
  static AddOn addOn() {
    return new AddOn() {
      @Override
      public void setup(NetworkListener listener, FilterChainBuilder builder) {
        int codec = builder.indexOfType(HttpServerFilter.class);
        if (codec < 0) {
          throw new IllegalStateException("no HTTP codec in the listener's filter chain");
        }
        builder.add(codec + 1, new RefusedHandshakeFilter());
        builder.add(codec, new UpgradedConnectionFilter());
      }
    };
  }

  @Override
  public NextAction handleRead(FilterChainContext ctx) {
    Connection<?> connection = ctx.getConnection();
    org.glassfish.tyrus.spi.Connection websocket = TYRUS_CONNECTION.get(connection);
    TaskProcessor tasks = TASK_PROCESSOR.get(connection);
    if (websocket == null || tasks == null) {
      return ctx.getInvokeAction();
    }
    HTTP_REQUEST_IN_PROCESS.remove(connection);
    ReadHandler reader = websocket.getReadHandler();
    Buffer input = ctx.getMessage();
    if (!input.isComposite()) {
      tasks.processTask(new Read(input.toByteBuffer(), reader));
    } else {
      ByteBufferArray parts = input.toByteBufferArray();
      ByteBuffer[] array = parts.getArray();
      for (int i = 0; i < parts.size(); i++) {
        tasks.processTask(new Read(array[i], reader));
      }
      parts.recycle();
    }
    return ctx.getStopAction();
  }

  /** Bytes read from the socket, for Tyrus's frame parser, in the connection's task order. */
  private static final class Read extends TaskProcessor.Task {
    private final ByteBuffer bytes;
    private final ReadHandler reader;

    Read(ByteBuffer bytes, ReadHandler reader) {
      this.bytes = bytes;
      this.reader = reader;
    }

    @Override
    public void execute() {
      reader.handle(bytes);
    }
  }
}
