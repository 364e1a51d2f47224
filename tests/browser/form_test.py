#!/usr/bin/env python3
"""Browser test of `cs-scorecard form`: for every shipped framework, fill in the
HTML questionnaire in headless Chromium with the framework's first example,
download the answers, and check that `cs-scorecard score` gives the example's
declared total. Also checks validation messages, autosave across a reload and
loading an answers file back in.

Usage: tests/browser/form_test.py BIN [--screenshots DIR]
Needs: chromium, chromium-driver (Debian), selenium (PyPI).
"""
import argparse, glob, json, os, subprocess, sys, tempfile, time, tomllib

from selenium.webdriver.common.by import By

import chromium

p = argparse.ArgumentParser()
p.add_argument("bin")
p.add_argument("--screenshots")
args = p.parse_args()
root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
bin_ = os.path.abspath(args.bin)
work = tempfile.mkdtemp(prefix="cs-form-")
downloads = os.path.join(work, "downloads")
os.makedirs(downloads)

driver = chromium.start(work, size="1100,1400", downloads=downloads)
failures = []


def check(ok, what):
    print(("ok   " if ok else "FAIL ") + what, flush=True)
    if not ok:
        failures.append(what)


def run(*a):
    return subprocess.run([bin_, *a], capture_output=True, text=True, cwd=root)


def q(name, value=None):
    sel = f'#answers input[name={json.dumps(name)}]'
    if value is not None:
        sel += f'[value={json.dumps(value)}]'
    return driver.find_elements(By.CSS_SELECTOR, sel)


def click(el):
    """Clicks like a user: scrolled to the middle, clear of the sticky toolbar."""
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", el)
    el.click()


def goto_section(index):
    driver.find_element(By.CSS_SELECTOR, f'#steps button[data-page="{index + 1}"]').click()


def wait_download(before):
    """The new .json file in the download directory, once Chromium has finished writing it."""
    for _ in range(100):
        now = set(os.listdir(downloads)) - before
        done = [f for f in now if f.endswith(".json")]
        if done and not any(f.endswith(".crdownload") or f.startswith(".") for f in now):
            return os.path.join(downloads, done[0])
        time.sleep(0.1)
    return None


def qq_from(source, qid):
    return next((qq.get("respondent") for s in source["sections"] for qq in s["questions"] if qq["id"] == qid), None)


def fill(fw, answers):
    """Sets each example answer through the page's own controls, in framework order."""
    skipped = []
    for si, section in enumerate(fw["sections"]):
        goto_section(si)
        for question in section["questions"]:
            qid = question["id"]
            if qid not in answers:
                continue
            value = answers[qid]
            els = q(qid)
            if not els or not els[0].find_element(By.XPATH, "ancestor::fieldset").is_displayed():
                skipped.append(qid)
                continue
            kind = question["kind"]
            if kind in ("yes_no_idk", "level", "single"):
                click(q(qid, value)[0])
            elif kind == "multi":
                for e in els:
                    if e.is_selected() != (e.get_attribute("value") in value):
                        click(e)
            else:
                driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", els[0])
                els[0].clear()
                els[0].send_keys(str(value))
    return skipped


