import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where the server's CPU and allocation go, by part of the request path, from a JFR recording:
 * {@code java bench/tools/JfrBreakdown.java F.jfr} (a single-file program, JDK 17+; bench/profile.sh
 * runs it on each recording).
 *
 * <p>Each execution (or allocation) sample is put in ONE part: its stack is walked from the leaf
 * towards the root and the first frame that names a part decides (a HashMap.get inside CheckMetrics
 * is "our metrics"; Liberty code that calls into Gatehouse is not "Liberty"). JDK frames (java.,
 * jdk., sun.) and JSON-P internals name no part: they belong to their caller. Our JSON helpers
 * (dev.gatehouse.json) belong to their caller too, except that right under CheckResource they are
 * the body's reading (Json, JsonValues) or the answer's writing (JsonText). Samples of the audit
 * writer (a stack through JdbcDecisionStore or Derby without CheckService) are a part of their own.
 * Only threads running Java are sampled: GC work shows in the GC pause lines instead. Compare
 * shares within one recording.
 */
public class JfrBreakdown {
  record Part(String name, Predicate<String> test) {}

  static final List<Part> PARTS =
      List.of(
          new Part(
              "audit context text (contextFor, JsonText.bounded)",
              m ->
                  m.startsWith("dev.gatehouse.audit.DecisionLog.contextFor")
                      || m.startsWith("dev.gatehouse.json.JsonText.bounded")),
          new Part("audit record build + queue", m -> m.startsWith("dev.gatehouse.audit.")),
          new Part("our metrics (CheckMetrics)", m -> m.startsWith("dev.gatehouse.metrics.")),
          new Part(
              "MP Metrics runtime (SmallRye, Micrometer, HdrHistogram)",
              m ->
                  m.startsWith("io.smallrye.metrics")
                      || m.startsWith("io.openliberty.microprofile.metrics")
                      || m.startsWith("com.ibm.ws.microprofile.metrics")
                      || m.startsWith("io.micrometer")
                      || m.startsWith("org.HdrHistogram")),
          new Part("Liberty HTTP monitor filter", m -> m.startsWith("io.openliberty.http.monitor")),
          new Part("token verify / cache", m -> m.startsWith("dev.gatehouse.token.")),
          new Part("policy engine", m -> m.startsWith("dev.gatehouse.policy.")),
          new Part("ids (UUIDv7)", m -> m.startsWith("dev.gatehouse.store.")),
          new Part(
              "body read (JsonBodyReader, CheckRequest)",
              m ->
                  m.startsWith("dev.gatehouse.web.JsonBodyReader")
                      || m.startsWith("dev.gatehouse.check.CheckRequest")),
          new Part("CheckService (rest)", m -> m.startsWith("dev.gatehouse.check.")),
          new Part(
              "answer building (DecisionJson)",
              m ->
                  m.startsWith("dev.gatehouse.web.DecisionJson")
                      || m.startsWith("dev.gatehouse.web.PrincipalJson")),
          new Part(
              "our filters",
              m ->
                  m.matches("dev\\.gatehouse\\.(web|demo)\\.\\w+Filter(\\$.*)?\\..*")),
          new Part("CheckResource (rest)", m -> m.startsWith("dev.gatehouse.web.CheckResource")),
          new Part(
              "other Gatehouse",
              m -> m.startsWith("dev.gatehouse.") && !m.startsWith("dev.gatehouse.json.")),
          new Part(
              "CDI (Weld) proxies/interceptors",
              m -> m.startsWith("org.jboss.weld") || m.contains("$Proxy$_$$_Weld")),
          new Part(
              "answer writing (JAX-RS writer)",
              m ->
                  m.startsWith("org.jboss.resteasy.core.ServerResponseWriter")
                      || m.startsWith("org.jboss.resteasy.plugins.providers.StringTextStar")),
          new Part("JAX-RS (RESTEasy)", m -> m.startsWith("org.jboss.resteasy")),
          new Part(
              "Liberty HTTP / servlet / channel",
              m -> m.startsWith("com.ibm.") || m.startsWith("io.openliberty.")));

  static boolean neutral(String m) {
    return m.startsWith("java.")
        || m.startsWith("jdk.")
        || m.startsWith("sun.")
        || m.startsWith("org.eclipse.parsson")
        || m.startsWith("jakarta.")
        || m.startsWith("com.sun.");
  }

  static List<String> frames(RecordedStackTrace st) {
    List<String> out = new ArrayList<>(st.getFrames().size());
    for (RecordedFrame f : st.getFrames()) {
      out.add(f.getMethod().getType().getName() + "." + f.getMethod().getName());
    }
    return out;
  }

  /** The frame that decided the last {@link #part} (the sample's first frame naming a part). */
  static String decidedBy;

