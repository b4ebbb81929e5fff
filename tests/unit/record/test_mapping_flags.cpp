// A row's flag columns read into the codes they say: column by column, and from the row's
// text sixteen bytes at a time where the columns lie side by side (BoundMapping::run_flags).
#include <doctest/doctest.h>

#include <algorithm>
#include <random>

#include "helpers.hpp"
#include "record/anonymity.hpp"
#include "record/mapping.hpp"
#include "util/text.hpp"

using namespace carepath;

TEST_CASE("flag columns give the codes their cells say, read as text") {
  auto content = load_content_or_throw({});
  Diagnostics diags;
  // Present and absent cells in words and in digits; `unless` on two columns, one in words.
  Mapping m = parse_mapping(R"(mapping: flags
questionnaire: opioid-intake
missing: ["-9", "NA"]
columns:
  SUB:
    item: primary_substance
    codes: {"2": alcohol, "13": benzodiazepine, "x": heroin}
  FREQ:
    item: use_frequency
    codes: {"3": daily, "d": less_than_daily}
flags:
  co_use:
    present: ["1", "yes"]
    absent: ["0", "no"]
    columns:
      ALC: {code: alcohol, unless: {SUB: ["2"], FREQ: ["d"]}}
      BENZ: {code: benzodiazepines, unless: {SUB: ["13", "x"]}}
      MAR: {code: cannabis}
      COKE: {code: stimulants, unless: {FREQ: ["3"]}}
)",
                            "m.yaml", *content, diags);
  REQUIRE(diags.empty());
  const std::vector<std::string> header{"SUB", "FREQ", "ALC", "BENZ", "MAR", "COKE"};
  BoundMapping bound(m, *content, header, "t.csv");
  const Item& co_use = content->questionnaire.items[static_cast<std::size_t>(m.flags[0].item)];
  auto listed = [](const std::vector<std::string>& cells, const std::string& v) {
    return std::find(cells.begin(), cells.end(), v) != cells.end();
  };
  // The flags as the mapping's text says, one cell compared at a time.
  auto expected = [&](const std::vector<std::string>& cells, std::size_t& problems) -> std::optional<std::uint64_t> {
    const FlagItem& fi = m.flags[0];
    std::uint64_t bits = 0;
    bool known = true;
    problems = 0;
    for (const FlagColumn& fc : fi.columns) {
      auto at = [&](const std::string& column) {
        return cells[static_cast<std::size_t>(std::find(header.begin(), header.end(), column) - header.begin())];
      };
      const std::string& v = at(fc.column);
      if (listed(fi.absent, v)) continue;
      if (!listed(fi.present, v)) {
        known = false;
        problems += !v.empty() && !listed(m.missing, v);
        continue;
      }
      bool excused = false;
      for (const auto& [column, excusing] : fc.unless) excused = excused || listed(excusing, at(column));
      if (!excused) bits |= std::uint64_t{1} << co_use.code_index(content->symbols.find(fc.code));
    }
    if (!known) return std::nullopt;
    return bits;
  };
  const std::vector<std::string> subs{"2", "13", "x", "5", "02", "-9", ""}, freqs{"3", "d", "D", "-9", "03"};
  const std::vector<std::string> flags{"0", "1", "yes", "no", "-9", "NA", "", "2", "01", "Yes", "-0", "a"};
  std::mt19937 rng(20261207);
  auto pick = [&](const std::vector<std::string>& from) { return from[rng() % from.size()]; };
  for (int n = 0; n < 5000; ++n) {
    std::vector<std::string> cells{pick(subs), pick(freqs)};
    for (int k = 0; k < 4; ++k) cells.push_back(rng() % 3 ? pick({"0", "1"}) : pick(flags));
    std::vector<CsvField> row;
    for (const auto& c : cells) row.push_back({c, static_cast<int>(row.size()) + 1});
    std::vector<Diagnostic> errors;
    std::size_t problems = 0;
    auto want = expected(cells, problems);
    auto got = bound.flag_set(row, 2, 0, TextKind::any, errors);
    INFO(join(cells, ","));
    CHECK(got == want);
    CHECK(errors.size() == problems);
  }
}

