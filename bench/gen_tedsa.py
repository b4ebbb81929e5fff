#!/usr/bin/env python3
"""Generates a TEDS-A-shaped table of any size, drawn from the 2021 marginal frequencies.

  bench/gen_tedsa.py --rows 1482543 --out /tmp/tedsa.csv              # the 62-column CSV
  bench/gen_tedsa.py --rows 100000 --format jsonl --out /tmp/r.jsonl  # carepath records
  bench/gen_tedsa.py --rows 2000 --format yaml --out /tmp/records/    # one YAML file each

Each column is drawn independently from its 2021 marginals, except what must agree within a
row: the substance flags (ALCFLG ... OTHERFLG) are exactly the substances in SUB1-SUB3, IDU
says whether any of them is injected (ROUTE1-3 = 4), ALCDRUG says alcohol only / other drugs
only / both / none, and an admission with no substance has no route, frequency or age of
first use. The JSON Lines and YAML variants turn the same rows into carepath intake records
(the spec's record format), as far as TEDS-A answers our items.
"""
import argparse
import csv
import json
import os
import random
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
# The 2021 marginals, shipped with the repository (public SAMHSA figures; see its header).
DEFAULT_FREQ = os.path.join(HERE, "data", "tedsa-2021-frequencies.csv")

# The 2021 public-use file's column order (62 columns).
COLUMNS = """ADMYR CASEID STFIPS CBSA2020 EDUC MARSTAT SERVICES DETCRIM NOPRIOR PSOURCE ARRESTS EMPLOY
METHUSE PSYPROB PREG GENDER VET LIVARAG DAYWAIT DSMCRIT AGE RACE ETHNIC DETNLF PRIMINC SUB1 SUB2 SUB3
ROUTE1 ROUTE2 ROUTE3 FREQ1 FREQ2 FREQ3 FRSTUSE1 FRSTUSE2 FRSTUSE3 HLTHINS PRIMPAY FREQ_ATND_SELF_HELP
ALCFLG COKEFLG MARFLG HERFLG METHFLG OPSYNFLG PCPFLG HALLFLG MTHAMFLG AMPHFLG STIMFLG BENZFLG TRNQFLG
BARBFLG SEDHPFLG INHFLG OTCFLG OTHERFLG DIVISION REGION IDU ALCDRUG""".split()

FLAG_OF_SUB = {2: "ALCFLG", 3: "COKEFLG", 4: "MARFLG", 5: "HERFLG", 6: "METHFLG", 7: "OPSYNFLG", 8: "PCPFLG",
               9: "HALLFLG", 10: "MTHAMFLG", 11: "AMPHFLG", 12: "STIMFLG", 13: "BENZFLG", 14: "TRNQFLG",
               15: "BARBFLG", 16: "SEDHPFLG", 17: "INHFLG", 18: "OTCFLG", 19: "OTHERFLG"}
DERIVED = set(FLAG_OF_SUB.values()) | {"IDU", "ALCDRUG", "CASEID"}


def marginals(path):
    m = {}
    with open(path, newline="") as f:
        for row in csv.DictReader(line for line in f if not line.startswith("#")):
            m.setdefault(row["variable"], ([], []))
            m[row["variable"]][0].append(int(row["code"]))
            m[row["variable"]][1].append(max(float(row["count"]), 0.5))
    m.setdefault("CBSA2020", ([-9, 12060, 16980, 31080, 35620, 41860], [40, 10, 12, 14, 16, 8]))
    return m


def rows(n, m, rng, seed):
    draw_cols = [c for c in COLUMNS if c not in DERIVED]
    block = 50000
    case = 20210000000 + seed * 10000000
    for start in range(0, n, block):
        k = min(block, n - start)
        drawn = {c: rng.choices(m[c][0], weights=m[c][1], k=k) for c in draw_cols}
        for i in range(k):
            r = {c: drawn[c][i] for c in draw_cols}
            case += 1
            r["CASEID"] = case
            subs = []
            if r["SUB1"] in (1, -9):
                for c in ("SUB2", "SUB3", "ROUTE1", "ROUTE2", "ROUTE3", "FREQ1", "FREQ2", "FREQ3", "FRSTUSE1", "FRSTUSE2", "FRSTUSE3"):
                    r[c] = -9 if not c.startswith("SUB") else 1
            else:
                subs.append((r["SUB1"], r["ROUTE1"]))
                for j in (2, 3):
                    if r[f"SUB{j}"] in (1, -9) or r[f"SUB{j}"] == r["SUB1"]:
                        r[f"SUB{j}"], r[f"ROUTE{j}"], r[f"FREQ{j}"], r[f"FRSTUSE{j}"] = 1, -9, -9, -9
                    else:
                        subs.append((r[f"SUB{j}"], r[f"ROUTE{j}"]))
            for flag in FLAG_OF_SUB.values():
                r[flag] = 0
            for s, _ in subs:
                r[FLAG_OF_SUB[s]] = 1
            r["IDU"] = -9 if not subs else int(any(route == 4 for _, route in subs))
            alcohol = any(s == 2 for s, _ in subs)
            drugs = any(s != 2 for s, _ in subs)
            r["ALCDRUG"] = (1 if alcohol else 0) + (2 if drugs else 0)
            yield r


