#!/usr/bin/env python3
"""Helpers of bench/heap.sh (stdlib only; loopback only; every request bounded in time).

  heap-load.py serve  --port P --dir D
      A tiny JWKS server on 127.0.0.1:P: GET /<name>/jwks.json answers D/<name>.json (404 when
      there is no such file). Stands for the identity providers.
  heap-load.py load   --base URL --workspaces W --providers N --policies M --jwks-base URL
                      --token-issuers I0,I1,... [--threads T] [--deadline S]
      Creates W workspaces (heap-00 ...), N providers (distinct issuers, spread round-robin over
      the workspaces; provider k < len(token-issuers) gets issuer I_k and sits in workspace k) and
      M policies (spread round-robin; a few rules each with conditions, varied resources and
      actions) through the admin API, T requests at a time. Admin password: $GATEHOUSE_ADMIN_PASSWORD.
  heap-load.py check  --base URL --tokens DIR0,DIR1,... --checks C --workspaces W --policies M
                      [--threads T] [--deadline S]
      C checks, round-robin over the tokens of DIR_k/tokens.txt (provider k, workspace k), each
      naming a resource and action of a policy of that workspace, with a context its conditions read.
  heap-load.py gclog  FILE        peak heap used / committed over a -Xlog:gc log (MiB)
  heap-load.py startlog FILE      start-up timings from a Liberty messages.log (ms)

load, check, gclog and startlog print shell assignments (KEY=value) for heap.sh.
"""
import argparse
import base64
import concurrent.futures
import http.client
import http.server
import json
import os
import random
import re
import shlex
import sys
import threading
import time
import urllib.parse

RESOURCES = ["orders", "invoices", "documents", "projects", "reports", "tickets", "accounts",
             "payments", "shipments", "contracts", "users", "teams", "files", "dashboards",
             "alerts", "subscriptions", "datasets", "pipelines", "secrets", "deployments"]
ACTIONS = ["read", "list", "create", "update", "delete", "approve", "export", "share", "archive"]
ROLES = ["admin", "manager", "member", "viewer", "auditor", "billing", "support", "owner"]
PLANS = ["free", "pro", "premium", "enterprise"]
DAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
TYPES = ["clerk", "auth0", "okta", "oidc"]


def out(**kv):
    for k, v in kv.items():
        print(f"{k}={shlex.quote(str(v))}")


# ------------------------------------------------------------------ what gets created
def workspace_name(w):
    return f"heap-{w:02d}"


def issuer(k, token_issuers):
    return token_issuers[k] if k < len(token_issuers) else f"https://idp-{k:04d}.heap.example"


def provider_body(k, token_issuers, jwks_base):
    t = TYPES[k % len(TYPES)] if k >= len(token_issuers) else "clerk"
    body = {
        "name": f"Identity provider {k:04d} ({t})",
        "providerType": t,
        "issuer": issuer(k, token_issuers),
        "jwksUri": f"{jwks_base}/{k:04d}/jwks.json",
        "claimMappings": [
            {"jwtPath": "org_role", "attribute": "role"},
            {"jwtPath": "metadata.plan", "attribute": "plan", "defaultValue": "free"},
        ],
    }
    if t == "clerk":
        body["authorizedParties"] = [f"https://app-{k:04d}.heap.example"]
    else:
        body["allowedAudiences"] = [f"api-{k:04d}"]
        body["claimMappings"].append({"jwtPath": "email", "attribute": "email"})
    if k % 5 == 0:
        body["claimMappings"].append({"jwtPath": "department", "attribute": "department"})
    return body


