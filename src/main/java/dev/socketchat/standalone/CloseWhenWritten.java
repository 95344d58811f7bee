package dev.socketchat.standalone;

import java.util.Objects;
import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.EmptyCompletionHandler;
import org.glassfish.grizzly.WriteResult;

/** Closes a connection once a last answer written to it went out, or failed to. */
@SuppressWarnings("rawtypes") // Grizzly's FilterChainContext.write takes a CompletionHandler of the raw WriteResult
final class CloseWhenWritten extends EmptyCompletionHandler<WriteResult> {
  private final Connection<?> connection;

  CloseWhenWritten(Connection<?> connection) {
    this.connection = Objects.requireNonNull(connection, "connection");
  }

  @Override
  public void completed(WriteResult result) {
    connection.closeSilently();
  }

  @Override
  public void failed(Throwable failure) {
    connection.closeSilently();
  }
}