# TEDS-A codes -> carepath answers, for the record variants (same choices as the mapping).
PRIMARY = {2: "alcohol", 3: "stimulant", 4: "cannabis", 5: "heroin", 6: "nonrx_methadone", 7: "other_opioid",
           10: "stimulant", 11: "stimulant", 12: "stimulant", 13: "benzodiazepine"}
CO_USE = {"ALCFLG": "alcohol", "BENZFLG": "benzodiazepines", "COKEFLG": "stimulants", "MTHAMFLG": "stimulants",
          "AMPHFLG": "stimulants", "STIMFLG": "stimulants", "MARFLG": "cannabis", "HERFLG": "other_opioids",
          "METHFLG": "other_opioids", "OPSYNFLG": "other_opioids"}


def record(r):
    a = {"suicidal_ideation": "none", "medical_emergency": "no"}
    if r["SUB1"] not in (1, -9):
        a["primary_substance"] = PRIMARY.get(r["SUB1"], "other")
    if r["FREQ1"] in (1, 2, 3):
        a["use_frequency"] = ["none_past_month", "less_than_daily", "daily"][r["FREQ1"] - 1]
    if r["ROUTE1"] in (1, 2, 3, 4, 5):
        a["route"] = ["oral", "smoking", "inhalation", "injection", "other"][r["ROUTE1"] - 1]
    primary_flag = FLAG_OF_SUB.get(r["SUB1"])
    a["co_use"] = sorted({code for flag, code in CO_USE.items() if r[flag] == 1 and flag != primary_flag})
    if r["DSMCRIT"] in (5, 12):
        a["oud_severity"] = "moderate" if r["DSMCRIT"] == 5 else "mild"
    if r["PSYPROB"] in (1, 2):
        a["mental_health_condition"] = "yes" if r["PSYPROB"] == 1 else "no"
    if r["LIVARAG"] in (1, 2, 3):
        a["living_situation"] = ["homeless", "dependent_living", "independent"][r["LIVARAG"] - 1]
    if r["EMPLOY"] in (1, 2, 3, 4):
        a["employment"] = ["full_time", "part_time", "unemployed", "not_in_labor_force"][r["EMPLOY"] - 1]
    if r["NOPRIOR"] >= 0:
        a["prior_treatment_episodes"] = r["NOPRIOR"]
    if r["PREG"] in (1, 2):
        a["pregnant"] = "yes" if r["PREG"] == 1 else "no"
    return {"carepath": 1, "questionnaire": "opioid-intake", "case_id": f"T{r['CASEID']}", "answers": a}


def yaml_text(rec):
    lines = [f"carepath: {rec['carepath']}", f"questionnaire: {rec['questionnaire']}", f"case_id: {rec['case_id']}", "answers:"]
    for k, v in rec["answers"].items():
        if isinstance(v, list):
            v = "[" + ", ".join(v) + "]"
        elif v in ("yes", "no"):
            v = f'"{v}"'
        lines.append(f"  {k}: {v}")
    return "\n".join(lines) + "\n"


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--rows", type=int, default=10000, help="number of admissions to generate (default: %(default)s)")
    p.add_argument("--format", choices=["csv", "jsonl", "yaml", "yaml-stream"], default="csv",
                   help="csv: the 62-column TEDS-A table; jsonl: carepath records, one a line; yaml: one record "
                        "file each in the --out directory; yaml-stream: records separated by '---' (default: %(default)s)")
    p.add_argument("--out", default="-", help="output file ('-' for standard output), or a directory for --format yaml")
    p.add_argument("--seed", type=int, default=2021, help="random seed; equal seeds give equal tables (default: %(default)s)")
    p.add_argument("--frequencies", default=DEFAULT_FREQ,
                   help="CSV of marginals (variable,label,code,code_label,count,percent) "
                        "(default: bench/data/tedsa-2021-frequencies.csv)")
    o = p.parse_args()
    if o.rows < 0:
        p.error("--rows must be 0 or more")
    rng = random.Random(o.seed)
    m = marginals(o.frequencies)
    if o.format == "yaml":
        os.makedirs(o.out, exist_ok=True)
        for i, r in enumerate(rows(o.rows, m, rng, o.seed)):
            with open(os.path.join(o.out, f"r{i:07d}.yaml"), "w") as f:
                f.write(yaml_text(record(r)))
        return
    out = sys.stdout if o.out == "-" else open(o.out, "w", newline="")
    buf = []
    if o.format == "csv":
        out.write(",".join(COLUMNS) + "\n")
    for r in rows(o.rows, m, rng, o.seed):
        if o.format == "csv":
            buf.append(",".join(str(r[c]) for c in COLUMNS))
        elif o.format == "jsonl":
            buf.append(json.dumps(record(r), separators=(",", ":")))
        else:
            buf.append("---\n" + yaml_text(record(r)).rstrip("\n"))
        if len(buf) >= 20000:
            out.write("\n".join(buf) + "\n")
            buf = []
    if buf:
        out.write("\n".join(buf) + "\n")
    out.close()


if __name__ == "__main__":
    main()
