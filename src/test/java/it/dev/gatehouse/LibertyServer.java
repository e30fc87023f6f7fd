package it.dev.gatehouse;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The real Gatehouse under test: a Liberty server of its own (name, ports, data and logs apart from
 * the {@code mvn liberty:run} server) made from the project's server-config and the packaged WAR,
 * started once per failsafe run and stopped when the test JVM exits. The same code runs another
 * application's server from the same runtime ({@link #startApplication}: the orders sample).
 */
public final class LibertyServer {
  private static final Pattern GENERATED_PASSWORD =
      Pattern.compile("generated the admin password for user '([^']+)': (\\S+)");
  private static LibertyServer shared;

  private final Path wlp = Path.of(System.getProperty("gatehouse.it.wlpDir"));
  private final String name;
  private final Path configDir;
  private final Path war;

  /**
   * Null for Gatehouse (its environment, database and admin account); else the path that answers
   * 200 once this other application has started, or {@link #SERVER_STARTED}.
   */
  private final String applicationReadyPath;

  /**
   * For {@link #startApplication}: wait only until Liberty says the server started ({@code
   * CWWKF0011I}), whether the application did or not (a test of an application that must not).
   */
  public static final String SERVER_STARTED = "";

  private final int httpPort;
  private final int httpsPort;
  private final Map<String, String> env = new HashMap<>();
  private final Map<String, String> overrides;
  private String adminUser;
  private String adminPassword;

  private LibertyServer(String name, int httpPort, int httpsPort, Map<String, String> overrides) {
    this(
        name,
        httpPort,
        httpsPort,
        overrides,
        Path.of(System.getProperty("gatehouse.it.configDir")),
        Path.of(System.getProperty("gatehouse.it.war")),
        null);
  }

  private LibertyServer(
      String name,
      int httpPort,
      int httpsPort,
      Map<String, String> overrides,
      Path configDir,
      Path war,
      String applicationReadyPath) {
    this.name = name;
    this.httpPort = httpPort;
    this.httpsPort = httpsPort;
    this.overrides = overrides;
    this.configDir = configDir;
    this.war = war;
    this.applicationReadyPath = applicationReadyPath;
  }

  /**
   * A server of this run for another application, not Gatehouse: named {@code
   * <it.server>-<suffix>}, on the shared ports plus {@code portOffset}, made from {@code
   * configDir}'s server.xml (and its jvm.options and server.env, when there) with {@code war} in
   * dropins, started with exactly the environment {@code env} (nothing of Gatehouse's); waits until
   * {@code readyPath} answers 200 (or, for {@link #SERVER_STARTED}, until the server started).
   * Stopped when the test JVM exits, or by {@link #stopNow()}.
   */
  public static LibertyServer startApplication(
      String suffix,
      int portOffset,
      Path configDir,
      Path war,
      Map<String, String> env,
      String readyPath) {
    LibertyServer s =
        new LibertyServer(
            System.getProperty("gatehouse.it.server") + "-" + suffix,
            Integer.getInteger("gatehouse.it.httpPort") + portOffset,
            Integer.getInteger("gatehouse.it.httpsPort") + portOffset,
            env,
            configDir,
            war,
            readyPath);
    return s.launch(readyPath);
  }

  /**
   * Another server of this run, next to the shared one: its own name, ports (the shared ports plus
   * {@code portOffset}), data and logs, with environment {@code overrides} applied over the shared
   * server's (a null value removes a variable). Stop it with {@link #stopNow()}.
   */
  public static LibertyServer startAnother(
      String suffix, int portOffset, Map<String, String> overrides) {
    return startAnother(suffix, portOffset, overrides, "/health/ready");
  }

  /**
   * As {@link #startAnother}, but waits only until the server is live: for a test of what keeps a
   * server unready.
   */
  public static LibertyServer startAnotherUntilLive(
      String suffix, int portOffset, Map<String, String> overrides) {
    return startAnother(suffix, portOffset, overrides, "/health/live");
  }

