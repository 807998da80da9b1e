"""Issue 14: no data value can forge output, and what is published is masked.

Each test writes a small demo team with `portal demo`, plants hostile values in it and
runs the real command line (`portal check`, `portal build`) in a child process.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest

from conftest import DEMO_AS_OF, portal

FORGED = "x\n::error file=README.md,line=1,title=Approved::Security review passed\n::add-mask::zhangwei"
FORGED_OTHER_BREAKS = "y\r::warning::carriage\u2028::error::separator\x85::notice::nel ##[add-mask]zhangwei"


def small_team(folder: Path) -> Path:
    data = folder / "data"
    run = portal("demo", "--out", str(data), "--people", "2", "--customers", "12", "--months", "1")
    assert run.code == 0, run.err
    return data


def append(path: Path, text: str) -> None:
    with path.open("a", encoding="utf-8") as stream:
        stream.write(text)


def quoted(value: str) -> str:
    """A YAML double-quoted scalar holding exactly `value`."""
    return json.dumps(value, ensure_ascii=True)


@pytest.fixture(scope="module")
def forging_team(tmp_path_factory) -> Path:
    """Values holding workflow commands after line breaks, in places the check quotes them."""
    data = small_team(tmp_path_factory.mktemp("forging"))
    append(
        data / "customers" / "zhangwei.yaml",
        f"""  - id: f01
    name: {quoted(FORGED_OTHER_BREAKS)}
    class: {quoted("Z" + FORGED)}
    phone: {quoted(FORGED)}
  - id: f02
    name: {quoted(FORGED_OTHER_BREAKS)}
    class: C
    phone: {quoted(FORGED_OTHER_BREAKS)}
""",
    )
    (data / "logs" / "zhangwei" / "2026-11-16.yaml").write_text(
        f"date: {quoted('2026-11-16' + FORGED)}\n", encoding="utf-8"
    )
    return data


OWN_COMMAND = re.compile(r"::(error|warning) file=[^,:\s]+(,line=\d+,col=\d+)?,title=[a-z0-9-]+::")


@pytest.mark.parametrize("output", ["text", "json", "github", "gitlab"])
def test_no_data_value_starts_a_line_of_check_output_under_github_actions(forging_team, output):
    run = portal("check", "--data", str(forging_team), "--format", output, env={"GITHUB_ACTIONS": "true"})
    assert run.code == 1
    text = run.out + run.err
    assert "Security review passed" in text and "carriage" in text  # the values did reach the output
    lines = text.splitlines()  # splits at every line break Python knows, a superset of the runner's
    commands = [line for line in lines if line.lstrip().startswith("::")]
    for line in commands:
        assert OWN_COMMAND.match(line.lstrip()), line
    for line in lines:
        assert "##[" not in line, line
    if output in ("text", "github"):
        assert len(commands) >= 5  # the tool's own annotations are still there
    else:
        assert commands == []
    if output in ("json", "gitlab"):
        report = json.loads(run.out)
        assert any(FORGED in item.get("message", item.get("description", "")) for item in report)


def test_annotations_escape_values_as_github_requires(forging_team):
    run = portal("check", "--data", str(forging_team), "--format", "github")
    phone = next(line for line in run.out.splitlines() if "Security review passed" in line and "电话" in line)
    assert "x%0A::error file=README.md,line=1,title=Approved::Security review passed%0A::add-mask::zhangwei" in phone


# --- what a published site may show -------------------------------------------------

MOBILES = ("139-3141-5926", "139 2718 2818", "+8613916180339", "8613914142135", "+86 139 1732 0508", "0086-13922360679")
LANDLINES = ("0571-8765 4321", "(010)62718281")
ID_NUMBERS = ("110101-19900307-4528", "110101 1985 0612 733X", "330106198807150017")
NUMBERS = "电话 " + "、".join(MOBILES) + "，座机 " + "、".join(LANDLINES) + "，身份证 " + "、".join(ID_NUMBERS)
PAYLOADS = (
    "<script>window.__pwned=1</script>",
    '<img src=x onerror="window.__pwned=2">',
    '"><svg onload="window.__pwned=3">',
    "[点我](javascript:window.__pwned=4)",
    '</td></tr></table><iframe srcdoc="<script>parent.__pwned=5</script>"></iframe>',
    "<details open ontoggle=window.__pwned=6>",
    "{{ 7*7 }} {% raw %}",
)
PAYLOAD = " ".join(PAYLOADS)
LINE_BREAKS = "第一行\r\nEND:VEVENT\nBEGIN:VEVENT\rUID:forged\u2028第二行"
FREE = f"{PAYLOAD} {NUMBERS} {LINE_BREAKS}"  # what every free-text field of the hostile team holds
HIDDEN_DIGITS = [re.sub(r"\D", "", n) for n in (*MOBILES, *LANDLINES, *ID_NUMBERS)]
FIELD_PHONES = ("139-3333-4444", "139 4444 5555", "+8613955556666", "8613966667777", "1391234567#")
HIDDEN_DIGITS += [re.sub(r"\D", "", p) for p in FIELD_PHONES]
FORMULAS = (
    '=HYPERLINK("http://evil.example/","点我")',
    "+cmd|' /C calc'!A0",
    "-2+3+cmd",
    "@SUM(1+1)",
    "\t=1+1",
    "\r=1+1",
)


def q(text: str) -> str:
    return quoted(text)


def hostile_team(folder: Path) -> Path:
    """The small demo team with FREE in every free-text field and numbers in every spelling."""
    data = small_team(folder)
    t = q(FREE)
    append(
        data / "people.yaml",
        f"""  - id: zhouxin
    name: {q("周新 " + PAYLOAD)}
    supervisor: wangfang
    territory: {t}
    email: zhouxin@example.com
    phone: {q(FIELD_PHONES[0])}
