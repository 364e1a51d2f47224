#!/usr/bin/env python3
"""`health sql` computes what `health score` computes, account by account, in
every dialect, executed by an engine, on data read the way a user loads it.

- DuckDB (PyPI `duckdb`): the `duckdb` query over `read_csv('file')` as the
  docs show (types inferred: Yes/No as BOOLEAN, numbers as DOUBLE) and over
  `read_csv('file', all_varchar = true)`.
- PostgreSQL (Debian `postgresql`, a throwaway cluster): the `postgres` query
  over a table of TEXT columns filled by `\\copy … (FORMAT csv, HEADER true)`.
- Spark (PyPI `pyspark`, local mode, one session for every case): the `spark`
  query over `spark.read.csv` with `header` and `multiLine`, once reading every
  column as a string (Spark's default) and once with `inferSchema`.
- Snowflake and BigQuery: no engine runs here. Their queries are translated by
  sqlglot to DuckDB and executed over both DuckDB readings, and qualified by
  sqlglot against the table's schema, so an unknown column is caught. What this
  proves and what it cannot is in docs/health.md ("Running the query").

On the demo data, models whose names need quoting, a 260-signal model and a
messy export (tests/fixtures/health/messy-*: BOM, CRLF, quoted line breaks,
Yes/No and true/false columns, blanks as a space, categories not in the map),
every account's score and coverage (to 1e-9), tier, tier name, SLA, play and
drivers (names and points lost) must equal the CLI's. Each engine that cannot
run here says so (SKIP) and the run fails under CI=true. Usage:
equivalence.py PATH/TO/cs-scorecard [--only duckdb,postgres,spark,snowflake,bigquery]
"""

import csv
import glob
import io
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
import time

import duckdb
import sqlglot
from sqlglot.optimizer.qualify import qualify

BIN = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 and not sys.argv[1].startswith("--")
                      else "target/debug/cs-scorecard")
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ONLY = None
if "--only" in sys.argv:
    ONLY = set(sys.argv[sys.argv.index("--only") + 1].split(","))
CI = os.environ.get("CI", "") not in ("", "0", "false")
FIELDS = (["score", "tier", "tier_name", "sla", "play", "coverage", "status"]
          + [f"driver_{k}{s}" for k in (1, 2, 3) for s in ("", "_points_lost")])
NUMERIC = {"score", "coverage", "driver_1_points_lost", "driver_2_points_lost", "driver_3_points_lost"}
failures = 0
skipped = []
timings = {}


def wanted(engine):
    return ONLY is None or engine in ONLY


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
    rows = csv.DictReader(io.StringIO(cli("health", "score", model, accounts, "--format", "csv", "--quiet"),
                                      newline=""))
    return {r["account"]: {f: norm(f, r[f]) for f in FIELDS} for r in rows}


def query(model, dialect, table):
    return cli("health", "sql", model, "--dialect", dialect, "--table", table)


def compare(label, want, got):
    global failures
    bad = []
    if set(want) != set(got):
        only = sorted(set(want) ^ set(got))
        bad.append(f"accounts differ: {len(only)} only on one side, e.g. {only[:3]}")
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
        print(f"ok   {label}: {len(want)} accounts agree")


def rows_of(names, rows):
    got = {}
    for row in rows:
        r = dict(zip(names, row))
        got[r["account"]] = {f: norm(f, r[f]) for f in FIELDS}
    return got


def duck_reader(path, text):
    path = path.replace("'", "''")
    return f"read_csv('{path}', all_varchar = true)" if text else f"read_csv('{path}')"


def timed(engine, f):
    t = time.time()
    try:
        return f()
    finally:
        timings[engine] = timings.get(engine, 0.0) + time.time() - t


