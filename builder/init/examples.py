"""One complete, valid file of each kind for a team, in its trade's words.

`portal init` writes them as a new team's starting data, and the handbook shows them as
its examples, so what managers copy always passes the check. They are made from the
team's settings (its metrics, classes, methods, fields …) and its profile's example texts.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from builder.edit import commented, dump
from builder.labels import Words
from builder.schema import WEEKDAYS, FieldSpec, FieldType, MetricKind, Team

Files = dict[str, str]  # path under data/ -> YAML text


def _flow(items: dict[str, Any]) -> CommentedMap:
    node = CommentedMap(items)
    node.fa.set_flow_style()
    return node


def _value(spec: FieldSpec, given: dict[str, Any], day: date) -> Any:
    """The example's value of a field, or a plausible one made from its declaration."""
    if spec.id in given:
        value = given[spec.id]
        return date.fromisoformat(value) if spec.type is FieldType.DATE and isinstance(value, str) else value
    if spec.type is FieldType.CHOICE:
        return spec.choices[0]
    if spec.type is FieldType.NUMBER:
        return spec.min if spec.min is not None and spec.min > 0 else 1
    if spec.type is FieldType.DATE:
        return day.replace(year=day.year + 1)
    if spec.type is FieldType.FLAG:
        return False
    return f"{spec.label}（示例）"


def _target(team: Team, metric_id: str, given: dict[str, Any]) -> float | int:
    metric = next(m for m in team.metrics if m.id == metric_id)
    if metric_id in given:
        written: float | int = given[metric_id]
        return written
    if metric.kind is MetricKind.RATE:
        return 95 if metric.unit.strip() == "%" else 100
    return 10


def team_file(team: Team, profile_label: str, start: date) -> str:
    words = Words(team)
    lines = [
        words.say("# 团队设置。指标、客户分类、拜访规则、投诉环节等取自 profile 指定的团队类型；"),
        "# 要改哪一项，就在本文件中写出同名的键：映射按键合并；指标、分类、方式、字段、规则、环节等",
        "# 带 id 的列表按 id 合并（只写要改的那一项和要改的字段，新 id 追加，- remove: [id] 删除一项，",
        "# - remove: all 删除全部、只用自己写的）。",
        "# 每一项的说明见网站的“使用说明 → 数据文件手册”。",
        "",
    ]
    body = commented(
        [
            ("profile", team.profile, profile_label),
            ("name", team.name, "团队名称，显示在网站标题"),
            ("organisation", team.organisation, "所属机构"),
            ("start", start, "开始使用门户的日期：此前不统计缺日志等规则"),
            ("timezone", team.timezone, ""),
            ("site_url", team.site_url, "发布后填写网站地址（以 / 结尾），日历订阅链接要用"),
            ("source_url", team.source_url, "如 https://github.com/<单位>/<仓库>/blob/main/{path}#L{line}"),
        ]
    )
    summary = [
        "",
        f"# {profile_label}的默认设置摘要（在本文件中写出同名的键即可修改）：",
        "#   metrics（指标）：" + "、".join(f"{m.id} {m.label}" for m in team.metrics),
        "#   classes（客户分类）：" + "、".join(f"{c.id} {c.label}" for c in team.classes),
        words.say("#   methods（拜访方式）：") + "、".join(f"{m.id} {m.label}" for m in team.methods),
        words.say("#   visit_rules（拜访频次）：") + "；".join(r.label or "—" for r in team.visit_rules),
        "#   complaints（投诉环节）：" + " → ".join(s.label for s in team.complaints.steps),
        f"#   words（称呼）：supervisor {words('supervisor')}，manager {words('manager')}，"
        f"customer {words('customer')}",
        "# 例如把 supervisor 的称呼改成“片区经理”：",
        "# words:",
        "#   supervisor: 片区经理",
    ]
    if len(team.metrics) > 1:
        first, last = team.metrics[0], team.metrics[-1]
        summary += [
            f"# 例如只改指标 {first.id} 的名称，并删掉指标 {last.id}（其余指标不用重抄）：",
            "# metrics:",
            f"#   - {{id: {first.id}, label: 改后的名称}}",
            f"#   - remove: [{last.id}]",
        ]
    return "\n".join(lines) + dump(body) + "\n".join(summary) + "\n"


