package net.twistedsuite.finger;

import io.vertx.core.Future;
import java.util.List;

/** A {@link FingerService} whose answers pass through {@link AnswerFilter}s, chained on the future. */
public final class FilteredFingerService implements FingerService {

  private final FingerService inner;
  private final List<AnswerFilter> filters;

  public FilteredFingerService(FingerService inner, List<AnswerFilter> filters) {
    this.inner = inner;
    this.filters = List.copyOf(filters);
  }

  @Override
  public Future<String> answer(FingerQuery query) {
    Future<String> answer = inner.answer(query);
    if (filters.isEmpty()) {
      return answer;
    }
    return answer.map(text -> {
      String result = text;
      for (AnswerFilter filter : filters) {
        result = filter.apply(result);
      }
      return result;
    });
  }
}