TEST_CASE("flag columns side by side read from the text give what they give one by one") {
  // Runs of 8 flag columns (too few for a run: read column by column), 9 (the fewest read as a
  // run), 18 (TEDS-A's) and 32 (the most), between two other columns, so that the run's first,
  // middle and last sixteen bytes are all read, with `unless` on the column before them; the
  // cells mostly absent, now and then present or anything (two bytes, empty, a word), and the
  // row's text of integers or not. Then 18 again with a second `unless` column (the one after),
  // and with a listed cell that is not a canonical integer ("02", compared as text): neither is
  // read as a run.
  auto content = load_content_or_throw({});
  const std::vector<std::string> codes{"stimulants", "alcohol", "benzodiazepines", "cannabis", "other_opioids", "other"};
  const std::vector<std::string> excusing{"2", "13", "", "", "5", ""};
  for (const auto& run : {std::pair{8, 0}, {9, 0}, {18, 0}, {32, 0}, {18, 1}, {18, 2}}) {
    const int n = run.first, variant = run.second;  // not a structured binding: INFO captures them
    std::string yaml = R"(mapping: run
questionnaire: opioid-intake
missing: ["-9"]
columns:
  SUB:
    item: primary_substance
    codes: {"2": alcohol, "13": benzodiazepine, "5": heroin)" +
                       std::string(variant == 2 ? R"(, "02": other_opioid)" : "") + R"(}
  END:
    item: use_frequency
    codes: {"7": daily, "8": less_than_daily}
flags:
  co_use:
    present: ["1", "yes"]
    absent: ["0"]
    columns:
)";
    std::vector<std::string> header{"SUB"};
    for (int k = 0; k < n; ++k) {
      // Listed out of their order in the table, as a mapping may list them.
      int column = (k * 7) % n + 1;
      std::size_t c = static_cast<std::size_t>(k) % codes.size();
      yaml += "      F" + std::to_string(column) + ": {code: " + codes[c];
      if (!excusing[c].empty()) {
        yaml += ", unless: {SUB: [\"" + excusing[c] + (variant == 2 && k == 1 ? "\", \"02" : "") + "\"]";
        yaml += variant == 1 && k == 0 ? ", END: [\"8\"]}" : "}";
      }
      yaml += "}\n";
    }
    for (int k = 1; k <= n; ++k) header.push_back("F" + std::to_string(k));
    header.push_back("END");
    Diagnostics diags;
    Mapping m = parse_mapping(yaml, "m.yaml", *content, diags);
    REQUIRE(diags.empty());
    BoundMapping bound(m, *content, header, "t.csv");
    const std::vector<std::string> subs{"2", "13", "5", "-9", "7", "x", "02"};
    const std::vector<std::string> odd{"-9", "", "2", "01", "yes", "no", "10", "-1", "a", "\"1\""};
    std::mt19937 rng(20261208 + static_cast<unsigned>(n));
    auto pick = [&](const std::vector<std::string>& from) { return from[rng() % from.size()]; };
    int by_run = 0;
    for (int r = 0; r < 20000; ++r) {
      std::string line = pick(subs);
      for (int k = 0; k < n; ++k)
        line += "," + (rng() % static_cast<unsigned>(6 * n) ? std::string(rng() % 4 ? "0" : "1") : pick(odd));
      line += rng() % 2 ? ",7" : ",8";
      if (r % 2) line += "\n";
      std::vector<CsvField> row;
      CsvReader reader(line, 1);
      reader.next(row);
      std::vector<Diagnostic> by_text, by_cells;
      auto want = bound.flag_set(row, 2, 0, TextKind::any, by_cells);
      TextKind kind = text_kind(line);
      auto got = bound.flag_set(row, 2, 0, kind, by_text);
      by_run += kind == TextKind::integers && want.has_value();
      INFO(n, " ", variant, ": ", line);
      CHECK(got == want);
      REQUIRE(by_text.size() == by_cells.size());
      for (std::size_t k = 0; k < by_text.size(); ++k) CHECK(by_text[k].message == by_cells[k].message);
    }
    CHECK(by_run > 5000);  // most rows are ones a run can read: integers, every flag known
  }
}
