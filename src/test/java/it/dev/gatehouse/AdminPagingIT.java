package it.dev.gatehouse;

import static it.dev.gatehouse.ProblemAssert.assertProblem;
import static it.dev.gatehouse.Workspaces.createWorkspace;
import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Paging of the admin lists: {@code ?limit=} and {@code ?cursor=}, in creation order. */
class AdminPagingIT extends OnSharedServer {
  static String ws;
  static List<String> providerIds = new ArrayList<>();
  static List<String> policyIds = new ArrayList<>();

  @BeforeAll
  static void start() {
    ws = createWorkspace(admin, "paging");
    for (int i = 0; i < 7; i++) {
      Http.Reply p =
          admin.post(
              "/api/v1/admin/workspaces/" + ws + "/providers",
              "{\"name\":\"p"
                  + i
                  + "\",\"providerType\":\"oidc\",\"issuer\":\"https://issuer-"
                  + i
                  + ".example.com\"}");
      assertThat(p.status()).as(p.toString()).isEqualTo(201);
      providerIds.add(p.data().getString("id"));
      Http.Reply q =
          admin.post(
              "/api/v1/admin/workspaces/" + ws + "/policies",
              "{\"name\":\"q"
                  + i
                  + "\",\"resources\":[\"r\"],\"actions\":[\"a\"],\"specification\":{\"rules\":"
                  + "[{\"rule_id\":\"x\",\"effect\":\"Allow\"}]}}");
      assertThat(q.status()).as(q.toString()).isEqualTo(201);
      policyIds.add(q.data().getString("id"));
    }
  }

  /** Walks a list with this limit; returns the ids of every page, in order. */
  static List<List<String>> walk(String listPath, int limit) {
    List<List<String>> pages = new ArrayList<>();
    String cursor = null;
    do {
      String url =
          listPath
              + "?limit="
              + limit
              + (cursor == null
                  ? ""
                  : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
      Http.Reply r = admin.get(url);
      assertThat(r.status()).as(url + " -> " + r).isEqualTo(200);
      JsonObject page = r.object();
      assertThat(page.containsKey("nextCursor")).as(r.toString()).isTrue();
      List<String> ids = r.list().stream().map(v -> v.asJsonObject().getString("id")).toList();
      assertThat(ids.size()).as(r.toString()).isLessThanOrEqualTo(limit);
      pages.add(ids);
      cursor = page.isNull("nextCursor") ? null : page.getString("nextCursor");
      assertThat(pages.size()).as("runaway paging of " + listPath).isLessThan(1000);
    } while (cursor != null);
    return pages;
  }

  @Test
  void providersPageInThreesAcrossThreePages() {
    List<List<String>> pages = walk("/api/v1/admin/workspaces/" + ws + "/providers", 3);
    assertThat(pages).hasSize(3);
    assertThat(pages.get(0)).containsExactlyElementsOf(providerIds.subList(0, 3));
    assertThat(pages.get(1)).containsExactlyElementsOf(providerIds.subList(3, 6));
    assertThat(pages.get(2)).containsExactlyElementsOf(providerIds.subList(6, 7));
  }

  @Test
  void policiesPageInThreesAcrossThreePages() {
    List<List<String>> pages = walk("/api/v1/admin/workspaces/" + ws + "/policies", 3);
    assertThat(pages).hasSize(3);
    assertThat(pages.stream().flatMap(List::stream).toList()).containsExactlyElementsOf(policyIds);
    assertThat(pages.get(2)).hasSize(1);
  }

  @Test
  void anExactMultipleEndsWithoutAnEmptyPage() {
    String path = "/api/v1/admin/workspaces/" + ws + "/providers";
    assertThat(walk(path, 7)).containsExactly(providerIds);
    List<List<String>> pages = walk(path, 6);
    assertThat(pages).hasSize(2);
    assertThat(pages.get(1)).containsExactly(providerIds.get(6));
    assertThat(walk(path, 1)).hasSize(7);
    assertThat(walk(path, 500)).containsExactly(providerIds);
  }

  @Test
  void theDefaultPageHoldsEverythingUpToFifty() {
    Http.Reply r = admin.get("/api/v1/admin/workspaces/" + ws + "/providers");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.list().stream().map(v -> v.asJsonObject().getString("id")).toList())
        .containsExactlyElementsOf(providerIds);
    assertThat(r.object().isNull("nextCursor")).isTrue();
  }

