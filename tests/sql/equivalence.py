#!/usr/bin/env python3
"""`health sql` computes what `health score` computes, account by account.

Runs the DuckDB dialect in DuckDB (PyPI `duckdb`) and the Postgres dialect in a
throwaway PostgreSQL cluster (Debian `postgresql`; skipped with a message when no
server can be started), on demo data and on a model whose column names need
quoting, and compares every account's score and coverage (to 1e-9), tier and
drivers with the CLI's. The Snowflake, BigQuery and Spark dialects are parsed
with `sqlglot`. Usage: equivalence.py PATH/TO/cs-scorecard
"""

import csv
import glob
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile

import duckdb
import sqlglot

BIN = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else "target/debug/cs-scorecard")
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FIELDS = ["score", "tier", "coverage"] + [f"driver_{k}{s}" for k in (1, 2, 3) for s in ("", "_points_lost")]
NUMERIC = {"score", "coverage", "driver_1_points_lost", "driver_2_points_lost", "driver_3_points_lost"}
failures = 0


def cli(*args):
    env = dict(os.environ, NO_COLOR="1")
    env.pop("RUST_BACKTRACE", None)
    r = subprocess.run([BIN, *args], capture_output=True, text=True, cwd=ROOT, env=env)
    if r.returncode != 0:
        sys.exit(f"cs-scorecard {' '.join(args)} failed ({r.returncode}):\n{r.stderr}")
    return r.stdout


def norm(field, v):
    if v is None or v == "":
        return None
    return float(v) if field in NUMERIC else str(v)


def cli_scores(model, accounts):
    rows = csv.DictReader(cli("health", "score", model, accounts, "--format", "csv").splitlines())
    return {r["account"]: {f: norm(f, r[f]) for f in FIELDS} for r in rows}


def compare(label, want, got):
    global failures
    bad = []
    if set(want) != set(got):
        bad.append(f"accounts differ: {len(set(want) ^ set(got))} only on one side")
    for acct, w in want.items():
        g = got.get(acct)
        if g is None:
            continue
        for f in FIELDS:
            a, b = w[f], g[f]
            same = (a is None and b is None) or (
                a is not None and b is not None and (abs(a - b) <= 1e-9 if f in NUMERIC else a == b)
            )
            if not same:
                bad.append(f"{acct} {f}: cs-scorecard {a!r}, SQL {b!r}")
    if bad:
        failures += 1
        print(f"FAIL {label}: {len(bad)} differences, first ones:")
        for b in bad[:10]:
            print("   ", b)
    else:
        print(f"ok   {label}: {len(want)} accounts agree (score, coverage to 1e-9; tier; drivers)")


def duck(model, accounts, label):
    q = cli("health", "sql", model, "--dialect", "duckdb", "--table", f"read_csv('{accounts}')")
    con = duckdb.connect()
    cur = con.execute(q)
    names = [d[0] for d in cur.description]
    got = {}
    for row in cur.fetchall():
        r = dict(zip(names, row))
        got[r["account"]] = {f: norm(f, r[f]) for f in FIELDS}
    compare(f"duckdb {duckdb.__version__} {label}", cli_scores(model, accounts), got)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def postgres(model, accounts, label, columns_sql):
    bins = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if not bins:
        print(f"SKIP postgres {label}: no PostgreSQL server installed (apt-get install postgresql)")
        return
    bindir = os.path.dirname(bins[-1])
    tmp = tempfile.mkdtemp(prefix="cs-pg-")
    user = None
    prefix = []
    if os.geteuid() == 0:
        try:
            user = pwd.getpwnam("postgres")
        except KeyError:
            print(f"SKIP postgres {label}: running as root and no `postgres` user to run the server as")
            return
        os.chown(tmp, user.pw_uid, user.pw_gid)
        prefix = ["runuser", "-u", "postgres", "--"]
    data, port = os.path.join(tmp, "data"), free_port()

    def run(*cmd, check=True, **kw):
        return subprocess.run(prefix + list(cmd), capture_output=True, text=True, check=check, **kw)

    try:
        run(f"{bindir}/initdb", "-D", data, "-A", "trust", "-U", "postgres", "--no-sync")
        r = run(f"{bindir}/pg_ctl", "-D", data, "-l", os.path.join(tmp, "log"), "-w", "-o",
                f"-k {tmp} -p {port} -c listen_addresses=''", "start", check=False)
        if r.returncode != 0:
            print(f"SKIP postgres {label}: the server did not start: {r.stderr.strip() or r.stdout.strip()}")
            return
        shutil.copy(os.path.join(ROOT, accounts) if not os.path.isabs(accounts) else accounts, os.path.join(tmp, "a.csv"))
        if user:
            os.chown(os.path.join(tmp, "a.csv"), user.pw_uid, user.pw_gid)
        q = cli("health", "sql", model, "--dialect", "postgres", "--table", "accounts")
        script = (f"CREATE TABLE accounts ({columns_sql});\n"
                  f"\\copy accounts FROM '{tmp}/a.csv' WITH (FORMAT csv, HEADER true, NULL '')\n"
                  f"COPY ({q.strip().rstrip(';')}) TO STDOUT WITH (FORMAT csv, HEADER true);\n")
        sf = os.path.join(tmp, "q.sql")
        with open(sf, "w") as f:
            f.write(script)
        if user:
            os.chown(sf, user.pw_uid, user.pw_gid)
        r = run(f"{bindir}/psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", tmp, "-p", str(port), "-U", "postgres",
                "-d", "postgres", "-f", sf, check=False)
        if r.returncode != 0:
            global failures
            failures += 1
            print(f"FAIL postgres {label}: psql failed: {r.stderr[:2000]}")
            return
        rows = csv.DictReader(r.stdout.splitlines())
        got = {row["account"]: {f: norm(f, row[f]) for f in FIELDS} for row in rows}
        ver = run(f"{bindir}/postgres", "--version").stdout.strip()
        compare(f"{ver} {label}", cli_scores(model, accounts), got)
    finally:
        run(f"{bindir}/pg_ctl", "-D", data, "-m", "immediate", "stop", check=False)
        shutil.rmtree(tmp, ignore_errors=True)


