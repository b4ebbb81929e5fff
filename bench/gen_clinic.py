#!/usr/bin/env python3
"""Generates distinct clinic intake records in JSON Lines: every item of a questionnaire answered.

  bench/gen_clinic.py --rows 100000 --out /tmp/clinic.jsonl

Unlike a TEDS-A extract (a dozen items, a few thousand distinct answer sets), a clinic's own
records answer every item, with ages, hours and counts that differ from person to person: no
two records here are alike, so batch scoring cannot reuse one record's result for another and
every record goes through the whole engine. Items come from the questionnaire file (ids, types,
codes, ranges, which items a group asks only on a condition); a few answers are drawn with
clinic-like weights, the rest evenly. The withdrawal scale is rated on part of the records
(--rated), and its items are answered exactly then. Equal seeds give equal files.
"""
import argparse
import json
import os
import random
import sys

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_QUESTIONNAIRE = os.path.join(HERE, "..", "questionnaires", "opioid-intake.yaml")

# Answers with weights nearer an opioid-treatment clinic than an even draw (code: weight);
# items not named here are drawn evenly. Anything named and missing from the file is ignored.
WEIGHTS = {
    "suicidal_ideation": {"none": 85, "passive": 9, "active_no_plan": 4, "active_with_plan": 2},
    "primary_substance": {"heroin": 30, "fentanyl": 35, "rx_opioid": 12, "nonrx_methadone": 3, "other_opioid": 5,
                          "alcohol": 6, "benzodiazepine": 2, "stimulant": 4, "cannabis": 2, "other": 1},
    "use_frequency": {"none_past_month": 8, "less_than_daily": 22, "daily": 70},
    "current_moud": {"none": 70, "methadone": 12, "buprenorphine": 15, "naltrexone": 3},
}
YES = {"medical_emergency": 0.03, "overdose_past_year": 0.25, "pregnant": 0.05, "serious_medical_condition": 0.06}
MULTI_P = {"dsm5_criteria": 0.55}  # chance of each code of a multi item; others 0.2
# Integer answers people give: hours since last use are mostly under four days.
INTEGER = {"hours_since_last_use": lambda rng: int(rng.expovariate(1 / 30)),
           "age_first_use": lambda rng: int(rng.triangular(10, 60, 18))}


def items_of(q):
    """(item, condition group id or None) for every item, groups flattened, in file order."""
    out = []

    def walk(entries, group):
        for e in entries:
            if "group" in e:
                walk(e.get("items", []), e["group"])
            else:
                out.append((e, group))

    for s in q["sections"]:
        walk(s.get("items", []), None)
    return out


def codes_of(item):
    if "codes" in item:
        return [str(c) for c in item["codes"]]
    return [int(p) for p in item.get("points", {})]


def answer(item, rng):
    iid, t = item["id"], item["type"]
    if t == "boolean":
        return "yes" if rng.random() < YES.get(iid, 0.5) else "no"
    if t == "integer":
        lo, hi = item.get("min", 0), item.get("max", 99)
        v = INTEGER[iid](rng) if iid in INTEGER else int(rng.triangular(lo, min(hi, lo + 20), lo))
        return max(lo, min(hi, v))
    if t == "points":
        return rng.choice(codes_of(item))
    if t == "choice":
        w = WEIGHTS.get(iid, {})
        codes = codes_of(item)
        return rng.choices(codes, [w.get(c, 1 if not w else 0.5) for c in codes])[0]
    if t == "multi":
        p = MULTI_P.get(iid, 0.2)
        return [c for c in codes_of(item) if rng.random() < p]
    if t == "text":
        return f"note {rng.randrange(10**6)}"
    raise SystemExit(f"gen_clinic.py: item {iid}: unknown type {t}")


def records(n, q, rng, rated):
    items = items_of(q)
    seen = set()
    made = 0
    while made < n:
        a = {}
        rate = rng.random() < rated
        for item, group in items:
            iid = item["id"]
            when = str(item.get("when", ""))
            if group is not None and not rate:
                continue
            # An item asked only when another was left unanswered: every record answers the other.
            if when.startswith("not answered("):
                continue
            if iid.endswith("_assessed"):  # the question that opens a rated scale
                a[iid] = "yes" if rate else "no"
                continue
            a[iid] = answer(item, rng)
        key = json.dumps(a, sort_keys=True)
        if key in seen:  # no two alike
            continue
        seen.add(key)
        made += 1
        yield {"carepath": 1, "questionnaire": q["id"], "case_id": f"C{made:07d}", "answers": a}


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--rows", type=int, default=10000, help="number of records (default: %(default)s)")
    p.add_argument("--out", default="-", help="output file ('-' for standard output)")
    p.add_argument("--seed", type=int, default=18, help="random seed (default: %(default)s)")
    p.add_argument("--rated", type=float, default=0.4,
                   help="share of records with the withdrawal scale rated (default: %(default)s)")
    p.add_argument("--questionnaire", default=DEFAULT_QUESTIONNAIRE, help="questionnaire file (default: the default one)")
    o = p.parse_args()
    if o.rows < 0:
        p.error("--rows must be 0 or more")
    with open(o.questionnaire) as f:
        q = yaml.safe_load(f)
    rng = random.Random(o.seed)
    out = sys.stdout if o.out == "-" else open(o.out, "w")
    buf = []
    for rec in records(o.rows, q, rng, o.rated):
        buf.append(json.dumps(rec, separators=(",", ":")))
        if len(buf) >= 20000:
            out.write("\n".join(buf) + "\n")
            buf = []
    if buf:
        out.write("\n".join(buf) + "\n")
    out.close()


if __name__ == "__main__":
    main()