def policy_body(w, j):
    """Policy j of workspace w: deterministic, one of six shapes, 2-4 rules of 1-3 conditions."""
    r = random.Random(w * 1_000_003 + j)
    kind = j % 6
    resources = sorted({f"{r.choice(RESOURCES)}-{r.randrange(25)}" for _ in range(r.randint(1, 3))})
    actions = sorted({r.choice(ACTIONS) for _ in range(r.randint(1, 3))})
    limit = r.choice([1000, 5000, 10000, 50000])
    if kind == 0:
        rules = [
            {"rule_id": "manager-high-value", "effect": "Allow", "conditions": [
                {"function": "string_equal", "attribute": "ext_role", "value": "manager"},
                {"function": "integer_greater_than", "attribute": "request_metadata",
                 "metadata_key": "amount", "value": limit}]},
            {"rule_id": "anyone-low-value", "effect": "Allow", "conditions": [
                {"function": "integer_less_equal", "attribute": "request_metadata",
                 "metadata_key": "amount", "value": limit}]},
        ]
    elif kind == 1:
        rules = [
            {"rule_id": "roles", "effect": "Allow", "conditions": [
                {"function": "string_one_of", "attribute": "ext_role",
                 "values": r.sample(ROLES, 3)}]},
            {"rule_id": "blocked-networks", "effect": "Deny", "conditions": [
                {"function": "ip_in_cidr", "attribute": "ip_address",
                 "values": [f"10.{r.randrange(256)}.0.0/16", f"192.0.2.{r.randrange(256)}",
                            "2001:db8::/32"]}]},
            {"rule_id": "org-admins", "effect": "Allow", "conditions": [
                {"function": "string_equal", "attribute": "ext_org_role", "value": "org:admin"}]},
        ]
    elif kind == 2:
        rules = [
            {"rule_id": "owner", "effect": "Allow", "conditions": [
                {"function": "string_equal", "attribute": "request_metadata",
                 "metadata_key": "resource.owner", "value_attribute": "external_subject"}]},
            {"rule_id": "same-org-editor", "effect": "Allow", "conditions": [
                {"function": "string_equal", "attribute": "request_metadata",
                 "metadata_key": "resource.org", "value_attribute": "ext_org_id"},
                {"function": "string_one_of", "attribute": "ext_org_role",
                 "values": ["org:admin", "org:editor", "org:manager"]}]},
            {"rule_id": "archived", "effect": "Deny", "conditions": [
                {"function": "boolean_equal", "attribute": "request_metadata",
                 "metadata_key": "resource.archived", "value": True}]},
        ]
    elif kind == 3:
        start = r.randrange(6, 10)
        rules = [
            {"rule_id": "business-hours", "effect": "Allow", "conditions": [
                {"function": "time_between", "attribute": "current_time",
                 "values": [f"{start:02d}:00", f"{start + 9:02d}:30"]},
                {"function": "day_of_week_one_of", "attribute": "day_of_week",
                 "values": DAYS[:5]},
                {"function": "attribute_present", "attribute": "external_subject"}]},
            {"rule_id": "on-call", "effect": "Allow", "conditions": [
                {"function": "list_contains", "attribute": "request_metadata",
                 "metadata_key": "groups", "value": "on-call"}]},
        ]
    elif kind == 4:
        plan = r.choice(PLANS[1:])
        rules = [
            {"rule_id": f"{plan}-plan", "effect": "Allow", "conditions": [
                {"function": "string_equal", "attribute": "ext_plan", "value": plan}]},
            {"rule_id": "trial", "effect": "Allow", "conditions": [
                {"function": "integer_less_than", "attribute": "request_metadata",
                 "metadata_key": "trialDaysUsed", "value": 14},
                {"function": "string_not_equal", "attribute": "ext_plan", "value": "free"}]},
            {"rule_id": "suspended", "effect": "Deny", "conditions": [
                {"function": "string_starts_with", "attribute": "external_subject",
                 "value": "suspended_"}]},
        ]
    else:
        rules = [
            {"rule_id": "signed-in", "effect": "Allow", "conditions": [
                {"function": "attribute_present", "attribute": "external_subject"},
                {"function": "string_not_one_of", "attribute": "ext_role", "values": ["viewer"]}]},
            {"rule_id": "service-accounts", "effect": "Deny", "conditions": [
                {"function": "string_ends_with", "attribute": "external_subject", "value": "@svc"},
                {"function": "string_contains", "attribute": "request_metadata",
                 "metadata_key": "path", "value": "/admin/"}]},
            {"rule_id": "no-org", "effect": "Deny", "conditions": [
                {"function": "attribute_absent", "attribute": "ext_org_id"}]},
            {"rule_id": "big-exports", "effect": "Deny", "conditions": [
                {"function": "integer_greater_equal", "attribute": "request_metadata",
                 "metadata_key": "rows", "value": 1_000_000}]},
        ]
    names = ["order_limits", "role_access", "ownership", "business_hours", "plan_features",
             "baseline"]
    return {
        "name": f"{names[kind]}_{j:05d}",
        "description": f"Generated by bench/heap.sh: shape {names[kind]}, policy {j} of workspace {w}.",
        "resources": resources,
        "actions": actions,
        "specification": {"rules": rules,
                          "default": {"effect": "Deny" if r.random() < 0.9 else "Allow"}},
    }


