#!/usr/bin/env python3
"""Accessibility test of every HTML page cs-scorecard writes: each page below is
written by the binary, opened in headless Chromium, and checked with axe-core's
WCAG 2.0 and 2.1 level A and AA rules (injected through Selenium). Any
violation fails, printed with the rule, its impact and the elements it found.

To cover a new page, add a line to PAGES: a name and the command that writes
it (`{work}` is a scratch directory holding the data SETUP makes).

Usage: tests/browser/axe_test.py BIN [--screenshots DIR]
Needs: chromium, chromium-driver (Debian), selenium (PyPI), and axe-core from
npm (`npm ci` in tests/browser; .ci/run does it when it is missing).
"""
import argparse, glob, json, os, subprocess, sys, tempfile

import chromium

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.dirname(os.path.dirname(here))
AXE = os.path.join(here, "node_modules", "axe-core", "axe.min.js")
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
FRAMEWORKS = sorted(os.path.basename(p)[:-5] for p in glob.glob(os.path.join(root, "frameworks", "*.toml")))

# Data the pages are made from, written into {work} first.
SETUP = [
    ["health", "demo", "--accounts", "400", "--output", "{work}/demo"],
    ["metrics", "demo", "--accounts", "400", "--output", "{work}/metrics"],
    ["health", "demo", "--accounts", "400", "--months", "8", "--plays", "--output", "{work}/plays"],
]

# Shows every page of the questionnaire (one section shows at a time), so
# that every question is checked, not only the first page's.
REVEAL_FORM = "document.querySelectorAll('section.page').forEach(function (p) { p.classList.remove('hidden'); });"