def duck(case):
    """The DuckDB query over read_csv, as the docs show, types inferred and all text."""
    for text in (False, True):
        q = query(case.model, "duckdb", duck_reader(case.accounts, text))
        cur = duckdb.connect().execute(q)
        how = "read_csv(all_varchar)" if text else "read_csv (types inferred)"
        compare(f"duckdb {duckdb.__version__} {how}: {case.label}", case.want,
                rows_of([d[0] for d in cur.description], cur.fetchall()))


SNOWFLAKE_PLAIN = __import__("re").compile(r"[a-z_][a-z0-9_]*")


def schema_for(dialect, types):
    """The table as the warehouse holds it, for sqlglot. Snowflake: a plain
    lower-case name was created unquoted (stored upper case, matched
    case-insensitively, as DDL and dbt make it); any other name quoted as in
    the CSV header. BigQuery: names are case-insensitive."""
    if dialect != "snowflake":
        return {"accounts": types}
    reserved = {"select", "account", "from", "table", "order", "group"}  # of src/health/sql.rs's list
    key = lambda c: c if SNOWFLAKE_PLAIN.fullmatch(c) and c not in reserved else '"' + c.replace('"', '""') + '"'
    return {"accounts": {key(c): t for c, t in types.items()}}


def translated(case, dialect):
    """The Snowflake or BigQuery query, qualified against the table's schema by
    sqlglot, translated to DuckDB and run over both DuckDB readings."""
    global failures
    q = query(case.model, dialect, "accounts")
    con = duckdb.connect()
    con.execute(f"CREATE TABLE accounts AS SELECT * FROM {duck_reader(case.accounts, False)}")
    types = {r[0]: r[1] for r in con.execute("DESCRIBE accounts").fetchall()}
    try:
        qualify(sqlglot.parse_one(q, read=dialect), schema=schema_for(dialect, types), dialect=dialect,
                validate_qualify_columns=True)
    except Exception as e:  # sqlglot raises OptimizeError on an unknown column
        failures += 1
        print(f"FAIL {dialect}: the query for {case.label} does not qualify against the table: {str(e)[:300]}")
        return
    duck_sql = sqlglot.transpile(q, read=dialect, write="duckdb")[0]
    for text in (False, True):
        con = duckdb.connect()
        con.execute(f"CREATE TABLE accounts AS SELECT * FROM {duck_reader(case.accounts, text)}")
        cur = con.execute(duck_sql)
        how = "all text" if text else "types inferred"
        compare(f"{dialect} → duckdb (sqlglot {sqlglot.__version__}), {how}: {case.label}", case.want,
                rows_of([d[0] for d in cur.description], cur.fetchall()))


def qualify_catches_an_unknown_column(tmp):
    """The schema check can fail: a model naming a column the table lacks."""
    global failures
    with open(os.path.join(ROOT, "tests/fixtures/health/model-small.toml")) as f:
        text = f.read().replace('column = "usage"', 'column = "usage_pct"')
    model = os.path.join(tmp, "unknown-column.toml")
    with open(model, "w") as f:
        f.write(text)
    small = os.path.join(ROOT, "tests/fixtures/health/accounts-small.csv")
    con = duckdb.connect()
    con.execute(f"CREATE TABLE accounts AS SELECT * FROM {duck_reader(small, False)}")
    types = {r[0]: r[1] for r in con.execute("DESCRIBE accounts").fetchall()}
    for dialect in ("snowflake", "bigquery"):
        q = query(model, dialect, "accounts")
        try:
            qualify(sqlglot.parse_one(q, read=dialect), schema=schema_for(dialect, types), dialect=dialect,
                    validate_qualify_columns=True)
        except Exception as e:
            print(f"ok   {dialect}: qualifying against the table's schema catches an unknown column ({str(e)[:60]}…)")
            continue
        failures += 1
        print(f"FAIL {dialect}: a query naming column usage_pct qualified against a table without it")


