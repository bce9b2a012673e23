package net.twistedsuite.setter;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import net.twistedsuite.common.Await;
import net.twistedsuite.status.StatusBus;

/**
 * Stands in for the finger service's side of the bus contract: consumes {@code finger.status.set}
 * and answers as told, keeping every request it got.
 */
final class ContractFinger {

  private final BlockingQueue<Message<JsonObject>> requests = new LinkedBlockingQueue<>();
  private final MessageConsumer<JsonObject> consumer;

  private ContractFinger(Vertx vertx, Consumer<Message<JsonObject>> answer) {
    consumer = vertx.eventBus().consumer(StatusBus.SET, message -> {
      requests.add(message);
      answer.accept(message);
    });
    Await.value(consumer.completion());
  }

  /** Applies every update: answers {@code {"ok": true}}. */
  static ContractFinger applying(Vertx vertx) {
    return answering(vertx, m -> m.reply(new JsonObject().put("ok", true)));
  }

  /** Answers every update with {@code answer}. */
  static ContractFinger answering(Vertx vertx, Consumer<Message<JsonObject>> answer) {
    return new ContractFinger(vertx, answer);
  }

  /** Answers every update with a failure. */
  static ContractFinger failing(Vertx vertx, int code, String message) {
    return answering(vertx, m -> m.fail(code, message));
  }

  /** Never answers by itself; the test answers the requests it takes. */
  static ContractFinger silent(Vertx vertx) {
    return answering(vertx, m -> { });
  }

  /** The next request the setter sent, waiting up to 30 s for it. */
  Message<JsonObject> next() throws InterruptedException {
    Message<JsonObject> request = requests.poll(30, TimeUnit.SECONDS);
    assertNotNull(request, "no update reached finger");
    return request;
  }

  /** The next request's body. */
  JsonObject nextBody() throws InterruptedException {
    return next().body();
  }

  void stop() {
    Await.value(consumer.unregister());
  }
}