frameworks = sorted(glob.glob(os.path.join(root, "frameworks", "*.toml")))
check(len(frameworks) >= 5, f"{len(frameworks)} shipped frameworks found")
for path in frameworks:
    with open(path, "rb") as f:
        source = tomllib.load(f)
    fid = source["id"]
    shown = json.loads(run("show", fid, "--format", "json").stdout)
    html = os.path.join(work, f"{fid}.html")
    r = run("form", fid, "--output", html)
    check(r.returncode == 0, f"{fid}: form written ({r.stderr.strip()[:80]})")
    example = source["examples"][0]
    driver.get("file://" + html)
    driver.find_element(By.ID, "r-name").send_keys(f"Browser Test {fid}")
    driver.find_element(By.ID, "r-role").send_keys("CSM")
    skipped = fill(shown, example["answers"])
    if args.screenshots:
        os.makedirs(args.screenshots, exist_ok=True)
        driver.save_screenshot(os.path.join(args.screenshots, f"form-{fid}.png"))
    before = set(os.listdir(downloads))
    driver.find_element(By.ID, "download").click()
    got = wait_download(before)
    check(got is not None, f"{fid}: answers downloaded")
    if got is None:
        continue
    with open(got) as f:
        data = json.load(f)
    check(data["framework"] == fid and data["framework_version"] == shown["version"],
          f"{fid}: download names framework {data['framework']} {data.get('framework_version')}")
    check(data["respondent"].get("name") == f"Browser Test {fid}", f"{fid}: respondent name kept")
    r = run("score", got, "--format", "json")
    check(r.returncode == 0, f"{fid}: score accepts the download unchanged {r.stderr.strip()[:200]}")
    if r.returncode == 0:
        total = json.loads(r.stdout)["total"]["score"]
        check(abs(total - example["score"]) < 1e-9,
              f"{fid}: total {total} = example {example['name']}'s {example['score']}"
              + (f" (not shown on the page: {', '.join(skipped)})" if skipped else ""))
    # Autosave: a reload restores the answers from the browser's storage.
    # Questions filled from a respondent field count as answered, as in the interview.
    filled = {qq["id"] for s in source["sections"] for qq in s["questions"] if qq.get("respondent")}
    counted = len(data["answers"])
    # Wait until the storage holds every answer (as a person pauses before
    # reloading), so the reload tests the restore, not a race with the browser
    # committing its storage.
    for _ in range(50):
        saved = driver.execute_script(
            "return window.localStorage.getItem('cs-scorecard:' + arguments[0] + ':' + arguments[1])",
            shown["id"], shown["version"]) or "null"
        if len((json.loads(saved) or {}).get("answers", {})) == counted:
            break
        time.sleep(0.1)
    driver.refresh()
    for _ in range(50):  # wait for the page's script, not a fixed time
        progress = driver.find_element(By.ID, "progress-text").text
        if progress.startswith(f"{counted} of"):
            break
        time.sleep(0.1)
    check(progress.startswith(f"{counted} of"), f"{fid}: reload restores answers ({progress})")
    if filled:
        check(all(data["answers"].get(k) == f"Browser Test {fid}" for k in filled if qq_from(source, k) == "name"),
              f"{fid}: {', '.join(sorted(filled))} filled from the respondent")
    driver.execute_script("window.localStorage.clear()")

# Validation as in the CLI, on CSPI: an e-mail, a range, an exclusive option.
driver.get("file://" + os.path.join(work, "cspi.html"))
shown = json.loads(run("show", "cspi", "--format", "json").stdout)
sec = {qq["id"]: i for i, s in enumerate(shown["sections"]) for qq in s["questions"]}
goto_section(sec["q3"])
q("q3")[0].send_keys("ada@example")
err = driver.find_element(By.CSS_SELECTOR, "#answers fieldset.invalid .error").text
check("e-mail" in err, f"cspi: bad e-mail flagged next to the field ({err})")
q("q11")[0].send_keys("140")
errors = [e.text for e in driver.find_elements(By.CSS_SELECTOR, "#answers fieldset.invalid .error")]
check(any("Out of range: expected a number from 0 to 100, found 140" in e for e in errors), f"cspi: range flagged ({errors})")
q("q8")[0].send_keys("250.5")
errors = [e.text for e in driver.find_elements(By.CSS_SELECTOR, "#answers fieldset.invalid .error")]
check(any(e.startswith("Not a whole number") and "found 250.5" in e for e in errors), f"cspi: whole number flagged ({errors})")
before = set(os.listdir(downloads))
driver.find_element(By.ID, "download").click()
time.sleep(0.5)
check(set(os.listdir(downloads)) == before, "cspi: no download while a field is invalid")
status = driver.find_element(By.ID, "status").text
check(status == "Fix the 3 answers marked in red before downloading: “Your e-mail address”, "
      "“Your Number of Customers” and “Your customer retention rate (choose 0 for unknown)”.",
      f"cspi: the status names the questions to fix by their text ({status})")