  @Test
  void workspacesPageWithoutDuplicatesOrGaps() {
    List<String> mine = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      mine.add(createWorkspace(admin, "paging-ws"));
    }
    List<String> all = walk("/api/v1/admin/workspaces", 2).stream().flatMap(List::stream).toList();
    assertThat(all).doesNotHaveDuplicates();
    Http.Reply everything = admin.get("/api/v1/admin/workspaces?limit=500");
    List<String> names =
        everything.list().stream().map(v -> v.asJsonObject().getString("name")).toList();
    assertThat(names).containsSubsequence(mine).contains("default");
    assertThat(all)
        .containsExactlyElementsOf(
            everything.list().stream().map(v -> v.asJsonObject().getString("id")).toList());
  }

  @Test
  void aCursorStillWorksWhenItsItemIsDeleted() {
    String other = createWorkspace(admin, "paging-del");
    String path = "/api/v1/admin/workspaces/" + other + "/providers";
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      ids.add(
          admin
              .post(
                  path,
                  "{\"name\":\"d\",\"providerType\":\"oidc\",\"issuer\":\"https://d"
                      + i
                      + ".example.com\"}")
              .data()
              .getString("id"));
    }
    Http.Reply first = admin.get(path + "?limit=2");
    String cursor = first.object().getString("nextCursor");
    assertThat(admin.delete(path + "/" + ids.get(1)).status()).isEqualTo(204);
    Http.Reply second = admin.get(path + "?limit=2&cursor=" + cursor);
    assertThat(second.status()).as(second.toString()).isEqualTo(200);
    assertThat(second.list().stream().map(v -> v.asJsonObject().getString("id")).toList())
        .containsExactly(ids.get(2), ids.get(3));
    assertThat(second.object().isNull("nextCursor")).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "-1", "501", "1000000", "abc", "1.5", "3e1", "99999999999999999999"})
  void aBadLimitIs400(String limit) {
    for (String list :
        List.of(
            "/api/v1/admin/workspaces",
            "/api/v1/admin/workspaces/" + ws + "/providers",
            "/api/v1/admin/workspaces/" + ws + "/policies")) {
      assertProblem(admin.get(list + "?limit=" + limit), 400, "validation_failed");
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "not-a-cursor",
        "%25%25%25",
        "aGVsbG8",
        "'%20OR%201=1--",
        "Jyk7IERST1AgVEFCTEUgZ2hfcG9saWN5Oy0t"
      })
  void aBadCursorIs400(String cursor) {
    for (String list :
        List.of(
            "/api/v1/admin/workspaces",
            "/api/v1/admin/workspaces/" + ws + "/providers",
            "/api/v1/admin/workspaces/" + ws + "/policies")) {
      assertProblem(admin.get(list + "?cursor=" + cursor), 400, "validation_failed");
    }
  }

  @Test
  void aWellFormedCursorPastTheEndGivesAnEmptyLastPage() {
    String far =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(
                new UUID(0xFFFFFFFFFFFF7FFFL, 0xBFFFFFFFFFFFFFFFL)
                    .toString()
                    .getBytes(StandardCharsets.UTF_8));
    Http.Reply r = admin.get("/api/v1/admin/workspaces/" + ws + "/providers?cursor=" + far);
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    assertThat(r.list()).isEmpty();
    assertThat(r.object().isNull("nextCursor")).isTrue();
  }
}