  private static LibertyServer startAnother(
      String suffix, int portOffset, Map<String, String> overrides, String untilUp) {
    LibertyServer s =
        new LibertyServer(
            System.getProperty("gatehouse.it.server") + "-" + suffix,
            Integer.getInteger("gatehouse.it.httpPort") + portOffset,
            Integer.getInteger("gatehouse.it.httpsPort") + portOffset,
            overrides);
    return s.launch(untilUp);
  }

  /** Creates this server fresh, starts it, waits for {@code untilUp}, and stops it at exit. */
  private LibertyServer launch(String untilUp) {
    try {
      createFresh();
      start(untilUp);
    } catch (IOException e) {
      throw new IllegalStateException("could not start Liberty server " + name, e);
    }
    Runtime.getRuntime().addShutdownHook(new Thread(this::stopQuietly));
    return this;
  }

  /**
   * A port offset for a server of a test's own that keeps both its ports below the ephemeral range
   * (32768 and up on Linux): {@code offset} when the shared ports allow it, else a place in
   * 28,000–28,999 chosen by {@code offset}. A client that keeps connecting to a port while its
   * server is down can get that very port as its own source port (a TCP self-connect), and the
   * server could not bind it when it starts again.
   */
  static int offsetBelowEphemeral(int offset) {
    int http = Integer.getInteger("gatehouse.it.httpPort");
    int https = Integer.getInteger("gatehouse.it.httpsPort");
    if (Math.max(http, https) + offset < 32768) {
      return offset;
    }
    return 28_000 + offset + Math.min(http, https) % 1000 - Math.min(http, https);
  }

  /** Stops this server (for servers from {@link #startAnother}). */
  public void stopNow() {
    stop();
  }

  /**
   * The server JVM's process: the pid in Liberty's pid file ({@code usr/servers/.pid/<name>.pid}),
   * checked to be a live process whose command line names this server, else a live process whose
   * command line has {@code ws-server.jar} and this server's name.
   */
  public Optional<ProcessHandle> process() throws IOException {
    Path pidFile = wlp.resolve("usr/servers/.pid").resolve(name + ".pid");
    if (Files.exists(pidFile)) {
      String text = Files.readString(pidFile, StandardCharsets.UTF_8).trim();
      if (text.matches("\\d+")) {
        Optional<ProcessHandle> p =
            ProcessHandle.of(Long.parseLong(text)).filter(this::isThisServersJvm);
        if (p.isPresent()) {
          return p;
        }
      }
    }
    return ProcessHandle.allProcesses().filter(this::isThisServersJvm).findFirst();
  }

  private boolean isThisServersJvm(ProcessHandle p) {
    List<String> args = p.info().arguments().map(List::of).orElse(List.of());
    return p.isAlive()
        && args.stream().anyMatch(a -> a.endsWith("ws-server.jar"))
        && args.contains(name);
  }

  /**
   * Kills the server JVM at once (SIGKILL: no shutdown hook, no graceful stop, nothing flushed) and
   * waits until it is gone; returns its pid. {@link #restart()} starts it again on the same data.
   */
  public long killNow() throws IOException {
    ProcessHandle p =
        process().orElseThrow(() -> new IOException("no running JVM for server " + name));
    p.destroyForcibly();
    try {
      p.onExit().get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IOException("server " + name + " (pid " + p.pid() + ") did not die", e);
    }
    return p.pid();
  }

  /** The one server of this test run, created fresh and started on first use. */
  public static synchronized LibertyServer shared() {
    if (shared == null) {
      LibertyServer s =
          new LibertyServer(
              System.getProperty("gatehouse.it.server"),
              Integer.getInteger("gatehouse.it.httpPort"),
              Integer.getInteger("gatehouse.it.httpsPort"),
              Map.of());
      try {
        s.createFresh();
        s.start();
      } catch (IOException e) {
        throw new IllegalStateException("could not start Liberty for the integration tests", e);
      }
      Runtime.getRuntime().addShutdownHook(new Thread(s::stopQuietly));
      shared = s;
    }
    return shared;
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + httpPort;
  }

  /** The HTTPS address (Liberty's self-signed certificate: trust it in the test only). */
  public String httpsBaseUrl() {
    return "https://127.0.0.1:" + httpsPort;
  }

  public String adminUser() {
    return adminUser;
  }