def policies_of(w, workspaces, total):
    """The body of every policy that lands in workspace w (as `load` made them)."""
    return [policy_body(w, j) for j in range(w, total, workspaces)]


# ------------------------------------------------------------------ HTTP
class Client:
    """One keep-alive connection per thread."""

    def __init__(self, base, auth=None):
        u = urllib.parse.urlsplit(base)
        self.host, self.port = u.hostname, u.port
        self.headers = {"Content-Type": "application/json", "Accept": "application/json"}
        if auth:
            self.headers["Authorization"] = "Basic " + base64.b64encode(auth.encode()).decode()
        self.local = threading.local()

    def request(self, method, path, body=None):
        for attempt in (1, 2):
            conn = getattr(self.local, "conn", None)
            if conn is None:
                conn = self.local.conn = http.client.HTTPConnection(self.host, self.port, timeout=60)
            try:
                conn.request(method, path, None if body is None else json.dumps(body).encode(),
                             self.headers)
                resp = conn.getresponse()
                data = resp.read()
                return resp.status, data
            except (http.client.HTTPException, ConnectionError) as e:
                conn.close()
                self.local.conn = None
                if attempt == 2:
                    raise RuntimeError(f"{method} {path}: {e}") from e
        raise AssertionError


def run_all(fn, items, threads, deadline, what):
    """fn(item) for every item, `threads` at a time; fails on the first error or past the deadline."""
    t0 = time.monotonic()
    done = 0
    with concurrent.futures.ThreadPoolExecutor(threads) as pool:
        futures = [pool.submit(fn, i) for i in items]
        try:
            for f in concurrent.futures.as_completed(futures, timeout=max(1, deadline - time.monotonic())):
                f.result()
                done += 1
                if done % 1000 == 0:
                    print(f"[heap-load] {what}: {done}/{len(items)} ({time.monotonic() - t0:.0f} s)",
                          file=sys.stderr)
        except BaseException:
            for f in futures:
                f.cancel()
            raise
    return time.monotonic() - t0


def cmd_load(a):
    password = os.environ["GATEHOUSE_ADMIN_PASSWORD"]
    c = Client(a.base, "admin:" + password)
    deadline = time.monotonic() + a.deadline
    token_issuers = [i for i in a.token_issuers.split(",") if i]

    def post(path, body):
        status, data = c.request("POST", path, body)
        if status != 201:
            raise RuntimeError(f"POST {path} answered {status}: {data[:500]!r}")

    t_ws = run_all(lambda w: post("/api/v1/admin/workspaces",
                                  {"name": workspace_name(w),
                                   "description": f"bench/heap.sh workspace {w}"}),
                   range(a.workspaces), a.threads, deadline, "workspaces")
    t_prov = run_all(lambda k: post(f"/api/v1/admin/workspaces/{workspace_name(k % a.workspaces)}/providers",
                                    provider_body(k, token_issuers, a.jwks_base)),
                     range(a.providers), a.threads, deadline, "providers")
    t_pol = run_all(lambda j: post(f"/api/v1/admin/workspaces/{workspace_name(j % a.workspaces)}/policies",
                                   policy_body(j % a.workspaces, j)),
                    range(a.policies), a.threads, deadline, "policies")
    # What the server now holds, read back through the admin API (every page).
    counted_prov = counted_pol = 0
    for w in range(a.workspaces):
        for kind in ("providers", "policies"):
            cursor = None
            while True:
                q = "?limit=500" + (f"&cursor={cursor}" if cursor else "")
                status, data = c.request("GET", f"/api/v1/admin/workspaces/{workspace_name(w)}/{kind}{q}")
                if status != 200:
                    raise RuntimeError(f"GET {kind} answered {status}: {data[:300]!r}")
                page = json.loads(data)
                n = len(page["data"])
                if kind == "providers":
                    counted_prov += n
                else:
                    counted_pol += n
                cursor = page.get("nextCursor")
                if not cursor:
                    break
    out(LOAD_WS_S=f"{t_ws:.1f}", LOAD_PROVIDERS_S=f"{t_prov:.1f}", LOAD_POLICIES_S=f"{t_pol:.1f}",
        LOAD_PROVIDERS_RATE=f"{a.providers / t_prov:.0f}", LOAD_POLICIES_RATE=f"{a.policies / t_pol:.0f}",
        COUNTED_PROVIDERS=counted_prov, COUNTED_POLICIES=counted_pol)


