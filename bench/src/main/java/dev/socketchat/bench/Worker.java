package dev.socketchat.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A load generator process: one event loop holding its share of the connections, driven line by line on standard
 * input by {@link Bench}, answering each command with one {@code ok ...} or {@code error ...} line. It exits when its
 * input ends or its time limit passes, whatever happens.
 *
 * <pre>
 * java -cp bench/target/classes dev.socketchat.bench.Worker --protocol chat|sio --targets http://127.0.0.1:P[,...]
 *      [--client own|jdk] [--sources 127.0.0.2,...] [--max-seconds 3600]
 * fanout rooms=R members=M first=K       | step n=S rate=X seconds=D drain=D size=B
 * connect count=N room_size=M first=K rate=R | idle seconds=S
 * churn rooms=R churners=C first=K seconds=S max_cycles=N
 * close | quit
 * </pre>
 */
public final class Worker {
  private final EventLoop loop = new EventLoop("generator");
  private final Protocol protocol;
  private final Connection.Factory connections;
  private final List<Target> targets = new ArrayList<>();
  private final List<InetAddress> sources = new ArrayList<>();
  private FanoutDriver fanout;
  private CapacityDriver capacity;

  private Worker(Protocol protocol, Client client) {
    this.protocol = protocol;
    this.connections = client.on(loop);
  }

  public static void main(String[] args) throws IOException {
    Map<String, String> options = new HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      options.put(args[i], args[i + 1]);
    }
    Worker worker = new Worker(Protocol.named(options.getOrDefault("--protocol", "chat")),
        Client.named(options.getOrDefault("--client", "own")));
    for (String target : options.getOrDefault("--targets", "http://127.0.0.1:8080").split(",")) {
      worker.targets.add(Target.of(target));
    }
    for (String source : options.getOrDefault("--sources", "127.0.0.1").split(",")) {
      worker.sources.add(address(source));
    }
    long maxSeconds = Long.parseLong(options.getOrDefault("--max-seconds", "3600"));
    ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, "watchdog");
      thread.setDaemon(true);
      return thread;
    });
    watchdog.schedule(() -> {
      System.err.println("generator: time limit of " + maxSeconds + " s reached, exiting");
      Runtime.getRuntime().halt(3);
    }, maxSeconds, TimeUnit.SECONDS);
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String line;
    while ((line = in.readLine()) != null) {
      line = line.strip();
      if (line.isEmpty()) {
        continue;
      }
      if (line.equals("quit")) {
        break;
      }
      String answer;
      try {
        answer = worker.handle(line);
      } catch (RuntimeException e) {
        answer = "error " + oneWord(e.toString());
      }
      System.out.println(answer);
      System.out.flush();
    }
    worker.loop.close();
    System.exit(0);
  }

  private String handle(String line) {
    String[] words = line.split(" ");
    Map<String, String> args = new HashMap<>();
    for (int i = 1; i < words.length; i++) {
      int eq = words[i].indexOf('=');
      args.put(words[i].substring(0, eq), words[i].substring(eq + 1));
    }
    return switch (words[0]) {
      case "fanout" -> {
        fanout = await(loop.call(() -> new FanoutDriver(loop, protocol, connections, integer(args, "first"),
            integer(args, "rooms"), integer(args, "members"))), 10);
        yield await(fanout.setup(targets, sources, 120), 180);
      }
      case "step" -> await(fanout.step(integer(args, "n"), number(args, "rate"), number(args, "seconds"),
          number(args, "drain"), integer(args, "size")), (long) (number(args, "seconds") + number(args, "drain")) + 60);
      case "connect" -> {
        capacity = await(loop.call(() -> new CapacityDriver(loop, protocol, connections, integer(args, "first"),
            integer(args, "count"), integer(args, "room_size"))), 10);
        long limit = (long) (integer(args, "count") / number(args, "rate")) + 120;
        yield await(capacity.connect(targets, sources, number(args, "rate"), limit), limit + 30);
      }
      case "idle" -> await(capacity.idle(number(args, "seconds")), (long) number(args, "seconds") + 30);
      case "churn" -> {
        ChurnDriver churn = await(loop.call(() -> new ChurnDriver(loop, protocol, connections,
            integer(args, "first"), integer(args, "rooms"), integer(args, "first_churner"),
            integer(args, "churners"))), 10);
        yield await(churn.run(targets, sources, number(args, "seconds"), Long.parseLong(args.get("max_cycles"))),
            (long) number(args, "seconds") + 90);
      }
      case "close" -> await(closeAll(), 60);
      default -> "error unknown_command=" + words[0];
    };
  }

  /** Closes every connection this process holds, politely, and waits until they are gone (at most 30 s). */
  private CompletableFuture<String> closeAll() {
    CompletableFuture<String> result = new CompletableFuture<>();
    loop.execute(() -> {
      List<ChatUser> users = new ArrayList<>();
      if (fanout != null) {
        users.addAll(fanout.users());
      }
      if (capacity != null) {
        users.addAll(capacity.users());
      }
      List<ChatUser> open = users.stream().filter(ChatUser::isOpen).toList();
      int[] left = {open.size()};
      EventLoop.Timer timeout = loop.schedule(TimeUnit.SECONDS.toNanos(30), () -> {
        open.forEach(user -> user.abort("close timed out"));
        result.complete("ok closed=" + (open.size() - left[0]) + " aborted=" + left[0]);
      });
      if (open.isEmpty()) {
        timeout.cancel();
        result.complete("ok closed=0 aborted=0");
      }
      for (ChatUser user : open) {
        user.close(gone -> {
          if (--left[0] == 0 && !result.isDone()) {
            timeout.cancel();
            result.complete("ok closed=" + open.size() + " aborted=0");
          }
        });
      }
      fanout = null;
      capacity = null;
    });
    return result;
  }

  private static <T> T await(CompletableFuture<T> future, long seconds) {
    try {
      return future.get(seconds, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted");
    } catch (ExecutionException e) {
      throw new IllegalStateException(String.valueOf(e.getCause()), e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("no answer within " + seconds + " s");
    }
  }

  private static int integer(Map<String, String> args, String key) {
    return (int) number(args, key);
  }

  private static double number(Map<String, String> args, String key) {
    String value = args.get(key);
    if (value == null) {
      throw new IllegalArgumentException("missing " + key + "=");
    }
    return Double.parseDouble(value);
  }

  /** Text made safe for a space-separated result line. */
  static String oneWord(String text) {
    String flat = text.replaceAll("\\s+", "_");
    return flat.length() > 200 ? flat.substring(0, 200) : flat;
  }

  private static InetAddress address(String literal) {
    try {
      return InetAddress.getByName(literal);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("not an address: " + literal, e);
    }
  }
}