def examples(team: Team, example: dict[str, Any], day: date) -> Files:
    """The example files of `team` for a log written on `day`, by path under data/."""
    words = Words(team)
    boss, manager, customer = example["supervisor"], example["manager"], example["customer"]
    me, cid = manager["id"], customer["id"]
    files: Files = {}
    files["people.yaml"] = dump(
        CommentedSeq(
            [
                commented(
                    [
                        ("id", boss["id"], "编号：建议用姓名拼音"),
                        ("name", boss["name"], ""),
                        ("role", "supervisor", words("supervisor")),
                        ("email", f"{boss['id']}@example.com", "与 git 的 user.email 相同，portal new 才认得"),
                    ]
                ),
                commented(
                    [
                        ("id", me, ""),
                        ("name", manager["name"], ""),
                        ("role", "manager", words("manager")),
                        ("supervisor", boss["id"], f"{words('supervisor')}的编号"),
                        ("territory", manager["territory"], "片区"),
                        ("email", f"{me}@example.com", ""),
                    ]
                ),
            ]
        )
    )
    weekday = WEEKDAYS[day.weekday()]
    record = commented(
        [
            ("id", cid, f"{words('customer')}编号"),
            ("name", customer["name"], ""),
            ("class", team.classes[0].id, team.classes[0].label),
            *([("type", team.customer_types[0].id, team.customer_types[0].label)] if team.customer_types else []),
            ("key", True, f"重点{words('customer')}"),
            *([("route", example["route"]["id"], "所在线路")] if "route" in example else []),
            ("territory", manager["territory"], ""),
            ("address", customer["address"], ""),
            *([("organisation", customer["organisation"], "单位/职业")] if "organisation" in customer else []),
            *([("phone", customer["phone"], "敏感：发布时遮盖")] if "phone" in customer else []),
        ]
    )
    for spec in team.customer_fields:
        if spec.id in customer.get("fields", {}) and customer["fields"][spec.id] is None:
            continue  # the example has none of this (a permit for a flat not being renovated)
        record[spec.id] = _value(spec, customer.get("fields", {}), day)
        record.yaml_add_eol_comment(spec.label + (f"（{spec.unit}）" if spec.unit else ""), spec.id)
    if "key_person" in customer:
        person = dict(customer["key_person"])
        if team.key_person_roles:
            person.setdefault("role", team.key_person_roles[0].id)
        record["key_persons"] = CommentedSeq([_flow(person)])
    customers = commented([("owner", me, f"负责这些{words('customer')}的{words('manager')}编号")])
    if "route" in example:
        route = _flow({"id": example["route"]["id"], "label": example["route"]["label"], "days": [weekday]})
        customers["routes"] = CommentedSeq([route])
        customers.yaml_add_eol_comment(words.say("拜访线路及其星期"), "routes")
    customers["customers"] = CommentedSeq([record])
    files[f"customers/{me}.yaml"] = dump(customers)
    files[f"logs/{me}/{day.isoformat()}.yaml"] = _log(team, example, cid, day)
    files["plans/{}/{}-W{:02d}.yaml".format(me, *day.isocalendar()[:2])] = _week(team, example, cid, day)
    files[f"plans/{me}/{day:%Y-%m}.yaml"] = _month(team, example, cid, day)
    return files


def _log(team: Team, example: dict[str, Any], cid: str, day: date) -> str:
    words = Words(team)
    given = example["visit"]
    method = team.methods[0]
    visit = commented(
        [
            ("time", "09:30", ""),
            ("customer", cid, example["customer"]["name"]),
            ("method", method.id, method.label),
            ("purpose", given["purpose"], words("purpose")),
            ("met", CommentedSeq([_flow({"name": example["customer"].get("key_person", {}).get("name", "本人")})]), ""),
            ("discussion", given["discussion"], words("discussion")),
        ]
    )
    own = [m for m in team.metrics if m.per_customer]
    if own:
        figures = {m.id: given.get("figures", {}).get(m.id, 1) for m in own}
        visit["figures"] = _flow(figures)
        visit.yaml_add_eol_comment("这个" + Words(team)("customer") + "的业绩", "figures")
    for spec in team.visit_fields:
        if spec.id in given.get("fields", {}):
            visit[spec.id] = _value(spec, given["fields"], day)
            visit.yaml_add_eol_comment(spec.label, spec.id)
    visit["effect"] = given["effect"]
    visit["next_step"] = given["next_step"]
    visit["next_visit"] = day + timedelta(days=7)
    log = commented(
        [
            ("date", day, "必须与文件名相同"),
            ("visits", CommentedSeq([visit]), words.say("拜访记录")),
            ("calls", CommentedSeq([_flow({"customer": cid, "time": "15:10", "outcome": example["call"]})]), "电话"),
        ]
    )
    if team.funnel:
        log["funnel"] = commented([(s.id, _flow({"plan": 2, "actual": 1}), s.label) for s in team.funnel])
    day_figures = {k: v for k, v in example.get("figures", {}).items() if any(m.id == k for m in team.metrics)}
    if day_figures:
        log["figures"] = _flow(day_figures)
        log.yaml_add_eol_comment("业绩：指标编号: 数值", "figures")
    log["tomorrow"] = example["plan"]["purpose"]
    return dump(log)


def _week(team: Team, example: dict[str, Any], cid: str, day: date) -> str:
    words = Words(team)
    visit = commented(
        [
            ("time", "09:30", example["customer"]["name"]),
            ("customer", cid, ""),
            ("method", team.methods[0].id, team.methods[0].label),
            ("purpose", example["plan"]["purpose"], words("purpose")),
            ("strategy", example["plan"]["strategy"], words("strategy")),
        ]
    )
    weekday = WEEKDAYS[day.weekday()]
    route = example.get("route", {}).get("label", example["manager"]["territory"])
    plan = commented(
        [
            ("week", "{}-W{:02d}".format(*day.isocalendar()[:2]), "ISO 周，必须与文件名相同"),
            ("focus", commented([("market", example["focus"][0], words("focus_market"))]), "本周工作重点"),
            (weekday, commented([("route", route, words.say("拜访线路")), ("visits", CommentedSeq([visit]), "")]), ""),
        ]
    )
    return dump(plan)


def _month(team: Team, example: dict[str, Any], cid: str, day: date) -> str:
    words = Words(team)
    given = example.get("targets", {})
    # the measures the profile's example sets targets for (not the counts a rate is made of); all when it names none
    shown = [m for m in team.metrics if not given or m.id in given]
    targets = commented([(m.id, _target(team, m.id, given), f"{m.label}（{m.unit}）") for m in shown])
    plan = commented(
        [
            ("month", f"{day:%Y-%m}", "必须与文件名相同"),
            ("focus", CommentedSeq(example["focus"]), "本月工作重点"),
            ("targets", targets, "指标目标"),
            ("visits", _flow({"customers": 30, "key_customers": 1}), words.say("拜访计划：户数")),
            (
                "key_customers",
                CommentedSeq([_flow({"customer": cid, "actions": [m.id for m in team.methods[:2]]})]),
                "重点跟进",
            ),
        ]
    )
    return dump(plan)