isolated = [b.text for b in driver.find_elements(By.CSS_SELECTOR, "#status bdi")]
check(len(isolated) == 3 and isolated[0] == "Your e-mail address", f"cspi: each question text isolated in <bdi> ({isolated})")
q("q3")[0].clear(); q("q3")[0].send_keys("ada@example.com")
q("q11")[0].clear(); q("q11")[0].send_keys("90")
q("q8")[0].clear(); q("q8")[0].send_keys("250")
goto_section(sec["q23"])
click(q("q23", "none")[0])
click(q("q23", "all-csms")[0])
err = [e.text for e in driver.find_elements(By.CSS_SELECTOR, "#answers fieldset.invalid .error")]
check(any("excludes the others" in e for e in err), f"cspi: exclusive option flagged ({err})")
isolated = [b.text for b in driver.find_elements(By.CSS_SELECTOR, "#answers fieldset.invalid .error bdi")]
check("We don't have standardized customer success processes" in isolated,
      f"cspi: the option's label is isolated in <bdi> in the message ({isolated})")
if args.screenshots:
    driver.save_screenshot(os.path.join(args.screenshots, "form-cspi-invalid.png"))

# A fresh form: the questions counted as `list` and `show` count them, and
# an empty answers file is never downloaded.
driver.execute_script("window.localStorage.clear()")
driver.get("file://" + os.path.join(work, "cx63.html"))
meta = driver.find_element(By.CSS_SELECTOR, "header .meta").text
check(meta.startswith("33 questions (30 scored; 1 follow-up, asked only after some answers)"),
      f"cx63: the header counts the questions as show does ({meta})")
listed = json.loads(run("list", "--format", "json").stdout)
cx = next(f for f in listed if f["id"] == "cx63")
check((cx["questions"], cx["scored"], cx["follow_ups"]) == (33, 30, 1), f"cx63: list counts 33, 30 scored, 1 follow-up ({cx})")
progress = driver.find_element(By.ID, "progress-text").text
check(progress == "0 of 33 answered", f"cx63: before any answer, every question may be asked ({progress})")
before = set(os.listdir(downloads))
driver.find_element(By.ID, "download").click()
time.sleep(0.5)
check(set(os.listdir(downloads)) == before, "cx63: an empty form downloads nothing")
status = driver.find_element(By.ID, "status").text
check(status == "Nothing to download yet: answer at least one question first (an answers file with no answers scores nothing).",
      f"cx63: the status says why ({status})")
shown63 = json.loads(run("show", "cx63", "--format", "json").stdout)
sec63 = {qq["id"]: i for i, s in enumerate(shown63["sections"]) for qq in s["questions"]}
goto_section(sec63["activation.onboarding-mode"])
click(q("activation.onboarding-mode", "self-guided")[0])
progress = driver.find_element(By.ID, "progress-text").text
check(progress == "1 of 32 answered", f"cx63: self-guided rules its follow-up out ({progress})")
click(q("activation.onboarding-mode", "supported")[0])
progress = driver.find_element(By.ID, "progress-text").text
check(progress == "1 of 33 answered", f"cx63: supported asks it ({progress})")
driver.execute_script("window.localStorage.clear()")

# Loading an answers file back in: the TOML example `run` writes.
driver.get("file://" + os.path.join(work, "cx63.html"))
driver.find_element(By.ID, "load-file").send_keys(os.path.join(root, "examples", "cx63.toml"))
time.sleep(0.5)
status = driver.find_element(By.ID, "status").text
check(status.startswith("Loaded") and "cx63.toml" in status, f"cx63: TOML answers loaded ({status})")
isolated = [b.text for b in driver.find_elements(By.CSS_SELECTOR, "#status bdi")]
check(isolated == ["cx63.toml"], f"cx63: the file name is isolated in <bdi> in the status ({isolated})")
check(driver.find_element(By.ID, "r-name").get_attribute("value") == "Ada Lovelace", "cx63: respondent loaded")
before = set(os.listdir(downloads))
driver.find_element(By.ID, "download").click()
got = wait_download(before)
want = json.loads(run("score", "examples/cx63.toml", "--format", "json").stdout)["total"]["score"]
r = run("score", got, "--format", "json") if got else None
total = json.loads(r.stdout)["total"]["score"] if r and r.returncode == 0 else None
check(total == want, f"cx63: loaded then downloaded answers score {total} like the original {want}")

