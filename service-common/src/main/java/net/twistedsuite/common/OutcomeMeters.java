package net.twistedsuite.common;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * A service's meters of one name, one per outcome: {@code <name>{outcome="<label>"}} for each
 * value of an enum. All are registered at once, so that every outcome is in {@code /metrics} from
 * the start, at 0, and a rate over it is defined before the first one happens. The outcome is the
 * only label, never a user, a page or a client's address: a series per value of those would grow
 * without bound.
 *
 * @param <E> the outcomes
 * @param <M> the kind of meter
 */
public final class OutcomeMeters<E extends Enum<E> & OutcomeMeters.Labelled, M> {

  /** An outcome as the meters and the JSON log name it: its constant's name in lower case. */
  public interface Labelled {
    /** Implemented by the enum itself. */
    String name();

    default String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private final Map<E, M> meters;

  private OutcomeMeters(Class<E> outcomes, Function<E, M> register) {
    meters = new EnumMap<>(outcomes);
    for (E outcome : outcomes.getEnumConstants()) {
      meters.put(outcome, register.apply(outcome));
    }
  }

  /** A counter named {@code name} per value of {@code outcomes}. */
  public static <E extends Enum<E> & Labelled> OutcomeMeters<E, Counter> counters(MeterRegistry registry,
      String name, String description, Class<E> outcomes) {
    return new OutcomeMeters<>(outcomes, outcome -> Counter.builder(name).description(description)
        .tag("outcome", outcome.label()).register(registry));
  }

  /** A timer named {@code name} per value of {@code outcomes}. */
  public static <E extends Enum<E> & Labelled> OutcomeMeters<E, Timer> timers(MeterRegistry registry,
      String name, String description, Class<E> outcomes) {
    return new OutcomeMeters<>(outcomes, outcome -> Timer.builder(name).description(description)
        .tag("outcome", outcome.label()).register(registry));
  }

  /** The meter of {@code outcome}. */
  public M of(E outcome) {
    return meters.get(outcome);
  }
}
