// The outcome memo must give every record what checking and scoring it afresh gives: the same
// errors at the same place, the same decisions and the same CSV row, whether its key was seen
// before or not.
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <thread>

#include "batch/outcome_memo.hpp"
#include "content/tables.hpp"
#include "helpers.hpp"

using namespace carepath;
using namespace carepath::testing;

namespace {

// Random answers mended into a record that is mostly valid: items not asked are dropped,
// required items and the rest of a begun group are answered.
std::vector<Value> mostly_valid(const Questionnaire& q, std::mt19937& rng) {
  std::vector<Value> a = random_answers(q, rng);
  for (int round = 0; round < 4; ++round) {
    std::vector<Value> fill = random_answers(q, rng);
    for (std::size_t i = 0; i < q.items.size(); ++i) {
      if (!item_applies(q, static_cast<int>(i), a).value) a[i] = Value::none();
      else if (q.items[i].required && !a[i].known()) a[i] = fill[i];
    }
    for (const auto& g : q.groups)
      if (std::any_of(g.items.begin(), g.items.end(), [&](int i) { return a[static_cast<std::size_t>(i)].known(); }))
        for (int i : g.items)
          if (!a[static_cast<std::size_t>(i)].known()) a[static_cast<std::size_t>(i)] = fill[static_cast<std::size_t>(i)];
  }
  return a;
}

// Records drawn from a small pool, each with a few answers drawn again: many share their key
// with an earlier one, some differ from it only in values no condition tells apart.
std::vector<Record> related_records(const Questionnaire& q, int count) {
  std::mt19937 rng(20261122);
  std::vector<std::vector<Value>> pool;
  for (int k = 0; k < 40; ++k) {
    pool.push_back(mostly_valid(q, rng));
    if (k % 8 != 0)  // most records hold no value outside every table
      for (auto& v : pool.back())
        if (v.uncertain) v = Value::none();
  }
  std::vector<Record> out;
  for (int n = 0; n < count; ++n) {
    Record rec;
    rec.answers = pool[std::uniform_int_distribution<std::size_t>(0, pool.size() - 1)(rng)];
    std::vector<Value> fresh = random_answers(q, rng);
    for (int changes = n % 3; changes > 0; --changes) {
      auto i = std::uniform_int_distribution<std::size_t>(0, q.items.size() - 1)(rng);
      rec.answers[i] = fresh[i];
    }
    rec.text.assign(q.items.size(), "");
    rec.from_constant.assign(q.items.size(), false);
    out.push_back(std::move(rec));
  }
  return out;
}

// Records that never repeat: every one drawn afresh.
std::vector<Record> distinct_records(const Questionnaire& q, int count) {
  std::mt19937 rng(20261207);
  std::vector<Record> out;
  for (int n = 0; n < count; ++n) {
    Record& rec = out.emplace_back();
    rec.answers = mostly_valid(q, rng);
    rec.text.assign(q.items.size(), "");
    rec.from_constant.assign(q.items.size(), false);
  }
  return out;
}

// Scores `records` (related or distinct ones) through a memo and afresh; returns the memo's counts.
struct MemoCounts {
  std::uint64_t hits, misses, rested, on_probation;
};
MemoCounts check_memo(const ContentPaths& paths, int records, bool distinct = false, bool probation = false) {
  auto plain = load_content_or_throw(paths);
  auto compiled = load_content_or_throw(paths);
  compile_tables(*compiled);
  Engine fresh_engine(*plain), memo_engine(*compiled);
  OutcomeMemo memo(memo_engine, nullptr, probation);
  int scored = 0, rejected = 0;
  int line = 0;
  // A remembered outcome's number stands for that outcome alone (batch rows cache what they
  // write by it): its columns, or its errors' messages.
  std::map<std::uint32_t, std::string> by_number;
  auto stream = distinct ? distinct_records(plain->questionnaire, records) : related_records(plain->questionnaire, records);
  for (const Record& rec : stream) {
    Pos where{"batch.csv", ++line, 0};
    Outcome fresh, kept;
    fresh.record = kept.record = rec;
    fresh.source = kept.source = "batch.csv:" + std::to_string(line);
    check_applicability(*plain, fresh.record, where, fresh.errors);
    if (fresh.ok()) fresh_engine.evaluate(fresh.record, fresh.result);
    const std::uint64_t afresh_before = memo.rested() + memo.on_probation();
    OutcomeMemo::Scored scored_by_memo = memo.score(kept, where);

    REQUIRE(kept.errors.size() == fresh.errors.size());
    for (std::size_t k = 0; k < kept.errors.size(); ++k) CHECK(kept.errors[k].str() == fresh.errors[k].str());
    CHECK((scored_by_memo.result != nullptr) == fresh.ok());
    // Written ahead, except for a record scored afresh (resting, or on probation).
    CHECK((scored_by_memo.columns != nullptr) == (fresh.ok() && memo.rested() + memo.on_probation() == afresh_before));
    std::string want, got;
    append_result_csv(want, fresh_engine, fresh);
    if (fresh.ok()) append_result_csv(got, memo_engine, kept, *scored_by_memo.result, scored_by_memo.columns);
    else append_result_csv(got, memo_engine, kept);
    CHECK(got == want);
    if (fresh.ok()) same_decisions(fresh.result, *scored_by_memo.result);
    (fresh.ok() ? scored : rejected) += 1;
    if (scored_by_memo.decision != OutcomeMemo::not_remembered) {
      CHECK(scored_by_memo.decision < OutcomeMemo::max_decisions);
      std::string what = fresh.ok() ? "ok" + *scored_by_memo.columns : "error";
      for (const auto& e : fresh.errors) what += "\n" + e.message;
      auto [at, first] = by_number.try_emplace(scored_by_memo.decision, what);
      CHECK(at->second == what);
    }
  }
  if (!distinct) CHECK(by_number.size() > 10);
  // Both kinds of outcome were met (records drawn afresh are mended, and seldom rejected).
  CHECK(scored > records / 10);
  CHECK(rejected > (distinct ? 0 : records / 10));
  CHECK(memo.hits() + memo.misses() + memo.rested() == static_cast<std::uint64_t>(records));
  return {memo.hits(), memo.misses(), memo.rested(), memo.on_probation()};
}

// What the memo must never do is give a record another's outcome: two records with one key
// must be scored alike. Records one answer apart test each distinction of the key on its own.
void check_keys_one_answer_apart(const ContentPaths& paths, int pairs) {
  auto c = load_content_or_throw(paths);
  compile_tables(*c);
  Engine engine(*c);
  OutcomeMemo memo(engine, nullptr, false);
  const Questionnaire& q = c->questionnaire;
  std::mt19937 rng(20261207);
  int alike = 0, told_apart = 0;
  for (int n = 0; n < pairs; ++n) {
    Outcome a, b;
    a.record.answers = mostly_valid(q, rng);
    for (auto& v : a.record.answers)
      if (v.uncertain) v = Value::none();
    a.record.text.assign(q.items.size(), "");
    a.record.from_constant.assign(q.items.size(), false);
    b.record = a.record;
    auto i = std::uniform_int_distribution<std::size_t>(0, q.items.size() - 1)(rng);
    Value other = n % 4 == 0 ? Value::none() : random_answers(q, rng)[i];
    if (other.uncertain || (other.kind == b.record.answers[i].kind && other.i == b.record.answers[i].i)) continue;
    b.record.answers[i] = other;
    std::string ka = memo.key_of(a.record), kb = memo.key_of(b.record);
    if (ka.empty() || kb.empty() || ka != kb) {
      told_apart += !ka.empty() && !kb.empty();
      continue;
    }
    ++alike;
    for (Outcome* o : {&a, &b}) {
      check_applicability(*c, o->record, {"batch.csv", 1, 0}, o->errors);
      if (o->ok()) engine.evaluate(o->record, o->result);
    }
    REQUIRE(a.errors.size() == b.errors.size());
    for (std::size_t k = 0; k < a.errors.size(); ++k) CHECK(a.errors[k].message == b.errors[k].message);
    if (!a.ok()) continue;
    std::string csv_a, csv_b;
    append_result_csv(csv_a, engine, a);
    append_result_csv(csv_b, engine, b);
    CHECK(csv_a == csv_b);
    same_decisions(a.result, b.result);
  }
  // Both happened often: answers the key tells apart, and answers it does not.
  CHECK(alike > pairs / 20);
  CHECK(told_apart > pairs / 10);
}

}  // namespace