class Spark:
    """One local Spark session for every case (starting one takes ~20 s)."""

    def __init__(self):
        from pyspark.sql import SparkSession
        self.spark = (SparkSession.builder.master("local[2]").appName("cs-scorecard-equivalence")
                      .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false")
                      .config("spark.sql.shuffle.partitions", "4")
                      .getOrCreate())
        self.spark.sparkContext.setLogLevel("ERROR")
        import pyspark
        self.version = pyspark.__version__

    def run(self, case):
        for infer in (False, True):
            t = time.time()
            # RFC 4180 quoting ("" inside a quoted field) needs escape='"':
            # Spark's default escape is a backslash.
            df = (self.spark.read.option("header", True).option("multiLine", True).option("escape", '"')
                  .option("inferSchema", infer).csv(case.accounts))
            df.createOrReplaceTempView("accounts")
            q = query(case.model, "spark", "accounts").strip().rstrip(";")
            result = self.spark.sql(q)
            got = rows_of(result.columns, [tuple(r) for r in result.collect()])
            how = "inferSchema" if infer else "all strings"
            compare(f"spark {self.version} spark.read.csv ({how}, {time.time() - t:.1f} s): {case.label}",
                    case.want, got)

    def stop(self):
        self.spark.stop()


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Postgres:
    """A throwaway PostgreSQL cluster: each case's CSV into a table of TEXT
    columns with `\\copy` (as docs/health.md shows), then the query."""

    def __init__(self):
        bins = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
        self.ok = False
        if not bins:
            self.why = "no PostgreSQL server installed (apt-get install postgresql)"
            return
        self.bindir = os.path.dirname(bins[-1])
        self.tmp = tempfile.mkdtemp(prefix="cs-pg-")
        self.user, self.prefix = None, []
        if os.geteuid() == 0:
            try:
                self.user = pwd.getpwnam("postgres")
            except KeyError:
                self.why = "running as root and no `postgres` user to run the server as"
                return
            os.chown(self.tmp, self.user.pw_uid, self.user.pw_gid)
            self.prefix = ["runuser", "-u", "postgres", "--"]
        self.data, self.port = os.path.join(self.tmp, "data"), free_port()
        self.sh(f"{self.bindir}/initdb", "-D", self.data, "-A", "trust", "-U", "postgres", "--no-sync")
        r = self.sh(f"{self.bindir}/pg_ctl", "-D", self.data, "-l", os.path.join(self.tmp, "log"), "-w", "-o",
                    f"-k {self.tmp} -p {self.port} -c listen_addresses=''", "start", check=False)
        if r.returncode != 0:
            self.why = f"the server did not start: {r.stderr.strip() or r.stdout.strip()}"
            return
        self.ok = True
        self.version = self.sh(f"{self.bindir}/postgres", "--version").stdout.strip()

    def sh(self, *cmd, check=True):
        return subprocess.run(self.prefix + list(cmd), capture_output=True, text=True, check=check)

    def own(self, path):
        if self.user:
            os.chown(path, self.user.pw_uid, self.user.pw_gid)

    def run(self, case):
        global failures
        src = os.path.join(self.tmp, "a.csv")
        shutil.copy(case.accounts, src)
        self.own(src)
        with open(case.accounts, newline="", encoding="utf-8-sig") as f:
            header = next(csv.reader(f))
        ident = lambda c: '"' + c.replace('"', '""') + '"'
        columns = ", ".join(f"{ident(c)} TEXT" for c in header)
        q = query(case.model, "postgres", "accounts")
        script = (f"CREATE TABLE accounts ({columns});\n"
                  f"\\copy accounts FROM '{src}' WITH (FORMAT csv, HEADER true)\n"
                  f"COPY ({q.strip().rstrip(';')}) TO STDOUT WITH (FORMAT csv, HEADER true);\n"
                  "DROP TABLE accounts;\n")
        sf = os.path.join(self.tmp, "q.sql")
        with open(sf, "w") as f:
            f.write(script)
        self.own(sf)
        r = self.sh(f"{self.bindir}/psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", self.tmp, "-p",
                    str(self.port), "-U", "postgres", "-d", "postgres", "-f", sf, check=False)
        if r.returncode != 0:
            failures += 1
            print(f"FAIL postgres {case.label}: psql failed: {r.stderr[:2000]}")
            self.sh(f"{self.bindir}/psql", "-X", "-q", "-h", self.tmp, "-p", str(self.port), "-U", "postgres",
                    "-d", "postgres", "-c", "DROP TABLE IF EXISTS accounts", check=False)
            return
        rows = list(csv.reader(io.StringIO(r.stdout, newline="")))
        compare(f"{self.version} (text table, \\copy): {case.label}", case.want, rows_of(rows[0], rows[1:]))

    def stop(self):
        if self.ok or os.path.isdir(getattr(self, "data", "")):
            self.sh(f"{self.bindir}/pg_ctl", "-D", self.data, "-m", "immediate", "stop", check=False)
        shutil.rmtree(getattr(self, "tmp", ""), ignore_errors=True)