  static String part(List<String> frames, String thread) {
    decidedBy = "(none)";
    boolean store = false;
    boolean check = false;
    for (String m : frames) {
      store |= m.startsWith("dev.gatehouse.audit.JdbcDecisionStore") || m.startsWith("org.apache.derby")
          || m.startsWith("org.postgresql");
      check |= m.startsWith("dev.gatehouse.check.CheckService");
    }
    if (store && !check) {
      return "audit writer thread (JDBC, Derby)";
    }
    if (store) { // a request writing records itself (DecisionLog's helping), JDBC included
      return "audit written by a request (JDBC)";
    }
    String json = null;
    for (String m : frames) { // leaf first
      if (m.startsWith("dev.gatehouse.json.")) {
        json = json == null ? m : json;
        continue;
      }
      if (neutral(m)) {
        continue;
      }
      decidedBy = json != null && m.startsWith("dev.gatehouse.web.CheckResource") ? json : m;
      if (json != null && m.startsWith("dev.gatehouse.web.CheckResource")) {
        return json.contains(".JsonText.")
            ? "answer building (DecisionJson)"
            : "body read (JsonBodyReader, CheckRequest)";
      }
      for (Part p : PARTS) {
        if (p.test().test(m)) {
          return p.name();
        }
      }
      String[] parts = m.split("\\.");
      return "other ("
          + String.join(".", List.of(parts).subList(0, Math.min(3, parts.length)))
          + ")";
    }
    return "JDK only (" + (thread == null ? "?" : thread.replaceAll("-?\\d+$", "")) + ")";
  }

  static <K> void add(Map<K, Double> m, K k, double w) {
    m.merge(k, w, Double::sum);
  }

  static void print(Map<String, Double> m, double total, int max) {
    m.entrySet().stream()
        .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
        .limit(max)
        .forEach(e -> System.out.printf("%6.1f%%  %s%n", 100 * e.getValue() / total, e.getKey()));
  }

  public static void main(String[] args) throws Exception {
    Map<String, Double> cpu = new HashMap<>();
    Map<String, Double> ours = new HashMap<>();
    Map<String, Double> deciding = new HashMap<>();
    Map<String, Double> alloc = new HashMap<>();
    Map<String, Double> sites = new HashMap<>();
    List<Duration> pauses = new ArrayList<>();
    Map<String, Integer> kinds = new HashMap<>();
    double samples = 0;
    double allocTotal = 0;
    double jvm = 0;
    double machine = 0;
    int loads = 0;
    for (RecordedEvent e : RecordingFile.readAllEvents(Path.of(args[0]))) {
      String type = e.getEventType().getName();
      switch (type) {
        case "jdk.GarbageCollection" -> {
          pauses.add(e.getDuration("sumOfPauses"));
          kinds.merge(e.getString("name"), 1, Integer::sum);
        }
        case "jdk.CPULoad" -> {
          if (e.getFloat("machineTotal") > 0) {
            jvm += e.getFloat("jvmUser") + e.getFloat("jvmSystem");
            machine += e.getFloat("machineTotal");
            loads++;
          }
        }
        case "jdk.ExecutionSample", "jdk.ObjectAllocationSample" -> {
          RecordedStackTrace st = e.getStackTrace();
          if (st == null || st.getFrames().isEmpty()) {
            continue;
          }
          List<String> frames = frames(st);
          RecordedThread t =
              type.equals("jdk.ExecutionSample") ? e.getThread("sampledThread") : e.getThread();
          String part = part(frames, t == null ? null : t.getJavaName());
          if (type.equals("jdk.ExecutionSample")) {
            samples++;
            add(cpu, part, 1);
            add(deciding, part + " | " + decidedBy, 1);
            Set<String> seen = new HashSet<>();
            for (String m : frames) {
              if (m.startsWith("dev.gatehouse.") && seen.add(m)) {
                add(ours, m, 1);
              }
            }
          } else {
            double w = e.getLong("weight");
            allocTotal += w;
            add(alloc, part, w);
            String first = frames.stream().filter(m -> !neutral(m)).findFirst().orElse(frames.get(0));
            add(sites, part + " | " + first + " | " + e.getClass("objectClass").getName(), w);
          }
        }
        default -> {}
      }
    }
    System.out.printf("%n== CPU by part of the path (%.0f execution samples, each in one part)%n", samples);
    print(cpu, samples, 40);
    System.out.printf("%n== the frames that decided the part (part | frame), request threads%n");
    deciding.keySet().removeIf(k -> k.startsWith("audit writer"));
    print(deciding, samples, 40);
    System.out.printf("%n== Gatehouse methods, inclusive (share of samples with the method on the stack)%n");
    print(ours, samples, 40);
    if (allocTotal > 0) {
      System.out.printf("%n== allocation by part (%.0f MiB sampled weight)%n", allocTotal / (1 << 20));
      print(alloc, allocTotal, 40);
      System.out.printf("%n== top allocation sites (part | first non-JDK frame | class)%n");
      print(sites, allocTotal, 30);
    }
    if (!pauses.isEmpty()) {
      List<Duration> sorted = pauses.stream().sorted().toList();
      Duration sum = sorted.stream().reduce(Duration.ZERO, Duration::plus);
      System.out.printf(
          "%n== GC: %d collections, pauses total %d ms, p50 %.1f ms, max %.1f ms, kinds %s%n",
          sorted.size(),
          sum.toMillis(),
          sorted.get(sorted.size() / 2).toNanos() / 1e6,
          sorted.get(sorted.size() - 1).toNanos() / 1e6,
          kinds);
    }
    if (loads > 0) {
      System.out.printf(
          "== CPU load: JVM %.0f%% of the machine, machine %.0f%% (mean of %d one-second samples)%n",
          100 * jvm / loads, 100 * machine / loads, loads);
    }
  }
}