TEST_CASE("the memo gives each record what scoring it afresh gives") {
  // Many records were answered from the memo, which never rested.
  MemoCounts n = check_memo({}, 2 * OutcomeMemo::window + 500);
  CHECK(n.hits > (n.hits + n.misses) / 3);
  CHECK(n.rested == 0);
  n = check_memo({source_path("examples/alcohol/questionnaire.yaml"), source_path("examples/alcohol/rules.yaml"), ""}, 2000);
  CHECK(n.hits > 2000 / 3);
}

TEST_CASE("on records that never repeat the memo rests, scoring afresh, and still agrees") {
  for (bool probation : {false, true}) {
    MemoCounts n = check_memo({}, 3 * OutcomeMemo::window, true, probation);
    CHECK(n.hits * OutcomeMemo::few < OutcomeMemo::window);
    CHECK(n.hits + n.misses == OutcomeMemo::window);  // one window looked up, then a rest longer than the rest
    CHECK(n.rested == 2 * OutcomeMemo::window);
    CHECK(n.on_probation == (probation ? OutcomeMemo::window : 0));
  }
}

TEST_CASE("on probation the memo keeps nothing until a window shows keys repeat, then keeps them for every memo of its table") {
  // Related records repeat their keys: the first window is scored afresh, the rest hit.
  MemoCounts n = check_memo({}, 3 * OutcomeMemo::window, false, true);
  CHECK(n.on_probation == OutcomeMemo::window);
  CHECK(n.rested == 0);
  CHECK(n.hits > (n.hits + n.misses - n.on_probation) / 3);

  auto c = load_content_or_throw({});
  compile_tables(*c);
  Engine engine(*c);
  auto records = related_records(c->questionnaire, static_cast<int>(OutcomeMemo::window));
  auto score_all = [&](OutcomeMemo& memo) {
    int line = 0;
    for (const Record& rec : records) {
      Outcome o;
      o.record = rec;
      memo.score(o, {"t", ++line, 0});
    }
  };
  OutcomeMemo first(engine);
  score_all(first);  // one window, on probation: nothing kept, though keys repeated
  CHECK(first.hits() == 0);
  CHECK(first.on_probation() == records.size());
  OutcomeMemo other(engine, first.table(), false);
  int found = 0, line = 0;
  for (const Record& rec : records) {  // the table holds none of their keys...
    Outcome o;
    std::string key = other.key_of(rec);
    found += !key.empty() && other.find(key, o, {"t", ++line, 0});
  }
  CHECK(found == 0);
  OutcomeMemo later(engine, first.table());
  score_all(later);  // ...and a memo made now, the table proven, starts keeping
  CHECK(later.on_probation() == 0);
  CHECK(later.hits() > records.size() / 4);
}