""",
    )
    append(
        data / "customers" / "zhangwei.yaml",
        f"""  - id: h01
    name: {t}
    class: A
    vip: 金卡
    territory: {t}
    organisation: {t}
    address: {t}
    phone: {q(FIELD_PHONES[1])}
    id_number: {q(ID_NUMBERS[0])}
    birthday: 1987-03-09
    loan_balance: 420
    assets: 980
    key_persons:
      - {{name: {t}, position: {t}, role: purchaser, phone: {q(FIELD_PHONES[2])}, birthday: 1979-12-31}}
    anniversaries:
      - {{label: {t}, date: 2020-05-06}}
    expiries:
      - {{item: {t}, date: 2026-12-01, amount: 50}}
    notes: {t}
  - id: h02
    name: {q(FORMULAS[0])}
    class: B
    phone: {q(FIELD_PHONES[3])}
  - id: h03
    name: {t}
    class: C
    phone: {q(FIELD_PHONES[4])}
""",
    )
    visit = (
        f"{{time: '10:00', customer: h01, purpose: {t}, discussion: {t}, anomalies: {t}, suggestions: {t},"
        f" effect: {t}, next_step: {t}, met: [{{name: {t}, position: {t}, phone: {q(MOBILES[0])}}}]}}"
    )
    (data / "logs" / "zhangwei" / "2026-11-18.yaml").write_text(
        f"""date: 2026-11-18
visits:
  - {visit}
calls:
  - {{customer: h01, time: '11:00', outcome: {t}, invitation: {{at: '2026-11-25 10:00', place: {t}}}}}
complaints:
  - {{customer: h01, received: '09:00', steps: {{responded: '10:00', resolved: '11:00'}}, summary: {t}, handling: {t}}}
problems:
  - {{problem: {t}, solution: {t}}}
reflections: {t}
tomorrow: {t}
review: {{by: wangfang, date: 2026-11-19, comment: {t}}}
""",
        encoding="utf-8",
    )
    (data / "logs" / "zhangwei" / "2026-11-17.yaml").write_text(
        f"""date: 2026-11-17
visits:
  - {{time: '10:00', customer: h02, purpose: {q(FORMULAS[3])}, effect: {q(FORMULAS[4])}}}
calls:
  - {{customer: h02, time: '11:00', outcome: {q(FORMULAS[1])}}}
  - {{customer: h02, time: '11:30', outcome: {q(FORMULAS[5])}}}
complaints:
  - {{customer: h02, received: '09:00', steps: {{responded: '10:00', resolved: '11:00'}}, summary: {q(FORMULAS[2])},
      handling: {q(FORMULAS[5])}}}
""",
        encoding="utf-8",
    )
    planned = f"{{time: '10:00', customer: h01, purpose: {t}, strategy: {t}, location: {t}}}"
    (data / "plans" / "zhangwei" / "2026-W47.yaml").write_text(
        f"""week: 2026-W47
focus: {{market: {t}, brand: {t}, service: {t}}}
wed: {{route: {t}, visits: [{planned}]}}
thu: {{route: {t}, visits: [{planned}]}}
summary: {t}
""",
        encoding="utf-8",
    )
    (data / "plans" / "zhangwei" / "2026-11.yaml").write_text(
        f"""month: 2026-11
