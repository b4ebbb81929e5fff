#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "batch/diff.hpp"
#include "util/io.hpp"

using namespace carepath;

namespace {
// The default rules with `from` replaced by `to`, written to a file of their own.
std::string changed_rules(const std::string& from, const std::string& to, const std::string& name) {
  std::ifstream in(std::string(CAREPATH_SOURCE_DIR) + "/rules/opioid-pathway.yaml");
  std::stringstream text;
  text << in.rdbuf();
  std::string s = text.str();
  auto at = s.find(from);
  REQUIRE(at != std::string::npos);
  s.replace(at, from.size(), to);
  auto path = (std::filesystem::temp_directory_path() / name).string();
  std::ofstream(path) << s;
  return path;
}
}  // namespace

TEST_CASE("diff_rules names what changed, by id") {
  auto a = load_content_or_throw({});
  auto same = diff_rules(a->rules, a->rules);
  CHECK(same.empty());
  auto path = changed_rules("prior_treatment_episodes >= 2", "prior_treatment_episodes >= 4", "carepath-diff-fact.yaml");
  auto b = load_content_or_throw({"", path, ""});
  auto d = diff_rules(a->rules, b->rules);
  CHECK(d.added.empty());
  CHECK(d.removed.empty());
  CHECK(d.changed.empty());
  REQUIRE(d.facts_changed.size() == 1);
  std::filesystem::remove(path);
}

TEST_CASE("DiffObserver counts exactly the records whose result changed") {
  auto a = load_content_or_throw({});
  auto path = changed_rules("prior_treatment_episodes >= 2", "prior_treatment_episodes >= 4", "carepath-diff-obs.yaml");
  auto b = load_content_or_throw({"", path, ""});
  Engine old_engine(*a), new_engine(*b);
  DiffObserver observer(old_engine, new_engine);
  auto part = observer.part();
  std::size_t records = 0, changed = 0, primary = 0, ratings = 0;
  for (const auto& f : std::filesystem::directory_iterator(std::string(CAREPATH_SOURCE_DIR) + "/examples/personas")) {
    RawRecord raw = read_single_record(f.path().string());
    Outcome o = score_record(old_engine, raw);
    Outcome n = score_record(new_engine, raw);
    observer.add(*part, o);
    ++records;
    if (!o.ok()) continue;
    bool differs = o.result.primary_level != n.result.primary_level || o.result.pathway != n.result.pathway ||
                   o.result.alternative != n.result.alternative || o.result.setting != n.result.setting ||
                   o.result.emergency != n.result.emergency || o.result.flags != n.result.flags ||
                   o.result.medications != n.result.medications ||
                   o.result.alternative_setting != n.result.alternative_setting;
    // Both rule sets have the same ratings in the same order: compare them by position.
    bool ratings_differ = false;
    for (std::size_t k = 0; k < o.result.ratings.size(); ++k)
      ratings_differ = ratings_differ || o.result.ratings[k].known() != n.result.ratings[k].known() ||
                       (o.result.ratings[k].known() && o.result.ratings[k].i != n.result.ratings[k].i);
    changed += differs || ratings_differ;
    primary += o.result.primary_level != n.result.primary_level;
    ratings += ratings_differ;
  }
  observer.merge(*part);
  const DiffCounts& c = observer.counts();
  CHECK(c.records == records);
  CHECK(c.changed_records == changed);
  const auto fields = diff_fields(a->rules);
  auto changed_of = [&](const std::string& field) {
    auto at = std::find(fields.begin(), fields.end(), field);
    REQUIRE(at != fields.end());
    return c.changed[static_cast<std::size_t>(at - fields.begin())];
  };
  CHECK(changed_of("primary_level") == primary);
  CHECK(changed_of(a->rules.ratings.field) == ratings);
  CHECK(ratings > 0);  // relapse risk is in a rating too
  CHECK(changed_of("placement.follows_recommendation") == 0);  // no persona has a placement
  std::size_t moves = 0;
  for (const auto& row : c.level_moves)
    for (auto n : row) moves += n;
  CHECK(moves == records - c.rejected);
  std::string json = render_diff(old_engine, new_engine, diff_rules(a->rules, b->rules), c, "json");
  CHECK(json.find("\"records\": " + std::to_string(records)) != std::string::npos);
  std::filesystem::remove(path);
}
