#include <doctest/doctest.h>

#include "batch/summary.hpp"

using namespace carepath;

TEST_CASE("error_kind drops the particulars of a message") {
  CHECK(error_kind("item 'use_frequency': 'dayly' is not allowed; expected one of: a, b (did you mean 'daily'?)") ==
        "item 'use_frequency': '\u2026' is not allowed");
  CHECK(error_kind("required item 'route' is missing (How do you use it?); expected one of: oral") ==
        "required item 'route' is missing");
  CHECK(error_kind("column 'SUB1' (item 'primary_substance'): '77' is not a code the mapping knows; expected one of: 2") ==
        "column 'SUB1' (item 'primary_substance'): '\u2026' is not a code the mapping knows");
  CHECK(error_kind("the row has 3 fields; the header has 5") == "the row has 3 fields");
}

TEST_CASE("Summary counts levels, flags and errors and merges") {
  auto content = load_content_or_throw({});
  Engine engine(*content);
  Summary a(content->rules), b(content->rules);
  Outcome bad;
  bad.errors.push_back({{}, "required item 'route' is missing (x); expected y"});
  a.add(bad, -1);
  Outcome good;
  good.result.primary_level = 0;
  good.result.setting = content->rules.setting.none_sym;
  good.result.flags.assign(content->rules.flags.size(), 0);
  good.result.flags[0] = 1;
  b.add(good, -1);
  a.merge(b);
  CHECK(a.records == 2);
  CHECK(a.scored == 1);
  CHECK(a.rejected == 1);
  CHECK(a.levels[0] == 1);
  CHECK(a.settings[0] == 1);
  CHECK(a.flags[0] == 1);
  CHECK(a.error_kinds.at("required item 'route' is missing") == 1);
  std::string text = render_summary(engine, a);
  CHECK(text.find("records 2, scored 1, rejected 1") == 0);
  CHECK(text.find(content->rules.flags[0].id) != std::string::npos);
}

TEST_CASE("Summary: a repeated message counts under its kind, and a copy counts on its own") {
  auto content = load_content_or_throw({});
  Summary a(content->rules);
  Outcome bad;
  bad.errors.push_back({{}, "required item 'route' is missing (x); expected y"});
  bad.errors.push_back({{}, "the row has 3 fields; the header has 5"});
  for (int n = 0; n < 3; ++n) a.add(bad, -1);
  Summary copy = a;
  copy.add(bad, -1);
  a.add(bad, -1);
  a.add(bad, -1);
  CHECK(a.error_kinds.at("required item 'route' is missing") == 5);
  CHECK(a.error_kinds.at("the row has 3 fields") == 5);
  CHECK(copy.error_kinds.at("required item 'route' is missing") == 4);
  CHECK(copy.error_kinds.at("the row has 3 fields") == 4);
}

TEST_CASE("Summary compares like with like: withdrawal admissions by setting, treatment admissions by level") {
  auto content = load_content_or_throw({});
  const RuleSet& rs = content->rules;
  Engine engine(*content);
  int detox = -1, iop = -1, outpatient = -1;
  for (std::size_t l = 0; l < rs.levels.size(); ++l) {
    if (rs.levels[l].placement == Level::Placement::before && detox < 0) detox = static_cast<int>(l);
    if (rs.levels[l].id == "iop") iop = static_cast<int>(l);
    if (rs.levels[l].id == "outpatient") outpatient = static_cast<int>(l);
  }
  REQUIRE(detox >= 0);
  REQUIRE(iop >= 0);
  REQUIRE(outpatient >= 0);
  const int n = static_cast<int>(rs.levels.size());
  const int ambulatory = n * 3 + detox;  // the third setting value
  Summary s(rs);
  s.has_actual = true;
  s.set_actual_sides({ambulatory, iop, outpatient});
  Outcome o;
  o.result.primary_level = iop;
  o.result.setting = rs.setting.values[2].sym;
  o.result.flags.assign(rs.flags.size(), 0);
  o.result.missing_required = {3};
  s.add(o, ambulatory);  // a withdrawal admission: compared by setting, not by level
  s.add(o, iop);
  s.add(o, outpatient);
  s.add(o, -1);
  CHECK(s.by_setting[3 * s.settings.size() + 3] == 1);
  CHECK(s.by_level[static_cast<std::size_t>(iop * n + iop)] == 1);
  CHECK(s.by_level[static_cast<std::size_t>(iop * n + outpatient)] == 1);
  CHECK(s.no_actual == 1);
  CHECK(s.missing_required == 4);
  CHECK(s.missing_by_item[3] == 4);
  std::string text = render_summary(engine, s);
  CHECK(text.find("Withdrawal management admissions: recommended") != std::string::npos);
  CHECK(text.find("admissions to the other levels: recommended primary level") != std::string::npos);
  CHECK(text.find("1 (50.0%)") != std::string::npos);  // one of the two treatment admissions, by row
}