def quoted_model(tmp):
    """The small model with columns named `select` and `a"b` and a quote in a category value."""
    with open(os.path.join(ROOT, "tests/fixtures/health/model-small.toml")) as f:
        text = f.read()
    text = text.replace('column = "usage"', 'column = "select"').replace('column = "mood"', "column = 'a\"b'")
    text = text.replace("map = { good = 100, bad = 0 }", "map = { good = 100, \"it's bad\" = 0 }")
    model = os.path.join(tmp, "quoted.toml")
    with open(model, "w") as f:
        f.write(text)
    src = os.path.join(ROOT, "tests/fixtures/health/accounts-small.csv")
    with open(src) as f:
        body = f.read().replace("usage,mood", 'select,"a""b"').replace(",bad", ",it's bad")
    accounts = os.path.join(tmp, "quoted.csv")
    with open(accounts, "w") as f:
        f.write(body)
    return model, accounts


def wide_model(tmp, n=260):
    """A model of `n` signals (more than one run of the sums' terms, 200) with
    ties among the drivers' losses, and 40 accounts of them."""
    m = ['[model]\nid = "wide"\ntitle = "Wide"\nversion = "1"\ndescription = "many signals"\n'
         '[columns]\naccount = "id"\n']
    for i in range(n):
        m.append(f'[[signals]]\nid = "s{i}"\ntitle = "S{i}"\ncolumn = "s{i}"\nweight = {1 + i % 3}\n'
                 f'normalise = "range"\nbetter = "higher"\nmin = 0\nmax = 10\n'
                 + ('missing = "neutral"\n' if i % 5 == 0 else ""))
    m.append('[[tiers]]\nid = "low"\nname = "Low"\nmin = 0\nsla = "now"\nplay = "call"\n'
             '[[tiers]]\nid = "high"\nname = "High"\nmin = 50\nsla = "later"\nplay = "grow"\n')
    model = os.path.join(tmp, "wide.toml")
    with open(model, "w") as f:
        f.write("".join(m))
    accounts = os.path.join(tmp, "wide.csv")
    with open(accounts, "w") as f:
        f.write("id," + ",".join(f"s{i}" for i in range(n)) + "\n")
        for r in range(40):
            cells = ["" if (i * 13 + r) % 17 == 0 else str((i * 7 + r * 3) % 11) for i in range(n)]
            f.write(f"w{r}," + ",".join(cells) + "\n")
    return model, accounts


def main():
    tmp = tempfile.mkdtemp(prefix="cs-sql-")
    try:
        cli("health", "demo", "--accounts", "20000", "--seed", "3", "--output", tmp)
        demo = os.path.join(tmp, "accounts-current.csv")
        duck("saas-health", demo, "saas-health on 20000 demo accounts")
        small = "tests/fixtures/health/model-small.toml"
        duck(small, os.path.join(ROOT, "tests/fixtures/health/accounts-small.csv"), "small model")
        qm, qa = quoted_model(tmp)
        duck(qm, qa, "columns named select and a\"b")
        wm, wa = wide_model(tmp)
        duck(wm, wa, "260 signals, each sum over two runs of terms")
        num = "DOUBLE PRECISION"
        demo_cols = ", ".join(
            f"{c} {'TEXT' if c in ('account_id', 'snapshot_date', 'segment', 'plan', 'sentiment') else num}"
            for c in open(demo).readline().strip().split(","))
        postgres("saas-health", demo, "saas-health on 20000 demo accounts", demo_cols)
        postgres(qm, qa, "columns named select and a\"b",
                 f'id TEXT, seg TEXT, arr {num}, date TEXT, "select" {num}, "a""b" TEXT')
        postgres(wm, wa, "260 signals, each sum over two runs of terms",
                 "id TEXT, " + ", ".join(f"s{i} {num}" for i in range(260)))
        for dialect, read in [("duckdb", "duckdb"), ("postgres", "postgres"), ("snowflake", "snowflake"),
                              ("bigquery", "bigquery"), ("spark", "spark")]:
            for model in ("saas-health", qm):
                q = cli("health", "sql", model, "--dialect", dialect, "--table", "analytics.accounts")
                try:
                    sqlglot.parse_one(q, read=read)
                except sqlglot.errors.ParseError as e:
                    global failures
                    failures += 1
                    print(f"FAIL {dialect}: sqlglot cannot parse the query for {model}: {str(e)[:500]}")
                    continue
            print(f"ok   {dialect}: sqlglot {sqlglot.__version__} parses the queries")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    if failures:
        sys.exit(f"{failures} check(s) failed")


if __name__ == "__main__":
    main()