TEST_CASE("without tables the memo keys answers by value and still agrees") {
  auto c = load_content_or_throw({});
  Engine engine(*c);
  OutcomeMemo memo(engine, nullptr, false);
  Outcome a, b;
  a.record = b.record = related_records(c->questionnaire, 1).front();
  auto first = memo.score(a, {"x", 1, 0});
  std::vector<int> pathway = first.result ? first.result->pathway : std::vector<int>{};
  auto second = memo.score(b, {"x", 2, 0});
  CHECK(memo.hits() == 1);
  CHECK(a.errors.size() == b.errors.size());
  CHECK((first.result != nullptr) == (second.result != nullptr));
  if (second.result) CHECK(second.result->pathway == pathway);
}

TEST_CASE("records one answer apart share a key only when scoring them afresh gives the same") {
  check_keys_one_answer_apart({}, 6000);
  check_keys_one_answer_apart(
      {source_path("examples/alcohol/questionnaire.yaml"), source_path("examples/alcohol/rules.yaml"), ""}, 3000);
}

TEST_CASE("an answer and no answer never share a key, even where every table answers alike for them") {
  // `answered(x) and x == 'a'` is false alike for x unanswered and x == 'b', so its table puts
  // them in one class; but x is required, and only one of them is an error.
  auto dir = std::filesystem::temp_directory_path() / ("carepath-memo-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "q.yaml") << "carepath_questionnaire: 1\nid: q\nversion: '1'\ntitle: T\nsections:\n"
                                   "  - id: s\n    title: S\n    items:\n"
                                   "      - {id: x, type: choice, required: true, label: X, codes: {a: A, b: B}}\n"
                                   "      - {id: y, type: boolean, label: Y}\n";
  std::ofstream(dir / "r.yaml")
      << "carepath_rules: 1\nid: t\nversion: '1'\nquestionnaire: q\nlevels:\n  - {id: l, label: L}\n"
         "rules:\n  - id: r\n    when: answered(x) and x == 'a'\n    then: {level: l}\n    because: x\n";
  auto c = load_content_or_throw({(dir / "q.yaml").string(), (dir / "r.yaml").string(), ""});
  std::filesystem::remove_all(dir);
  compile_tables(*c);
  const Expr& when = c->rules.rules.at(0).when;
  REQUIRE(when.table);
  const auto& x = when.table->inputs().at(0);
  CHECK(x.classify(Value::none()) == x.classify(Value::of_sym(c->questionnaire.items[0].codes[1].sym)));
  Engine engine(*c);
  for (bool answered_first : {true, false}) {
    OutcomeMemo memo(engine, nullptr, false);
    for (bool answered : {answered_first, !answered_first}) {
      Outcome o;
      o.record.answers = {answered ? Value::of_sym(c->questionnaire.items[0].codes[1].sym) : Value::none(), Value::none()};
      o.record.text.assign(2, "");
      o.record.from_constant.assign(2, false);
      OutcomeMemo::Scored scored = memo.score(o, {"batch.csv", 1, 0});
      CHECK((scored.result != nullptr) == answered);
      CHECK(o.errors.empty() == answered);
    }
    CHECK(memo.hits() == 0);
  }
}

TEST_CASE("personas through the memo: the CSV rows written afresh, hit or miss") {
  auto c = load_content_or_throw({});
  compile_tables(*c);
  Engine engine(*c);
  OutcomeMemo memo(engine, nullptr, false);
  int rows = 0;
  for (int pass = 0; pass < 2; ++pass)  // the second pass finds every persona's key
    for (const auto& entry : std::filesystem::directory_iterator(source_path("examples/personas"))) {
      std::ifstream in(entry.path());
      std::stringstream text;
      text << in.rdbuf();
      auto raws = raw_records(text.str(), entry.path().string());
      REQUIRE(raws.size() == 1);
      Outcome fresh = score_record(default_engine(), raws[0]), kept;
      REQUIRE(fresh.ok());
      OutcomeMemo::Scored scored = memo.score(raws[0], kept);
      REQUIRE(scored.result);
      std::string want, got;
      append_result_csv(want, default_engine(), fresh);
      append_result_csv(got, engine, kept, *scored.result, scored.columns);
      CHECK(got == want);
      std::string key = memo.key_of(kept.record);
      REQUIRE_FALSE(key.empty());
      // Looked up by its key, as batch scoring does for a mapped row, with the hash the early
      // fetch gave (pass 0) and without (pass 1).
      std::uint64_t hash = pass == 0 ? memo.prefetch(key) : 0;
      CHECK((hash != 0) == (pass == 0));
      auto found = memo.find(key, kept, raws[0].pos, hash);
      REQUIRE(found);
      REQUIRE(found->result);
      CHECK(*found->columns == *scored.columns);
      ++rows;
    }
  CHECK(rows >= 40);
  CHECK(memo.hits() >= static_cast<std::uint64_t>(rows / 2));
}

TEST_CASE("memos sharing a table: one worker's outcomes are the other's hits, also while both run") {
  auto plain = load_content_or_throw({});
  auto compiled = load_content_or_throw({});
  compile_tables(*compiled);
  Engine fresh_engine(*plain), memo_engine(*compiled);
  std::vector<Record> records = related_records(plain->questionnaire, 3000);
  // What checking and scoring afresh gives, as the CSV row a batch writes.
  std::vector<std::string> want;
  for (std::size_t n = 0; n < records.size(); ++n) {
    Outcome o;
    o.record = records[n];
    o.source = "t:" + std::to_string(n);
    check_applicability(*plain, o.record, {"t", static_cast<int>(n), 0}, o.errors);
    if (o.ok()) fresh_engine.evaluate(o.record, o.result);
    append_result_csv(want.emplace_back(), fresh_engine, o);
  }
  auto run = [&](OutcomeMemo& memo, bool backwards, std::vector<std::string>& got) {
    got.assign(records.size(), "");
    Outcome o;  // one for all records, as in a batch
    for (std::size_t k = 0; k < records.size(); ++k) {
      std::size_t n = backwards ? records.size() - 1 - k : k;
      o.record = records[n];
      o.source = "t:" + std::to_string(n);
      o.errors.clear();
      auto scored = memo.score(o, {"t", static_cast<int>(n), 0});
      if (scored.result) append_result_csv(got[n], memo_engine, o, *scored.result, scored.columns);
      else append_result_csv(got[n], memo_engine, o);
    }
  };

  OutcomeMemo first(memo_engine, nullptr, false);
  OutcomeMemo second(memo_engine, first.table(), false);
  std::vector<std::string> got;
  run(first, false, got);
  CHECK(got == want);
  run(second, true, got);
  CHECK(got == want);
  CHECK(first.misses() > 100);
  CHECK(second.misses() < first.misses() / 4);  // only records that ran a program are scored again

  OutcomeMemo a(memo_engine);  // on probation, as in a batch: whichever proves the table first
  OutcomeMemo b(memo_engine, a.table());
  std::vector<std::string> got_a, got_b;
  std::thread other([&] { run(b, true, got_b); });
  run(a, false, got_a);
  other.join();
  CHECK(got_a == want);
  CHECK(got_b == want);
}