TEST_CASE("Summary counts the counselors' decisions and unfinished intakes, and merges them") {
  auto content = load_content_or_throw({});
  Engine engine(*content);
  const RuleSet& rs = content->rules;
  REQUIRE(rs.levels.size() >= 2);
  REQUIRE_FALSE(rs.decision.reasons.empty());
  Summary a(rs), b(rs);
  Outcome o;
  o.result.primary_level = 0;
  o.result.setting = rs.setting.none_sym;
  o.result.flags.assign(rs.flags.size(), 0);
  o.record.placement = Placement{0, -1, "", {}};  // follows
  a.add(o, -1);
  o.record.placement = Placement{1, 0, "", {}};  // departs, for the first reason
  o.record.unfinished = true;
  b.add(o, -1);
  o.record.placement.reset();  // no decision recorded
  b.add(o, -1);
  a.merge(b);
  CHECK(a.decided == 2);
  CHECK(a.followed == 1);
  CHECK(a.unfinished == 2);
  CHECK(a.departure_reasons[0] == 1);
  std::size_t n = rs.levels.size();
  CHECK(a.decisions[0 * n + 0] == 1);
  CHECK(a.decisions[0 * n + 1] == 1);
  std::string text = render_summary(engine, a);
  CHECK(text.find("intake not finished (saved before its review ended): 2 records") != std::string::npos);
  CHECK(text.find("counselor's decision recorded: 2 of 3 scored records; follows the recommended primary level: 1 (50.0%)") !=
        std::string::npos);
}

TEST_CASE("Summary: a shape added n times at once counts as n records of it") {
  // Batch scoring counts the rows the memo knows by their outcome and placement and adds each
  // count once, at the end of the run (BatchWorker::known_tally).
  auto content = load_content_or_throw({});
  const RuleSet& rs = content->rules;
  Engine engine(*content);
  const int n = static_cast<int>(rs.levels.size());
  int iop = -1;
  for (std::size_t l = 0; l < rs.levels.size(); ++l)
    if (rs.levels[l].id == "iop") iop = static_cast<int>(l);
  REQUIRE(iop >= 0);
  Summary one_by_one(rs), at_once(rs);
  for (Summary* s : {&one_by_one, &at_once}) {
    s->has_actual = true;
    s->set_actual_sides({n * 3, iop});
  }
  Outcome o;
  o.result.primary_level = iop;
  o.result.setting = rs.setting.values[1].sym;
  o.result.emergency = true;
  o.result.flags.assign(rs.flags.size(), 0);
  o.result.flags[0] = o.result.flags[2] = 1;
  o.result.missing_required = {3, 5};
  std::vector<int> flags;
  Summary::Shape shape = one_by_one.shape_of(o.result, flags);
  const std::pair<int, std::size_t> counts[] = {{n * 3, 4}, {iop, 2}, {-1, 3}};
  for (auto [actual, times] : counts) {
    for (std::size_t k = 0; k < times; ++k) one_by_one.add(shape, actual);
    at_once.add(shape, actual, times);
  }
  CHECK(at_once.records == 9);
  CHECK(at_once.emergencies == 9);
  CHECK(at_once.flags[2] == 9);
  CHECK(at_once.missing_by_item[5] == 9);
  CHECK(at_once.no_actual == 3);
  CHECK(render_summary(engine, at_once) == render_summary(engine, one_by_one));
}
