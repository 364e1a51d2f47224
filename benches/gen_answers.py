#!/usr/bin/env python3
"""Writes N random but valid answers files for a framework (for the team,
trend and benchmark benchmarks and demos).

Usage: gen_answers.py BIN FRAMEWORK N OUTDIR [--seed S] [--json] [--roles a,b,c]
Reads the framework with `BIN show FRAMEWORK --format json`; respects `when`
conditions, ranges and exclusive options, so `score` accepts every file.
"""
import argparse, json, os, random, subprocess

p = argparse.ArgumentParser()
p.add_argument("bin"); p.add_argument("framework"); p.add_argument("n", type=int); p.add_argument("outdir")
p.add_argument("--seed", type=int, default=1)
p.add_argument("--json", action="store_true", help="write .json instead of .toml")
p.add_argument("--roles", default="VP,Manager,CSM,CSM,CSM")
p.add_argument("--bias", type=float, default=0.5, help="0..1: how mature the answers lean")
p.add_argument("--date", help="every respondent's date (default: spread over 2026)")
a = p.parse_args()
rng = random.Random(a.seed)
fw = json.loads(subprocess.check_output([a.bin, "show", a.framework, "--format", "json"]))
roles = a.roles.split(",")
os.makedirs(a.outdir, exist_ok=True)

def pick_index(n, bias):
    # A triangular draw leaning towards `bias` on 0..n-1.
    return min(n - 1, max(0, int(rng.triangular(0, n, bias * n))))

def answer(q, bias):
    k = q["kind"]
    if rng.random() < 0.05:
        return None
    if k == "yes_no_idk":
        r = rng.random()
        return "idk" if r < 0.08 else ("yes" if r < 0.08 + bias else "no")
    opts = [o["id"] for o in q.get("options", [])]
    if k in ("level", "single"):
        return opts[pick_index(len(opts), bias)]
    if k == "multi":
        exclusive = [o["id"] for o in q["options"] if o.get("exclusive")]
        if exclusive and rng.random() < 0.1:
            return [exclusive[0]]
        return [o for o in opts if o not in exclusive and rng.random() < bias]
    if k == "number":
        lo = q.get("min_value"); hi = q.get("max_value")
        lo = 0 if lo is None else lo
        hi = lo + 200 if hi is None else hi
        return rng.randint(int(lo), int(hi))
    if k == "text":
        return "someone@example.com" if "mail" in q["text"].lower() else "text"
    return None

for i in range(a.n):
    bias = min(0.95, max(0.05, rng.gauss(a.bias, 0.15)))
    answers, given = {}, {}
    for s in fw["sections"]:
        for q in s["questions"]:
            w = q.get("when")
            if w:
                v = given.get(w["question"])
                want = w["is"] if isinstance(w["is"], list) else [w["is"]]
                if v is None or not (v in want if isinstance(v, str) else any(x in want for x in v)):
                    continue
            v = answer(q, bias)
            if v is not None:
                answers[q["id"]] = v
                given[q["id"]] = v
    doc = {"framework": fw["id"], "framework_version": fw["version"],
           "respondent": {"name": f"Respondent {i:05d}", "role": roles[i % len(roles)],
                          "date": a.date or f"2026-{(i % 4) * 3 + 1:02d}-15"},
           "answers": answers}
    if a.json:
        with open(os.path.join(a.outdir, f"r{i:05d}.json"), "w") as f:
            json.dump(doc, f)
    else:
        def tv(v):
            if isinstance(v, list):
                return "[" + ", ".join(json.dumps(x) for x in v) + "]"
            return json.dumps(v)
        lines = [f'framework = "{fw["id"]}"', f'framework_version = "{fw["version"]}"', "", "[respondent]"]
        lines += [f"{k} = {json.dumps(v)}" for k, v in doc["respondent"].items()]
        lines += ["", "[answers]"] + [f"{json.dumps(k)} = {tv(v)}" for k, v in answers.items()]
        with open(os.path.join(a.outdir, f"r{i:05d}.toml"), "w") as f:
            f.write("\n".join(lines) + "\n")