class Case:
    def __init__(self, label, model, accounts):
        self.label, self.model, self.accounts = label, model, accounts
        self.want = cli_scores(model, accounts)


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


def engine_missing(engine, why):
    skipped.append(engine)
    print(f"SKIP {engine}: {why}")


def main():
    tmp = tempfile.mkdtemp(prefix="cs-sql-")
    fixtures = os.path.join(ROOT, "tests/fixtures/health")
    try:
        cli("health", "demo", "--accounts", "20000", "--seed", "3", "--output", tmp, "--quiet")
        qm, qa = quoted_model(tmp)
        wm, wa = wide_model(tmp)
        cases = [
            Case("saas-health on 20000 demo accounts", "saas-health", os.path.join(tmp, "accounts-current.csv")),
            Case("small model", os.path.join(fixtures, "model-small.toml"), os.path.join(fixtures, "accounts-small.csv")),
            Case("columns named select and a\"b", qm, qa),
            Case("260 signals, each sum over two runs of terms", wm, wa),
            Case("messy export (BOM, CRLF, Yes/No, blanks as spaces, unmapped categories)",
                 os.path.join(fixtures, "messy-model.toml"), os.path.join(fixtures, "messy-accounts.csv")),
        ]
        if wanted("duckdb"):
            timed("duckdb", lambda: [duck(c) for c in cases])
        for dialect in ("snowflake", "bigquery"):
            if wanted(dialect):
                timed(dialect, lambda: [translated(c, dialect) for c in cases])
        if wanted("snowflake") or wanted("bigquery"):
            qualify_catches_an_unknown_column(tmp)
        if wanted("postgres"):
            def pg():
                server = Postgres()
                try:
                    if not server.ok:
                        engine_missing("postgres", server.why)
                        return
                    for c in cases:
                        server.run(c)
                finally:
                    server.stop()
            timed("postgres", pg)
        if wanted("spark"):
            def spark():
                try:
                    session = Spark()
                except Exception as e:  # pyspark missing, or no Java
                    engine_missing("spark", f"no local Spark session ({str(e).splitlines()[0][:200]}); "
                                            "pip install pyspark, with Java 17")
                    return
                try:
                    for c in cases:
                        try:
                            session.run(c)
                        except Exception as e:  # an engine error is a failed check, not a crash
                            global failures
                            failures += 1
                            print(f"FAIL spark {c.label}: {str(e).splitlines()[0][:500]}")
                finally:
                    session.stop()
            timed("spark", spark)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print("time per engine: " + ", ".join(f"{k} {v:.1f} s" for k, v in timings.items()))
    if skipped and CI:
        sys.exit(f"CI=true and {', '.join(skipped)} could not run: .ci/run installs every engine")
    if failures:
        sys.exit(f"{failures} check(s) failed")


if __name__ == "__main__":
    main()
