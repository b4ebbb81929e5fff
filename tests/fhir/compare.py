"""One persona through LHC-Forms: its response, as LHC-Forms exported it, must give the same
`carepath report` as the persona's YAML record (every field but `source`); LHC-Forms' calculated
scores must equal carepath's totals; and an item under a condition must be on the page exactly
when it is answered (the personas answer every conditional item whose condition holds, and
carepath refuses an answer to one whose condition is false).
Usage: compare.py CAREPATH RECORD.yaml LFORMS_RESPONSE.json SHOWN.json QUESTIONNAIRE.json"""
import json
import subprocess
import sys

carepath, record, lforms_response, shown_file, questionnaire_file = sys.argv[1:6]


def run_json(*args):
    p = subprocess.run([carepath, *args], capture_output=True, text=True)
    if p.returncode != 0:
        sys.exit(f"carepath {' '.join(args)}: exit {p.returncode}: {p.stderr.strip()}")
    return json.loads(p.stdout)


want = run_json("report", record, "-f", "json")
got = run_json("report", lforms_response, "-f", "json")
# The case label is carepath's identifier of the response, not a question of the form.
for field in ("source", "case_id"):
    want.pop(field), got.pop(field)
problems = [f"{k}: record {want.get(k)!r}, LHC-Forms {got.get(k)!r}" for k in sorted(set(want) | set(got)) if want.get(k) != got.get(k)]

# LHC-Forms' own totals (the calculated items SCORE.total) against carepath's.
trace = run_json("explain", record, "-f", "json")
totals = {s["id"]: s.get("total") for s in trace["scores"]}
response = json.load(open(lforms_response))


def walk(items):
    for it in items or []:
        yield it
        yield from walk(it.get("item"))
        for a in it.get("answer", []):
            yield from walk(a.get("item"))


calculated = {}
for it in walk(response.get("item")):
    if it["linkId"].endswith(".total") and it.get("answer"):
        a = it["answer"][0]
        calculated[it["linkId"][:-6]] = a.get("valueInteger", a.get("valueDecimal"))
for score, total in totals.items():
    if calculated.get(score) != total:
        problems.append(f"score {score}: carepath {total!r}, LHC-Forms {calculated.get(score)!r}")

# Conditional items: shown exactly when the Questionnaire's enableWhen holds for the answers,
# which carepath accepted above (an answered item whose condition is false is refused).
questionnaire = json.load(open(questionnaire_file))
shown = " | ".join(json.load(open(shown_file)))


def conditional(items, inherited=False):
    for it in items or []:
        cond = inherited or "enableWhen" in it or any("enableWhenExpression" in e["url"] for e in it.get("extension", []))
        if it["type"] not in ("group", "display"):
            yield it, cond
        yield from conditional(it.get("item"), cond)


for it, cond in conditional(questionnaire["item"]):
    if not cond:
        continue
    enabled = any(it2["linkId"] == it["linkId"] for it2 in walk(response.get("item")) if it2.get("answer"))
    visible = it["text"] in shown
    if visible != enabled:
        problems.append(f"item {it['linkId']}: shown {visible}, answered {enabled}")
for p in problems:
    print(f"  {record}: {p}")
sys.exit(1 if problems else 0)