# (name, command writing the page to standard output, script to run before the check)
PAGES = (
    [(f"score {fw}", ["score", f"examples/{fw}.toml", "--format", "html"], None) for fw in FRAMEWORKS]
    + [(f"form {fw}", ["form", fw, "--output", "-"], REVEAL_FORM) for fw in FRAMEWORKS]
    # A band held down by a cap, and a provisional score with its possible range.
    + [
        ("score capped", ["score", "tests/fixtures/eleven-pillars-capped.toml", "--format", "html"], None),
        ("score provisional", ["score", "tests/fixtures/cx63-mostly-unknown.toml", "--format", "html"], None),
    ]
    # compare has no HTML format (table, json, markdown).
    + [
        ("team", ["team", "tests/fixtures/team", "--by", "role", "--min-group", "2", "--format", "html"], None),
        ("team cx63", ["team", "{work}/cx63-team", "--format", "html"], None),
        ("trend", ["trend", "tests/fixtures/trend/2026-q1.toml", "tests/fixtures/trend/2026-q2",
                   "tests/fixtures/trend/2026-q3.toml", "--format", "html"], None),
        ("benchmark", ["benchmark", "tests/fixtures/mini-answers.toml", "--cohort", "tests/fixtures/team",
                       "--format", "html"], None),
        ("benchmark cx63", ["benchmark", "examples/cx63.toml", "--cohort", "{work}/cx63-team",
                            "--format", "html"], None),
        ("metrics", ["metrics", "--ledger", "{work}/metrics/ledger.csv", "--surveys", "{work}/metrics/surveys.csv",
                     "--milestones", "{work}/metrics/milestones.csv", "--costs", "{work}/metrics/costs.csv",
                     "--answers", "examples/certinia.toml", "--format", "html"], None),
        ("metrics fixture", ["metrics", "--ledger", "tests/fixtures/metrics/ledger.csv",
                             "--surveys", "tests/fixtures/metrics/surveys.csv",
                             "--answers", "tests/fixtures/metrics/certinia-answers.toml", "--format", "html"], None),
        ("health score", ["health", "score", "saas-health", "{work}/demo/accounts-current.csv",
                          "--format", "html"], None),
        ("health movement", ["health", "movement", "saas-health", "{work}/demo/accounts-previous.csv",
                             "{work}/demo/accounts-current.csv", "--format", "html"], None),
        ("health calibrate", ["health", "calibrate", "saas-health", "{work}/demo/accounts-previous.csv",
                              "--outcomes", "{work}/demo/outcomes.csv", "--format", "html"], None),
        ("health plays", ["health", "plays", "saas-health", "{work}/plays/snapshots", "--plays",
                          "{work}/plays/plays.csv", "--outcomes", "{work}/plays/outcomes.csv",
                          "--format", "html"], None),
    ]
)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("bin")
    p.add_argument("--screenshots")
    p.add_argument("--only", help="check only the pages whose name contains this")
    args = p.parse_args()
    bin_ = os.path.abspath(args.bin)
    if not os.path.exists(AXE):
        sys.exit(f"{AXE} is missing: run `npm ci` in {here}")
    axe = open(AXE, encoding="utf-8").read()
    work = tempfile.mkdtemp(prefix="cs-axe-")
    env = dict(os.environ, NO_COLOR="1", SOURCE_DATE_EPOCH="1764547200")

    def run(cmd):
        cmd = [c.replace("{work}", work) for c in cmd]
        r = subprocess.run([bin_, *cmd], capture_output=True, cwd=root, env=env)
        if r.returncode != 0:
            sys.exit(f"cs-scorecard {' '.join(cmd)} failed ({r.returncode}): {r.stderr.decode(errors='replace')}")
        return r.stdout

    for cmd in SETUP:
        run(cmd)
    team_dir = os.path.join(work, "cx63-team")
    os.makedirs(team_dir)
    example = open(os.path.join(root, "examples", "cx63.toml"), encoding="utf-8").read()
    for i, (name, role) in enumerate([("Ana", "CSM"), ("Ben", "CSM"), ("Caro", "VP"), ("Dev", "VP"), ("Eli", "CSM")]):
        text = example.replace("Ada Lovelace", name).replace("VP Customer Success", role)
        # Vary the answers so that the team disagrees somewhere.
        if i % 2:
            text = text.replace('= "yes"', '= "no"', 3)
        open(os.path.join(team_dir, f"{name.lower()}.toml"), "w", encoding="utf-8").write(text)

    driver = chromium.start(work)
    driver.set_script_timeout(120)
    failures = []
    checked = 0
    try:
        for name, cmd, reveal in PAGES:
            if args.only and args.only not in name:
                continue
            page = os.path.join(work, name.replace(" ", "-") + ".html")
            with open(page, "wb") as f:
                f.write(run(cmd))
            driver.get("file://" + page)
            if reveal:
                driver.execute_script(reveal)
            driver.execute_script(axe)
            result = driver.execute_async_script(
                "var done = arguments[arguments.length - 1];"
                "axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}, resultTypes: ['violations']})"
                ".then(function (r) { done({violations: r.violations, passes: r.passes.length}); })"
                ".catch(function (e) { done({error: String(e)}); });",
                TAGS)
            if args.screenshots:
                os.makedirs(args.screenshots, exist_ok=True)
                driver.save_screenshot(os.path.join(args.screenshots, name.replace(" ", "-") + ".png"))
            checked += 1
            if "error" in result:
                failures.append(name)
                print(f"FAIL {name}: axe did not run: {result['error']}", flush=True)
                continue
            violations = result["violations"]
            if not violations:
                print(f"ok   {name}: no WCAG 2.1 A/AA violation ({result['passes']} rules pass)", flush=True)
                continue
            failures.append(name)
            count = sum(len(v["nodes"]) for v in violations)
            print(f"FAIL {name}: {count} element(s) break {len(violations)} rule(s)", flush=True)
            for v in violations:
                print(f"     {v['id']} ({v['impact']}, {len(v['nodes'])}): {v['help']}", flush=True)
                for node in v["nodes"][:3]:
                    print(f"       {' '.join(node['target'])}: {node['failureSummary'].splitlines()[-1].strip()}",
                          flush=True)
    finally:
        driver.quit()
    if checked == 0:
        sys.exit("no page checked")
    print(f"{checked} page(s) checked, {len(failures)} failing" + (f": {', '.join(failures)}" if failures else ""))
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
