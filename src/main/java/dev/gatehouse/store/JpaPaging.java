package dev.gatehouse.store;

import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;
import java.util.List;
import java.util.function.Function;

/** Keyset paging on the time-ordered id: stable under inserts, no OFFSET scans. */
final class JpaPaging {
  private JpaPaging() {}

  /**
   * Runs {@code jpql} (which must select entities {@code e} ordered by {@code e.id} and test {@code
   * e.id > :after}) for one page.
   */
  static <T> Page<T> page(
      EntityManager em,
      String jpql,
      Class<T> type,
      PageRequest request,
      Function<TypedQuery<T>, TypedQuery<T>> bind,
      Function<T, String> idOf) {
    TypedQuery<T> q = em.createQuery(jpql, type);
    q.setParameter("after", request.afterId() == null ? "" : request.afterId());
    q.setMaxResults(request.limit() + 1);
    List<T> rows = bind.apply(q).getResultList();
    if (rows.size() <= request.limit()) {
      return new Page<>(rows, null);
    }
    List<T> items = rows.subList(0, request.limit());
    return new Page<>(List.copyOf(items), idOf.apply(items.get(items.size() - 1)));
  }
}