def cmd_check(a):
    c = Client(a.base)
    deadline = time.monotonic() + a.deadline
    dirs = [d for d in a.tokens.split(",") if d]
    tokens = []
    for k, d in enumerate(dirs):
        with open(os.path.join(d, "tokens.txt")) as f:
            tokens.append([t.strip() for t in f if t.strip()])
    plans = {k: policies_of(k % a.workspaces, a.workspaces, a.policies) for k in range(len(dirs))}
    counts = {}
    lock = threading.Lock()

    def one(i):
        k = i % len(dirs)
        toks = tokens[k]
        token = toks[(i // len(dirs)) % len(toks)]
        r = random.Random(i)
        p = r.choice(plans[k])
        sub = f"user_{(i // len(dirs)) % len(toks)}"
        body = {
            "token": token,
            "resource": r.choice(p["resources"]),
            "action": r.choice(p["actions"]),
            "context": {
                "amount": r.randrange(0, 100_000),
                "resource": {"owner": sub if r.random() < 0.5 else "someone-else",
                             "org": "org_bench", "archived": r.random() < 0.1},
                "groups": r.sample(["on-call", "dev", "ops", "sales"], 2),
                "trialDaysUsed": r.randrange(30),
                "rows": r.choice([10, 5000, 2_000_000]),
                "path": r.choice(["/api/items", "/admin/users"]),
            },
            "ipAddress": f"10.{r.randrange(256)}.{r.randrange(256)}.{r.randrange(1, 255)}",
        }
        status, data = c.request("POST", f"/api/v1/workspaces/{workspace_name(k % a.workspaces)}/authorization/check", body)
        if status != 200:
            raise RuntimeError(f"check answered {status}: {data[:300]!r}")
        d = json.loads(data)["data"]
        key = "allowed" if d["allowed"] else ("no_policy" if d["reason"] == "no_applicable_policy" else "denied")
        with lock:
            counts[key] = counts.get(key, 0) + 1

    t = run_all(one, range(a.checks), a.threads, deadline, "checks")
    out(CHECK_S=f"{t:.1f}", CHECK_RATE=f"{a.checks / t:.0f}", CHECK_ALLOWED=counts.get("allowed", 0),
        CHECK_DENIED=counts.get("denied", 0), CHECK_NO_POLICY=counts.get("no_policy", 0),
        CHECK_TOKENS=sum(min(len(t), (a.checks + len(dirs) - 1) // len(dirs)) for t in tokens))


def cmd_serve(a):
    root = os.path.abspath(a.dir)

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            m = re.fullmatch(r"/([A-Za-z0-9_-]+)/jwks\.json", self.path)
            f = os.path.join(root, m.group(1) + ".json") if m else None
            if not f or not os.path.isfile(f):
                self.send_error(404)
                return
            with open(f, "rb") as fh:
                data = fh.read()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args):
            pass

    http.server.ThreadingHTTPServer(("127.0.0.1", a.port), Handler).serve_forever()


UNIT = {"K": 1 / 1024, "M": 1, "G": 1024}


def cmd_gclog(a):
    peak_used = peak_committed = 0.0
    events = fulls = 0
    pause = re.compile(r"Pause (\w+).*? (\d+)([KMG])->(\d+)([KMG])\((\d+)([KMG])\)")
    with open(a.file) as f:
        for line in f:
            m = pause.search(line)
            if not m:
                continue
            events += 1
            fulls += m.group(1) == "Full"
            before = int(m.group(2)) * UNIT[m.group(3)]
            committed = int(m.group(6)) * UNIT[m.group(7)]
            peak_used = max(peak_used, before)
            peak_committed = max(peak_committed, committed)
    out(GC_PEAK_USED_MB=f"{peak_used:.0f}", GC_PEAK_COMMITTED_MB=f"{peak_committed:.0f}",
        GC_PAUSES=events, GC_FULL=fulls)


def cmd_startlog(a):
    stamp = re.compile(r"^\[(\d+)/(\d+)/(\d+),? (\d+):(\d+):(\d+):(\d+) [^\]]*\]")
    marks = {
        "launched": r"CWWKE0001I",
        "schema": r"Gatehouse database schema is up to date",
        "admin": r"Gatehouse admin API: user",
        "providers": r"Gatehouse trusts \d+ provider",
        "policies": r"Gatehouse loaded \d+ policies",
        "app": r"CWWKZ0001I",
        "ready": r"CWWKF0011I",
    }
    t = {}
    extra = {}
    with open(a.file, errors="replace") as f:
        for line in f:
            m = stamp.match(line)
            if not m:
                continue
            mo, d, y, hh, mi, ss, ms = map(int, m.groups())
            ms_of_day = ((hh * 60 + mi) * 60 + ss) * 1000 + ms + d * 86_400_000
            if re.search(marks["launched"], line):  # a later start in the same file: its own marks
                t.clear()
                extra.clear()
            for k, pat in marks.items():
                if k not in t and re.search(pat, line):
                    t[k] = ms_of_day
                    if k == "app":
                        x = re.search(r"started in ([0-9.]+) seconds", line)
                        extra["APP_STARTED_S"] = x.group(1) if x else "?"
                    if k == "policies":
                        extra["LOG_POLICIES"] = re.search(r"loaded (\d+) policies", line).group(1)
                    if k == "providers":
                        extra["LOG_PROVIDERS"] = re.search(r"trusts (\d+) provider", line).group(1)

    def span(a_, b_):
        return t[b_] - t[a_] if a_ in t and b_ in t else "?"

    out(START_PROVIDERS_MS=span("admin", "providers"), START_POLICIES_MS=span("providers", "policies"),
        START_LAUNCH_TO_READY_MS=span("launched", "ready"), START_LAUNCH_TO_APP_MS=span("launched", "app"),
        **extra)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("serve")
    s.add_argument("--port", type=int, required=True)
    s.add_argument("--dir", required=True)
    s = sub.add_parser("load")
    s.add_argument("--base", required=True)
    s.add_argument("--workspaces", type=int, default=20)
    s.add_argument("--providers", type=int, default=1000)
    s.add_argument("--policies", type=int, default=10000)
    s.add_argument("--jwks-base", required=True)
    s.add_argument("--token-issuers", default="")
    s.add_argument("--threads", type=int, default=4)
    s.add_argument("--deadline", type=float, default=1800)
    s = sub.add_parser("check")
    s.add_argument("--base", required=True)
    s.add_argument("--tokens", required=True)
    s.add_argument("--checks", type=int, default=20000)
    s.add_argument("--workspaces", type=int, default=20)
    s.add_argument("--policies", type=int, default=10000)
    s.add_argument("--threads", type=int, default=4)
    s.add_argument("--deadline", type=float, default=900)
    s = sub.add_parser("gclog")
    s.add_argument("file")
    s = sub.add_parser("startlog")
    s.add_argument("file")
    a = p.parse_args()
    {"serve": cmd_serve, "load": cmd_load, "check": cmd_check, "gclog": cmd_gclog,
     "startlog": cmd_startlog}[a.cmd](a)


if __name__ == "__main__":
    main()