  public String adminPassword() {
    return adminPassword;
  }

  public Path serverDir() {
    return wlp.resolve("usr/servers").resolve(name);
  }

  /** Stops and starts the server again, keeping its data; waits until it is ready. */
  public synchronized void restart() throws IOException {
    stop();
    start();
  }

  /** What a test does to a server's data while it is stopped. */
  public interface WhileStopped {
    void run() throws Exception;
  }

  /**
   * Stops the server, runs {@code whileStopped} (e.g. edits its database, which embedded Derby
   * allows only then), starts it again on the same data and waits until it is live only: what was
   * done may keep it unready.
   */
  public synchronized void restartUntilLive(WhileStopped whileStopped) throws IOException {
    stop();
    try {
      whileStopped.run();
    } catch (Exception e) {
      throw new IOException("could not change server " + name + " while it was stopped", e);
    }
    start("/health/live");
  }

  /**
   * Stops the application alone, the server JVM running on: takes the WAR out of {@code dropins}
   * (Liberty's application monitor then stops and removes the application) and waits until Liberty
   * logs {@code CWWKZ0009I} for it. A later {@link #restart()} finds no application to start.
   */
  public void stopApplication(Duration timeout) throws IOException {
    Path deployed = serverDir().resolve("dropins/gatehouse.war");
    int stopsBefore = countInLog(APPLICATION_STOPPED);
    Files.move(
        deployed,
        serverDir().resolve("gatehouse.war.removed"),
        StandardCopyOption.REPLACE_EXISTING);
    long deadline = System.nanoTime() + timeout.toNanos();
    while (countInLog(APPLICATION_STOPPED) <= stopsBefore) {
      if (System.nanoTime() > deadline) {
        throw new IOException(
            "the application did not stop within " + timeout + ":\n" + messagesLog());
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException(e);
      }
    }
  }

  private static final String APPLICATION_STOPPED =
      "CWWKZ0009I: The application gatehouse has stopped successfully";

  private int countInLog(String text) throws IOException {
    String log = messagesLog();
    int n = 0;
    for (int i = log.indexOf(text); i >= 0; i = log.indexOf(text, i + text.length())) {
      n++;
    }
    return n;
  }

  /**
   * A thread dump of the running server JVM: {@code jcmd <pid> Thread.print} from the JDK that runs
   * the tests (the one the server was started with).
   */
  public String threadDump() throws IOException {
    return jcmd("Thread.print");
  }

