package net.twistedsuite.common;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * One client more than a line service's {@code maxConnections}, all connected at once, for a
 * service whose clients are spread over several event loops: whichever loop takes which client,
 * and in whatever order the loops admit them, exactly one must be turned away and every other one
 * served. A client of these services that sends nothing is told nothing, so the one that hears
 * something (its refusal, or the close that is echo's) before it asks is the refused one.
 */
public final class ClientsAtTheLimit implements AutoCloseable {

  private static final int TIMEOUT_MILLIS = 60_000;

  private final List<LineClient> clients = new ArrayList<>();
  private final List<Future<String>> firstLines = new ArrayList<>();
  private final ExecutorService readers = Executors.newCachedThreadPool();
  private int refused = -1;

  private ClientsAtTheLimit() {
  }

  /** Connects {@code count} clients to 127.0.0.1:{@code port}, each with a reader of its first line. */
  public static ClientsAtTheLimit connect(int port, int count) throws IOException {
    ClientsAtTheLimit crowd = new ClientsAtTheLimit();
    for (int i = 0; i < count; i++) {
      LineClient client = new LineClient("127.0.0.1", "127.0.0.1", port, TIMEOUT_MILLIS);
      crowd.clients.add(client);
      crowd.firstLines.add(crowd.readers.submit(() -> {
        String line = client.readLine();
        return line == null ? "" : line;
      }));
    }
    return crowd;
  }

  /**
   * Waits until one client has heard from the server without asking, and returns what it heard:
   * its refusal line, or {@code ""} for a close with nothing said.
   */
  public String awaitRefused() throws Exception {
    Await.until(() -> firstLines.stream().anyMatch(Future::isDone), "a client is turned away");
    for (int i = 0; i < firstLines.size(); i++) {
      if (firstLines.get(i).isDone()) {
        refused = i;
        return firstLines.get(i).get();
      }
    }
    throw new AssertionError("unreachable");
  }

  /**
   * Sends {@code request} from every client but the refused one (half-closing after it when
   * {@code endInput}), and returns the first line each is answered; a second refusal shows here.
   */
  public List<String> askTheOthers(String request, boolean endInput) throws Exception {
    if (refused < 0) {
      throw new IllegalStateException("awaitRefused first");
    }
    List<String> answers = new ArrayList<>();
    for (int i = 0; i < clients.size(); i++) {
      if (i != refused) {
        clients.get(i).send(request);
        if (endInput) {
          clients.get(i).shutdownOutput();
        }
      }
    }
    for (int i = 0; i < clients.size(); i++) {
      if (i != refused) {
        answers.add(firstLines.get(i).get(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS));
      }
    }
    return answers;
  }

  /** What each client served got after its first line, until the server closed. */
  public List<String> restUntilClosed() throws IOException {
    List<String> rest = new ArrayList<>();
    for (int i = 0; i < clients.size(); i++) {
      if (i != refused) {
        rest.add(clients.get(i).readToEnd());
      }
    }
    return rest;
  }

  @Override
  public void close() throws IOException {
    readers.shutdownNow();
    for (LineClient client : clients) {
      client.close();
    }
  }
}