focus: [{t}, {t}]
targets: {{deposits: 500}}
key_customers:
  - {{customer: h01, actions: [phone], resources: {t}}}
summary: {t}
""",
        encoding="utf-8",
    )
    return data


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    work = tmp_path_factory.mktemp("hostile")
    data = hostile_team(work)
    run = portal("build", "--data", str(data), "--site", str(work / "site"), "--as-of", DEMO_AS_OF)
    assert run.code == 0, run.err
    return work / "site"


def published_files(site: Path) -> list[Path]:
    return [
        p for p in site.rglob("*") if p.is_file() and p.suffix in (".html", ".json", ".csv", ".ics", ".xml", ".txt")
    ]


def test_no_phone_or_id_number_in_any_spelling_is_published(hostile_site):
    files = published_files(hostile_site)
    assert any(p.name == "portal.json" for p in files) and any(p.name == "search_index.json" for p in files)
    for path in files:
        text = path.read_text(encoding="utf-8-sig")
        if path.suffix == ".json":
            text = json.dumps(json.loads(text), ensure_ascii=False)  # \\u escapes as characters
        digits = re.sub(r"[\s\-.()+\u200b]", "", text)
        leaked = [d for d in HIDDEN_DIGITS if d in digits]
        assert not leaked, (path.relative_to(hostile_site), leaked)
    customer = (hostile_site / "customers" / "h01" / "index.html").read_text(encoding="utf-8")
    assert "139****5926" in customer and "0571-****4321" in customer and "**************733X" in customer


def test_warnings_are_published_masked(hostile_site):
    quality = (hostile_site / "quality" / "index.html").read_text(encoding="utf-8")
    assert "139****4567" in quality  # the malformed phone a warning quotes
    assert "139****5926" in quality  # the customer name a warning quotes
    index = (hostile_site / "search" / "search_index.json").read_text(encoding="utf-8")
    assert "1391234567" not in index


def test_exports_show_birthdays_as_the_pages_do(hostile_site):
    export = json.loads((hostile_site / "export" / "portal.json").read_text(encoding="utf-8"))
    h01 = next(c for f in export["customers"] for c in f["customers"] if c["id"] == "h01")
    assert h01["birthday"] == "--03-09" and h01["key_persons"][0]["birthday"] == "--12-31"
    people = {p["id"]: p for p in export["people"]}
    assert people["zhouxin"]["phone"] == "139****4444"
    for path in published_files(hostile_site):
        text = path.read_text(encoding="utf-8-sig")
        assert "1987-03-09" not in text and "1979-12-31" not in text, path
        assert "19870309" not in text and "19791231" not in text, path  # as the feeds write dates


def test_no_csv_cell_is_a_formula_for_excel(hostile_site):
    cells = []
    for path in (hostile_site / "export").glob("*.csv"):
        text = path.read_bytes().decode("utf-8-sig")
        cells += [cell for row in csv.reader(io.StringIO(text, newline="")) for cell in row]
    for cell in cells:
        assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell
    for formula in FORMULAS:
        assert "'" + formula in cells, formula


def test_feeds_carry_typed_text_escaped(hostile_site):
    from icalendar import Calendar

    feeds = list((hostile_site / "feeds").rglob("*.ics"))
    assert feeds
    texts = []
    for path in feeds:
        raw = path.read_bytes().decode("utf-8")
        for line in raw.split("\r\n")[:-1]:
            assert re.match(r"[A-Z][A-Z0-9-]*[;:]| ", line), (path.name, line)
        assert "\r" not in raw.replace("\r\n", "") and "\n" not in raw.replace("\r\n", "")
        for event in Calendar.from_ical(raw).walk("VEVENT"):
            assert str(event["uid"]) != "forged"
            texts += [str(event.get(name, "")) for name in ("summary", "description", "location")]
    assert any(PAYLOADS[0] in text and "UID:forged" in text for text in texts)


def test_data_quality_links_are_web_links_relative_to_the_repository(hostile_site):
    quality = (hostile_site / "quality" / "index.html").read_text(encoding="utf-8")
    links = re.findall(r'href="(https://github\.com/example/portal-data/blob/main/[^"]*)"', quality)
    assert links and all("/blob/main/data/customers/" in link for link in links)
    for path in published_files(hostile_site):  # no path of the build machine anywhere
        assert str(hostile_site.parent) not in path.read_text(encoding="utf-8-sig"), path


# --- a clean check means a clean build ------------------------------------------------


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("site_url: portal.example.com/", "不是 http:// 或 https:// 开头的网址"),
        ("site_url: https:///portal/", "没有主机名"),
        ("site_url: 'https://x.example/\"><script>alert(1)</script>/'", "不能直接写的字符"),
        ("source_url: 'javascript:alert(document.domain)//{path}#L{line}'", "不是 http:// 或 https:// 开头的网址"),
        ("source_url: 'https://example.com/{path}#L{line}/{branch}'", "{branch} 不能识别"),
        ("source_url: 'https://example.com/{path.__class__}'", "{path.__class__} 不能识别"),
        ("source_url: 'https://example.com/{path}#L{line'", "花括号不成对"),
    ],
)
def test_team_addresses_that_cannot_make_links_are_located_errors(tmp_path, line, expected):
    data = small_team(tmp_path)
    key = line.split(":", 1)[0]
    team = data / "team.yaml"
    original = next(row for row in team.read_text(encoding="utf-8").splitlines() if row.startswith(key + ":"))
    replace_in(team, original, line)
    run = portal("check", "--data", str(data))
    assert run.code == 1
    row = 1 + team.read_text(encoding="utf-8").splitlines().index(line)
    assert re.search(rf"team\.yaml:{row}:\d+: error: .*{re.escape(expected)}", run.out), run.out


def test_a_figure_that_is_not_a_number_never_reaches_the_output(tmp_path):
    data = small_team(tmp_path)
    log = data / "logs" / "zhangwei" / "2026-11-19.yaml"
    text = log.read_text(encoding="utf-8")
    log.write_text(re.sub(r"(?ms)^figures:\n(  .*\n)*", "", text) + "figures: {deposits: .nan, wealth: .inf}\n")
    month = data / "plans" / "zhangwei" / "2026-11.yaml"
    month.write_text(re.sub(r"last_year:\n  deposits: \d+", "last_year:\n  deposits: -.inf", month.read_text("utf-8")))
    run = portal("build", "--data", str(data), "--site", str(tmp_path / "site"), "--as-of", DEMO_AS_OF)
    if run.code != 0:  # refusing such a figure in the check is as good as writing it safely
        assert re.search(r"(2026-11-19|2026-11)\.yaml:\d+:\d+: error: ", run.err), run.err
        return

    def refuse(constant: str) -> None:
        raise AssertionError(f"portal.json holds {constant}")

    json.loads((tmp_path / "site" / "export" / "portal.json").read_text(encoding="utf-8"), parse_constant=refuse)
    for path in published_files(tmp_path / "site"):
        text = path.read_text(encoding="utf-8-sig")
        assert not re.search(r"(?i)\bnan\b|\binf(inity)?\b", text.replace("information", "")), path


# --- in a browser: every page, search results, the data-quality page ------------------


@pytest.fixture(scope="module")
def hostile_browser(hostile_site):
    import functools
    import http.server
    import threading

    from playwright.sync_api import sync_playwright
    from test_browser import ARGS, CHROMIUM, _Quiet

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(hostile_site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page()
        dialogs: list[str] = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        yield page, f"http://127.0.0.1:{server.server_address[1]}/", dialogs
        browser.close()
    server.shutdown()


RAN = "() => [window.__pwned, ...Array.from(window.frames, f => { try { return f.__pwned } catch { return 'x' } })]"


def _ran(page) -> list:
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    return [v for v in page.evaluate(RAN) if v is not None]


def test_no_typed_payload_runs_on_any_page(hostile_site, hostile_browser):
    page, base, dialogs = hostile_browser
    paths = sorted(p.relative_to(hostile_site).as_posix() for p in hostile_site.rglob("*.html"))
    assert len(paths) > 40 and "quality/index.html" in paths and "customers/h01/index.html" in paths
    for path in paths:
        page.goto(base + path, wait_until="load")
        assert _ran(page) == [], path
        assert page.locator("a[href^='javascript:' i], [onerror], [onload], [ontoggle]").count() == 0, path
    assert dialogs == []
    page.goto(base + "customers/h01/", wait_until="load")
    shown = page.inner_text("article")
    for payload in PAYLOADS:
        assert payload in shown, payload
    page.goto(base + "quality/", wait_until="load")
    assert PAYLOADS[0] in page.inner_text("article")  # a warning quotes the hostile customer name, as text


@pytest.mark.parametrize("query", ["pwned", "script", "点我", "周新", "HYPERLINK"])
def test_no_typed_payload_runs_in_search_results(hostile_browser, query):
    from test_browser import type_query

    page, base, dialogs = hostile_browser
    page.goto(base, wait_until="load")
    type_query(page, query)
    page.wait_for_selector(".md-search-result__item", timeout=15000)
    page.wait_for_timeout(300)  # let every result render
    assert _ran(page) == [] and dialogs == []
    results = page.locator(".md-search-result")
    assert results.locator("a[href^='javascript:' i], [onerror], [onload], [ontoggle], script").count() == 0


# --- the workflows -----------------------------------------------------------------------

ROOT = Path(__file__).resolve().parent.parent


def _workflow() -> tuple[str, dict]:
    from ruamel.yaml import YAML

    text = (ROOT / ".github" / "workflows" / "publish.yml").read_text(encoding="utf-8")
    return text, YAML(typ="safe").load(text)


def test_every_action_is_pinned_to_a_commit_named_by_its_tag():
    text, _ = _workflow()
    uses = [line.strip() for line in text.splitlines() if re.match(r"\s*(- )?uses:", line)]
    assert len(uses) >= 4
    for line in uses:
        assert re.fullmatch(r"(- )?uses: [\w.-]+/[\w.-]+@[0-9a-f]{40}  # v\d+\.\d+\.\d+", line), line


def test_each_job_has_least_privilege_and_forks_cannot_deploy():
    _, flow = _workflow()
    triggers = flow[True] if True in flow else flow["on"]
    assert "pull_request_target" not in triggers and "workflow_run" not in triggers
    assert flow["permissions"] == {}
    assert flow["jobs"]["build"]["permissions"] == {"contents": "read"}
    assert flow["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert "github.event_name != 'pull_request'" in flow["jobs"]["deploy"]["if"]
    assert "github.ref == 'refs/heads/main'" in flow["jobs"]["deploy"]["if"]
    steps = flow["jobs"]["build"]["steps"]
    assert steps[0]["with"]["persist-credentials"] is False
    for job in flow["jobs"].values():
        for step in job["steps"]:
            assert "${{" not in step.get("run", ""), step["run"]  # values reach scripts through env only


def test_ci_installs_only_hash_locked_dependencies():
    from ruamel.yaml import YAML

    _, flow = _workflow()
    install = next(s["run"] for s in flow["jobs"]["build"]["steps"] if "pip install" in s.get("run", ""))
    gitlab = YAML(typ="safe").load((ROOT / ".gitlab-ci.yml").read_text(encoding="utf-8"))
    for script in (install, "\n".join(gitlab["default"]["before_script"])):
        assert "--require-hashes -r builder/init/locks/build.txt" in script
        assert "--require-hashes --no-build-isolation -r builder/init/locks/portal.txt" in script
        assert "--no-deps --no-build-isolation -e ." in script
    locks = ROOT / "builder" / "init" / "locks"
    for name, wanted in (
        ("portal.txt", {"mkdocs", "mkdocs-material", "pydantic", "jieba"}),
        ("build.txt", {"setuptools"}),
    ):
        lock = (locks / name).read_text(encoding="utf-8")
        pins = re.findall(r"^([a-z0-9-]+)==\S+ (?:;[^\\]*)?\\$", lock, re.M)
        assert wanted <= set(pins)
        assert lock.count("--hash=sha256:") >= len(pins)
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "uv pip compile pyproject.toml --universal --python-version 3.11 --generate-hashes" in readme
    gitlab_rules = gitlab["pages"]["rules"]
    assert gitlab_rules[0] == {"if": '$CI_PIPELINE_SOURCE == "merge_request_event"', "when": "never"}
    assert all('$CI_COMMIT_REF_PROTECTED == "true"' in r["if"] for r in gitlab_rules[1:])


# --- the pieces, with their input inline -----------------------------------------------


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ("客户手机 13933334444。", "客户手机 139****4444。"),
        ("139-3333-4444", "139****4444"),
        ("139 4444 5555", "139****5555"),
        ("+8613955556666", "139****6666"),
        ("8613966667777", "139****7777"),
        ("(+86)139-1234-5678", "139****5678"),
        ("0086 13912345678", "139****5678"),
        ("座机0571-8888 6666", "座机0571-****6666"),
        ("(010)62345678", "010-****5678"),
        ("110101-19900307-4528", "**************4528"),
        ("身份证110101199003074528号", "身份证**************4528号"),
        ("110101 1990 0307 452X", "**************452X"),
        ("老身份证 110101900307452", "老身份证 ************452"),
    ],
)
def test_phone_and_id_numbers_are_masked_in_every_spelling(typed, shown):
    from builder.publish import Masker

    assert Masker(["phone", "id_number"]).text(typed) == shown


@pytest.mark.parametrize(
    "typed",
    ["2026-11-20 09:30", "09:30-11:30", "存款 500 万元，贷款 1200.5 万元", "第 2026-W47 周", "1380 元", "12345678"],
)
def test_ordinary_numbers_are_not_masked(typed):
    from builder.publish import Masker

    assert Masker(["phone", "id_number"]).text(typed) == typed


def test_a_sensitive_value_is_masked_wherever_it_is_repeated_in_its_own_spelling():
    from builder.publish import Known, Masker

    masker = Masker(["phone"], Known({"1391234567#": "139****4567"}))
    assert masker.text("电话 '1391234567#' 看起来不对") == "电话 '139****4567' 看起来不对"


def test_known_values_are_masked_leftmost_first_and_longest_where_they_start_together():
    from builder.publish import Known, Masker

    masker = Masker(["contact"], Known({"王小明": "A", "王小明明": "B", "小明明天": "C", "明天见": "D"}))
    assert masker.text("王小明明天见，王小明，小明明天") == "B天见，A，C"
    assert masker.text("没有名字") == "没有名字"


@pytest.mark.parametrize(
    ("template", "fine"),
    [
        ("https://github.com/org/repo/blob/main/{path}#L{line}", True),
        ("http://git.example.com/{path}", True),
        ("javascript:alert(document.domain)//{path}#L{line}", False),
        ("//evil.example/{path}", False),
        ("https://example.com/{path}/{branch}", False),
        ("https://example.com/{path!r}", False),
        ("https://example.com/{0}", False),
        ("https://example.com/{path", False),
        ("data:text/html,<script>alert(1)</script>{path}", False),
        ('https://x.example/"><script>alert(1)</script>{path}', False),
        ("https://x.example/{path} onmouseover=alert(1)", False),
    ],
)
def test_source_url_templates_must_make_web_links(template, fine):
    from builder.links import source_link, source_template_problem

    assert (source_template_problem(template) == "") is fine
    assert bool(source_link(template, "data/a b#c.yaml", 3)) is fine


def test_source_links_quote_the_path():
    from builder.links import source_link

    assert (
        source_link("https://x.example/{path}#L{line}", "data/a b#c.yaml", 3)
        == "https://x.example/data/a%20b%23c.yaml#L3"
    )


def test_one_line_leaves_no_line_break_control_character_or_legacy_command():
    from builder.problems import one_line

    shown = one_line("a\nb\rc\x0bd\x0ce\x85f\u2028g\u2029h\x1b[31mi ##[add-mask]x\tj")
    assert len(shown.splitlines()) == 1 and "\x1b" not in shown and "##[" not in shown
    assert shown.startswith("a\\nb\\rc\\x0bd") and shown.endswith("\tj")


def test_the_page_cache_is_restored_by_the_ref_that_saved_it_only():
    """Issue 29, item 2: main's page cache holds pages before sealing; a pull request may restore the
    default branch's caches whose key starts with its restore prefix, so every key starts with the ref."""
    _, flow = _workflow()
    cached = [s["with"] for s in flow["jobs"]["build"]["steps"] if s.get("uses", "").startswith("actions/cache@")]
    assert cached and all(c["path"] == "build/cache" for c in cached)
    for with_ in cached:
        assert with_["key"].startswith("portal-pages-${{ github.ref }}-")
        assert with_["restore-keys"] == "portal-pages-${{ github.ref }}-"


def test_gitlab_keeps_one_page_cache_a_branch():
    """A merge request's pipeline runs on its own branch: keyed by the branch, it never reads main's
    page cache, nor writes one main reads (protected branches keep caches apart as well)."""
    from conftest import ROOT

    for path in (ROOT / ".gitlab-ci.yml", ROOT / "builder" / "init" / "templates" / "gitlab-ci.yml"):
        text = path.read_text(encoding="utf-8")
        assert "  - key: portal-pages-$CI_COMMIT_REF_SLUG\n    paths: [build/cache/]\n    unprotect: false" in text
        assert "key: portal-pages\n" not in text