# "Not applicable" with a reason, where the framework allows it (CX63: two questions).
driver.execute_script("window.localStorage.clear()")
driver.get("file://" + os.path.join(work, "cx63.html"))
shown = json.loads(run("show", "cx63", "--format", "json").stdout)
sec = {qq["id"]: i for i, s in enumerate(shown["sections"]) for qq in s["questions"]}
index = {qq["id"]: n for n, qq in enumerate(qq for s in shown["sections"] for qq in s["questions"])}
na_boxes = driver.find_elements(By.CSS_SELECTOR, "input.na-toggle")
check(sorted(int(b.get_attribute("data-na")) for b in na_boxes)
      == sorted([index["renewals.multi-year-incentives"], index["feedback.lead-handoff"]]),
      f"cx63: not applicable offered on the two questions the framework allows ({len(na_boxes)})")
driver.find_element(By.ID, "load-file").send_keys(os.path.join(root, "examples", "quarters", "cx63-2026-q2.toml"))
time.sleep(0.5)
status = driver.find_element(By.ID, "status").text
check("2 not applicable" in status, f"cx63: a file with [not_applicable] loads ({status})")
i = index["feedback.lead-handoff"]
goto_section(sec["feedback.lead-handoff"])
reason = driver.find_element(By.ID, f"nr{i}")
check(driver.find_element(By.ID, f"na{i}").is_selected() and reason.get_attribute("value").startswith("Product-led"),
      "cx63: the loaded reason is shown")
check(not q("feedback.lead-handoff", "yes")[0].is_enabled(), "cx63: the answer is disabled while not applicable")
reason.clear()
before = set(os.listdir(downloads))
driver.find_element(By.ID, "download").click()
time.sleep(0.5)
check(set(os.listdir(downloads)) == before, "cx63: no download while a reason is missing")
err = driver.find_element(By.CSS_SELECTOR, "#answers fieldset.invalid .error").text
check(err.startswith("Say why it does not apply"), f"cx63: the missing reason is asked for ({err})")
check(driver.switch_to.active_element.get_attribute("id") == f"nr{i}", "cx63: the reason field has the focus")
reason.send_keys("No sales team: customers sign up themselves")
if args.screenshots:
    driver.save_screenshot(os.path.join(args.screenshots, "form-cx63-not-applicable.png"))
# The page saves on every keystroke; wait until the save holds the reason (as a
# person pauses before reloading), so the reload tests the restore, not a race
# with the browser committing its storage.
for _ in range(50):
    saved = driver.execute_script(
        "return window.localStorage.getItem('cs-scorecard:' + arguments[0] + ':' + arguments[1])",
        shown["id"], shown["version"]) or ""
    if "customers sign up themselves" in saved:
        break
    time.sleep(0.1)
check("customers sign up themselves" in saved, "cx63: the typed reason is saved in the browser")
time.sleep(1)
driver.refresh()
for _ in range(50):  # wait for the page's script, not a fixed time
    restored = driver.find_element(By.ID, f"nr{i}").get_attribute("value")
    if restored:
        break
    time.sleep(0.1)
check(restored == "No sales team: customers sign up themselves",
      f"cx63: a reload restores the reason ({restored!r})")
before = set(os.listdir(downloads))
driver.find_element(By.ID, "download").click()
got = wait_download(before)
data = json.load(open(got)) if got else {}
check(data.get("not_applicable", {}).get("feedback.lead-handoff") == "No sales team: customers sign up themselves"
      and "feedback.lead-handoff" not in data.get("answers", {}),
      f"cx63: the download holds the reason, not an answer ({data.get('not_applicable')})")
check(data.get("targets") == {"onboarding": 80, "proactive": 60, "renewals": 75},
      f"cx63: the loaded targets are kept ({data.get('targets')})")
r = run("score", got, "--format", "json") if got else None
card = json.loads(r.stdout) if r and r.returncode == 0 else {}
check(card.get("total", {}).get("max") == 28 and card.get("total", {}).get("out_of_scope") == 2,
      f"cx63: score reads the download: 2 points out of scope ({card.get('total')})")
# Unticking brings the answer back into play.
goto_section(sec["feedback.lead-handoff"])
click(driver.find_element(By.ID, f"na{i}"))
check(q("feedback.lead-handoff", "yes")[0].is_enabled(), "cx63: unticking enables the answer again")

if failures:
    for entry in driver.get_log("browser"):
        print(f"browser console: {entry.get('level')} {entry.get('message')}")
driver.quit()
print(f"{len(failures)} failure(s)")
sys.exit(1 if failures else 0)