  /**
   * Runs a diagnostic command in the running server JVM ({@code jcmd <pid> <command>}, e.g. {@code
   * GC.run}) with the JDK that runs the tests; returns its output.
   */
  public String jcmd(String command) throws IOException {
    ProcessHandle p =
        process().orElseThrow(() -> new IOException("no running JVM for server " + name));
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    Process run =
        new ProcessBuilder(jcmd.toString(), Long.toString(p.pid()), command)
            .redirectErrorStream(true)
            .start();
    byte[] out;
    try (var in = run.getInputStream()) {
      out = in.readAllBytes();
    }
    try {
      if (!run.waitFor(60, TimeUnit.SECONDS) || run.exitValue() != 0) {
        run.destroyForcibly();
        throw new IOException(
            "jcmd "
                + command
                + " failed for pid "
                + p.pid()
                + ":\n"
                + new String(out, StandardCharsets.UTF_8));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
    return new String(out, StandardCharsets.UTF_8);
  }

  /** All of the server's messages.log so far (this start's log). */
  public String messagesLog() throws IOException {
    Path log = serverDir().resolve("logs/messages.log");
    return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
  }

  /** The server's messages.log and those Liberty archived at earlier stops (messages_*.log). */
  public String allMessages() throws IOException {
    StringBuilder logs = new StringBuilder();
    try (Stream<Path> files = Files.list(serverDir().resolve("logs"))) {
      for (Path f : files.filter(f -> f.getFileName().toString().startsWith("messages")).toList()) {
        logs.append(Files.readString(f, StandardCharsets.UTF_8));
      }
    }
    return logs.toString();
  }

  private void createFresh() throws IOException {
    Path dir = serverDir();
    if (Files.exists(dir)) {
      run("stop"); // a server left running by an aborted earlier run
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
    Files.createDirectories(dir.resolve("dropins"));
    for (String f : new String[] {"server.xml", "jvm.options", "server.env"}) {
      if (applicationReadyPath != null
          && !f.equals("server.xml")
          && !Files.exists(configDir.resolve(f))) {
        continue; // another application's server may have a server.xml alone
      }
      Files.copy(configDir.resolve(f), dir.resolve(f), StandardCopyOption.REPLACE_EXISTING);
    }
    Files.writeString(
        dir.resolve("bootstrap.properties"),
        "http.port=" + httpPort + "\nhttps.port=" + httpsPort + "\n",
        StandardCharsets.UTF_8);
    if (applicationReadyPath != null) {
      Files.copy(
          war,
          dir.resolve("dropins").resolve(war.getFileName()),
          StandardCopyOption.REPLACE_EXISTING);
      overrides.forEach(
          (k, v) -> {
            if (v != null) {
              env.put(k, v);
            }
          });
      return;
    }
    Files.copy(war, dir.resolve("dropins/gatehouse.war"), StandardCopyOption.REPLACE_EXISTING);
    // The database comes from the environment, as in production: proves GATEHOUSE_DB_URL wins
    // over server.xml's embedded default (see DatabaseUrlIT). Embedded Derby in the server's own
    // directory, or (with -Dit.db.url, the postgres profile) a fresh database of its own in that
    // PostgreSQL, made below unless an override points the server elsewhere.
    env.put("GATEHOUSE_DB_URL", ownDatabaseUrl());
    if (!EXTERNAL_DB_URL.isEmpty()) {
      env.put("GATEHOUSE_DB_USER", DB_USER);
      env.put("GATEHOUSE_DB_PASSWORD", DB_PASSWORD);
    }
    // Providers from configuration (docs/configuration.md#providers-in-configuration), served by
    // the shared fake IdP: the MicroProfile
    // JWT keys make one in 'default', gatehouse.providers.* one in a workspace of its own.
    ItIdp idp = ItIdp.shared();
    env.put("MP_JWT_VERIFY_ISSUER", idp.issuer(MP_TENANT));
    env.put("MP_JWT_VERIFY_PUBLICKEY_LOCATION", idp.jwksUri(MP_TENANT));
    env.put("MP_JWT_VERIFY_AUDIENCES", MP_AUDIENCE);
    env.put("GATEHOUSE_MP_JWT_TYPE", "clerk");
    env.put(
        "GATEHOUSE_MP_JWT_CLAIM_MAPPINGS",
        "[{\"jwtPath\":\"metadata.plan\",\"attribute\":\"plan\",\"defaultValue\":\"free\"}]");
    env.put("GATEHOUSE_PROVIDERS_PARTNER_IDP_ISSUER", idp.issuer(PARTNER_TENANT));
    env.put("GATEHOUSE_PROVIDERS_PARTNER_IDP_WORKSPACE", PARTNER_WORKSPACE);
    // The tests call from loopback as if through a proxy: X-Forwarded-For is believed from it.
    env.put("GATEHOUSE_TRUSTED_PROXIES", "127.0.0.0/8");
    // The demo (issuer, workspace, annotated endpoints) and the token locations it is tested with.
    env.put("GATEHOUSE_DEMO_ENABLED", "true");
    env.put("MP_JWT_TOKEN_HEADER", "X-Access-Token");
    env.put("MP_JWT_TOKEN_COOKIE", "gh_token");
    // Short enough that a test can wait out the unknown-kid cool-down.
    env.put("GATEHOUSE_JWKS_REFRESH_COOLDOWN", "2");
    // Short enough that AdminSignInIT sees a burst's summary line of failed sign-ins.
    env.put("GATEHOUSE_ADMIN_SIGN_IN_LOG_INTERVAL", "5");
    overrides.forEach(
        (k, v) -> {
          if (v == null) {
            env.remove(k);
          } else {
            env.put(k, v);
          }
        });
    dbUrl = env.get("GATEHOUSE_DB_URL");
    if (!EXTERNAL_DB_URL.isEmpty() && ownDatabaseUrl().equals(dbUrl)) {
      recreateOwnDatabase();
    }
  }

  /** The fake IdP tenant behind the mp.jwt.verify.* provider. */
  public static final String MP_TENANT = "mp";

  /** The audience the mp.jwt.verify.* provider requires. */
  public static final String MP_AUDIENCE = "gatehouse-it";

  /** The fake IdP tenant behind gatehouse.providers.partner-idp.* (OIDC discovery). */
  public static final String PARTNER_TENANT = "partner";

  /** The workspace gatehouse.providers.partner-idp.workspace names (created at start). */
  public static final String PARTNER_WORKSPACE = "partners";

  /**
   * The external PostgreSQL of this run (-Dit.db.url: a database the IT user may connect to and
   * that user may create databases), or empty for embedded Derby per server.
   */
  public static final String EXTERNAL_DB_URL = System.getProperty("gatehouse.it.db.url", "").trim();

  private static final String DB_USER = System.getProperty("gatehouse.it.db.user", "gatehouse");
  private static final String DB_PASSWORD =
      System.getProperty("gatehouse.it.db.password", "gatehouse");
  private static final Pattern POSTGRES_URL =
      Pattern.compile("(jdbc:postgresql://[^/?]+/)([^?]*)(\\?.*)?");

  private String dbUrl;

  /**
   * The JDBC URL this server is given as GATEHOUSE_DB_URL: its own database unless an override
   * named another (e.g. {@code shared().databaseUrl()} to share the shared server's database).
   */
  public String databaseUrl() {
    return dbUrl != null ? dbUrl : ownDatabaseUrl();
  }

  /** Where this server's embedded Derby database lives (without -Dit.db.url). */
  public Path databaseDir() {
    return serverDir().resolve("data/it-db");
  }

  /**
   * A JDBC connection to this server's database as the IT user (PostgreSQL runs only: embedded
   * Derby belongs to the server's JVM while it runs).
   */
  public Connection openDatabase() throws SQLException {
    if (EXTERNAL_DB_URL.isEmpty()) {
      throw new IllegalStateException("embedded Derby can only be opened by the server itself");
    }
    return DriverManager.getConnection(databaseUrl(), DB_USER, DB_PASSWORD);
  }

  /** Work on a database connection that may throw SQLException. */
  public interface SqlWork {
    void run(Connection c) throws SQLException;
  }

  /**
   * Runs {@code work} on this STOPPED server's database, as a test writes what an older version or
   * a hand edit would have left there: its embedded Derby (as the server's user, whose schema holds
   * the tables; released again afterwards so that the server can boot it), or its PostgreSQL
   * database.
   */
  public void onStoppedDatabase(SqlWork work) throws SQLException {
    if (!EXTERNAL_DB_URL.isEmpty()) {
      try (Connection c = openDatabase()) {
        work.run(c);
      }
      return;
    }
    String url = "jdbc:derby:" + databaseDir();
    try (Connection c = DriverManager.getConnection(url, "gatehouse", "gatehouse")) {
      work.run(c);
    } finally {
      try {
        DriverManager.getConnection(url + ";shutdown=true").close();
      } catch (SQLException expected) {
        // Derby answers a shutdown with 08006: the files are released.
        if (!"08006".equals(expected.getSQLState())) {
          throw expected;
        }
      }
    }
  }

  /** This server's own database: Derby in its directory, or one named after it in PostgreSQL. */
  private String ownDatabaseUrl() {
    if (EXTERNAL_DB_URL.isEmpty()) {
      return "jdbc:derby:" + databaseDir() + ";create=true";
    }
    Matcher m = POSTGRES_URL.matcher(EXTERNAL_DB_URL);
    if (!m.matches()) {
      throw new IllegalStateException("-Dit.db.url must be jdbc:postgresql://host:port/database");
    }
    return m.group(1) + ownDatabaseName() + (m.group(3) == null ? "" : m.group(3));
  }

  /**
   * The PostgreSQL database named after this server (lower case, letters, digits and '_'), never
   * the run's own database (-Dit.db.url), which it is made from.
   */
  private String ownDatabaseName() {
    String db = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
    Matcher m = POSTGRES_URL.matcher(EXTERNAL_DB_URL);
    return m.matches() && m.group(2).equals(db) ? db + "_server" : db;
  }

  /** Drops this server's PostgreSQL database (left by an earlier run) and creates it empty. */
  private void recreateOwnDatabase() throws IOException {
    String db = ownDatabaseName();
    try (Connection c = DriverManager.getConnection(EXTERNAL_DB_URL, DB_USER, DB_PASSWORD);
        Statement s = c.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS \"" + db + "\" WITH (FORCE)");
      s.execute("CREATE DATABASE \"" + db + "\"");
    } catch (SQLException e) {
      throw new IOException("could not create database " + db + " at " + EXTERNAL_DB_URL, e);
    }
  }

  private void start() throws IOException {
    start(applicationReadyPath != null ? applicationReadyPath : "/health/ready");
  }

  private void start(String untilUp) throws IOException {
    int rc = run("start");
    if (rc != 0) {
      throw new IOException("server start " + name + " exited " + rc + "\n" + messagesLog());
    }
    if (untilUp.equals(SERVER_STARTED)) {
      waitForLog("CWWKF0011I", Duration.ofMinutes(5));
      return;
    }
    waitUntilUp(untilUp, Duration.ofMinutes(5));
    if (applicationReadyPath != null) {
      return; // not Gatehouse: no admin account
    }
    if (!untilUp.equals("/health/ready")) {
      // Live can come before the application has started (mpHealth then answers readiness
      // without the application's checks): wait for Liberty to say it started.
      waitForLog("CWWKZ0001I: Application gatehouse started", Duration.ofMinutes(2));
    }
    Matcher m = GENERATED_PASSWORD.matcher(messagesLog());
    if (m.find()) {
      adminUser = m.group(1);
      adminPassword = m.group(2);
    } else if (env.get("GATEHOUSE_ADMIN_PASSWORD") != null) {
      adminUser = env.getOrDefault("GATEHOUSE_ADMIN_USER", "admin");
      adminPassword = env.get("GATEHOUSE_ADMIN_PASSWORD");
    }
    if (adminPassword == null
        && shared != null
        && shared != this
        && shared.databaseUrl().equals(env.get("GATEHOUSE_DB_URL"))) {
      // A node sharing the shared server's database uses the account that server generated.
      adminUser = shared.adminUser;
      adminPassword = shared.adminPassword;
    }
    if (adminPassword == null) {
      throw new IOException("the server printed no generated admin password:\n" + messagesLog());
    }
  }

  private void stop() {
    try {
      run("stop");
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private void stopQuietly() {
    try {
      run("stop");
    } catch (IOException | RuntimeException e) {
      // The JVM is exiting; nothing more to do.
    }
  }

  private int run(String action) throws IOException {
    ProcessBuilder pb =
        new ProcessBuilder(wlp.resolve("bin/server").toString(), action, name)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD);
    pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
    pb.environment().putAll(env);
    Process p = pb.start();
    try {
      if (!p.waitFor(180, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException("server " + action + " took over 180 s");
      }
      return p.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  private void waitForLog(String text, Duration timeout) throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!messagesLog().contains(text)) {
      if (System.nanoTime() > deadline) {
        throw new IOException("the log did not say '" + text + "' within " + timeout);
      }
      try {
        Thread.sleep(250);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException(e);
      }
    }
  }

  private void waitUntilUp(String healthPath, Duration timeout) throws IOException {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    long deadline = System.nanoTime() + timeout.toNanos();
    String last = "no answer";
    while (System.nanoTime() < deadline) {
      try {
        HttpResponse<String> r =
            client.send(
                HttpRequest.newBuilder(URI.create(baseUrl() + healthPath))
                    .timeout(Duration.ofSeconds(5))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          return;
        }
        last = r.statusCode() + " " + r.body();
      } catch (IOException e) {
        last = e.toString();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException(e);
      }
      try {
        Thread.sleep(250);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException(e);
      }
    }
    throw new IOException(
        name
            + " was not up at "
            + healthPath
            + " within "
            + timeout
            + " ("
            + last
            + ")\n"
            + messagesLog());
  }
}
