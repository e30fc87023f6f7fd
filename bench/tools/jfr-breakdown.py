#!/usr/bin/env python3
"""Where the server's CPU and allocation go, by part of the request path, from a JFR recording:
`jfr print --json --stack-depth 200 --events jdk.ExecutionSample,jdk.ObjectAllocationSample,
jdk.GarbageCollection,jdk.CPULoad F | jfr-breakdown.py`.

Each execution (or allocation) sample is put in ONE bucket: the stack is walked from the leaf
towards the root and the first frame that names a part decides (so a HashMap.get inside
CheckMetrics is "our metrics", and Liberty code that calls into Gatehouse is not "Liberty").
JDK frames (java., jdk., sun.) and JSON-P internals name no part: they belong to their caller.
Our JSON helpers (dev.gatehouse.json) belong to the caller too, except that under CheckResource
they are the body's reading (Json, JsonValues) or the answer's writing (JsonText).
Samples of the audit writer thread (any stack through JdbcDecisionStore or Derby) are bucketed
apart. Shares compare parts within one recording; samples are taken only from threads running
Java, so GC and JIT work is shown by the GC events instead."""
import collections
import json
import re
import sys

# (bucket, predicate on "package.Class.method")
PARTS = [
    ("audit context text (contextFor, JsonText.bounded)",
     lambda m: m.startswith("dev.gatehouse.audit.DecisionLog.contextFor")
     or m.startswith("dev.gatehouse.json.JsonText.bounded")),
    ("audit record build + queue", lambda m: m.startswith("dev.gatehouse.audit.")),
    ("our metrics (CheckMetrics)", lambda m: m.startswith("dev.gatehouse.metrics.")),
    ("MP Metrics runtime", lambda m: m.startswith(("io.smallrye.metrics", "io.openliberty.microprofile.metrics",
                                                    "com.ibm.ws.microprofile.metrics", "io.micrometer"))),
    ("token verify / cache", lambda m: m.startswith("dev.gatehouse.token.")),
    ("policy engine", lambda m: m.startswith("dev.gatehouse.policy.")),
    ("body read (JsonBodyReader, CheckRequest)",
     lambda m: m.startswith(("dev.gatehouse.web.JsonBodyReader", "dev.gatehouse.check.CheckRequest"))),
    ("CheckService (rest)", lambda m: m.startswith("dev.gatehouse.check.")),
    ("answer building (DecisionJson)",
     lambda m: m.startswith(("dev.gatehouse.web.DecisionJson", "dev.gatehouse.web.PrincipalJson"))),
    ("our filters", lambda m: re.match(r"dev\.gatehouse\.web\.\w+Filter\.", m) is not None),
    ("CheckResource (rest)", lambda m: m.startswith("dev.gatehouse.web.CheckResource")),
    ("other Gatehouse", lambda m: m.startswith("dev.gatehouse.") and not m.startswith("dev.gatehouse.json.")),
    ("CDI (Weld) proxies/interceptors", lambda m: m.startswith("org.jboss.weld") or "$Proxy$_$$_Weld" in m),
    ("answer writing (JAX-RS writer)",
     lambda m: m.startswith(("org.jboss.resteasy.core.ServerResponseWriter",
                             "org.jboss.resteasy.plugins.providers.StringTextStar"))),
    ("JAX-RS (RESTEasy)", lambda m: m.startswith("org.jboss.resteasy")),
    ("Liberty HTTP / servlet / channel", lambda m: m.startswith(("com.ibm.", "io.openliberty."))),
]
NEUTRAL = ("java.", "jdk.", "sun.", "org.eclipse.parsson", "jakarta.", "com.sun.")


def frames_of(event):
    st = event["values"].get("stackTrace")
    if not st:
        return None
    return [(f["method"]["type"]["name"].replace("/", ".") + "." + f["method"]["name"]) for f in st["frames"]]


def bucket(frames, thread):
    if any(m.startswith(("dev.gatehouse.audit.JdbcDecisionStore", "org.apache.derby")) for m in frames):
        if not any(m.startswith("dev.gatehouse.check.CheckService") for m in frames):
            return "audit writer thread (JDBC, Derby)"
    json_seen = None
    for m in frames:  # leaf first
        if m.startswith("dev.gatehouse.json."):
            json_seen = json_seen or m
            continue
        if m.startswith(NEUTRAL):
            continue
        if json_seen and m.startswith("dev.gatehouse.web.CheckResource"):
            return ("answer building (DecisionJson)" if ".JsonText." in json_seen
                    else "body read (JsonBodyReader, CheckRequest)")
        for name, test in PARTS:
            if test(m):
                return name
        return "other (" + ".".join(m.split(".")[:3]) + ")"
    return "JDK only (" + (thread or "?") + ")"


def seconds(iso):
    m = re.match(r"PT(?:(\d+)M)?([\d.]+)S", iso or "")
    return 0.0 if not m else int(m.group(1) or 0) * 60 + float(m.group(2))


doc = json.load(sys.stdin)
cpu = collections.Counter(); alloc = collections.Counter(); sites = collections.Counter()
n = 0; alloc_total = 0
gc = []; loads = []
for e in doc["recording"]["events"]:
    t = e["type"]; v = e["values"]
    if t == "jdk.GarbageCollection":
        gc.append((seconds(v.get("sumOfPauses")), seconds(v.get("longestPause")), v.get("name")))
        continue
    if t == "jdk.CPULoad":
        loads.append((v["jvmUser"] + v["jvmSystem"], v["machineTotal"]))
        continue
    frames = frames_of(e)
    if not frames:
        continue
    thread = (v.get("sampledThread") or v.get("eventThread") or {}).get("javaName")
    b = bucket(frames, thread)
    if t == "jdk.ExecutionSample":
        n += 1
        cpu[b] += 1
    elif t == "jdk.ObjectAllocationSample":
        w = v.get("weight", 0)
        alloc_total += w
        alloc[b] += w
        cls = (v.get("objectClass") or {}).get("name", "?").replace("/", ".")
        first = next((m for m in frames if not m.startswith(NEUTRAL)), frames[0])
        sites[(b, first, cls)] += w

print(f"\n== CPU by part of the path ({n} execution samples, each in one part)")
for b, c in cpu.most_common():
    print(f"{100 * c / max(n, 1):6.1f}%  {b}")
if alloc_total:
    print(f"\n== allocation by part ({alloc_total / 2**20:.0f} MiB sampled weight)")
    for b, w in alloc.most_common():
        print(f"{100 * w / alloc_total:6.1f}%  {b}")
    print("\n== top allocation sites (part | first non-JDK frame | class)")
    for (b, f, cls), w in sites.most_common(25):
        print(f"{100 * w / alloc_total:6.1f}%  {b} | {f} | {cls}")
if gc:
    pauses = sorted(p for p, _, _ in gc)
    print(f"\n== GC: {len(gc)} collections, pauses total {sum(pauses) * 1000:.0f} ms, "
          f"p50 {pauses[len(pauses) // 2] * 1000:.1f} ms, max {max(l for _, l, _ in gc) * 1000:.1f} ms, "
          f"kinds {dict(collections.Counter(k for _, _, k in gc))}")
busy = [(j, m) for j, m in loads if m > 0]
if busy:
    print(f"== CPU load: JVM {100 * sum(j for j, _ in busy) / len(busy):.0f}% of the machine, "
          f"machine {100 * sum(m for _, m in busy) / len(busy):.0f}% (mean of {len(busy)} one-second samples)")
