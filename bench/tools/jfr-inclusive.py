#!/usr/bin/env python3
"""Inclusive CPU share per method (and per dev.gatehouse method) from a JFR recording's
execution samples: `jfr print --json --stack-depth 200 --events jdk.ExecutionSample F | jfr-inclusive.py`.
Also the allocation samples' weight by the first dev.gatehouse frame on their stacks."""
import json, sys, collections

doc = json.load(sys.stdin)
events = doc["recording"]["events"]
incl = collections.Counter(); ours = collections.Counter(); n = 0
alloc = collections.Counter(); alloc_total = 0
for e in events:
    st = e["values"].get("stackTrace")
    if not st:
        continue
    frames = [f["method"]["type"]["name"].replace("/", ".") + "." + f["method"]["name"] for f in st["frames"]]
    if e["type"] == "jdk.ExecutionSample":
        n += 1
        for m in set(frames):
            incl[m] += 1
    else:
        w = e["values"].get("weight", 0)
        alloc_total += w
        first = next((m for m in frames if m.startswith("dev.gatehouse")), "(not under dev.gatehouse)")
        alloc[first] += w
print(f"{n} execution samples; inclusive share (method on stack):")
for m, c in incl.most_common(400):
    if m.startswith("dev.gatehouse") or c >= n * 0.04:
        print(f"{100*c/n:6.1f}%  {m}")
if alloc_total:
    print("\nallocation weight by first dev.gatehouse frame:")
    for m, w in alloc.most_common(25):
        print(f"{100*w/alloc_total:6.1f}%  {m}")
