#include <doctest/doctest.h>

#include <algorithm>
#include <random>

#include "content/tables.hpp"
#include "helpers.hpp"
#include "record/anonymity.hpp"
#include "record/mapping.hpp"
#include "util/text.hpp"

using namespace carepath;

namespace {
const char* mapping_text = R"(mapping: test
questionnaire: opioid-intake
missing: ["-9"]
case_id: ID
columns:
  SUB:
    item: primary_substance
    missing: ["1", "-9"]
    codes: {"5": heroin, "2": alcohol}
  FREQ:
    item: use_frequency
    codes: {"3": daily, "2": less_than_daily}
  PRIOR:
    item: prior_treatment_episodes
flags:
  co_use:
    columns:
      ALC: {code: alcohol, unless: {SUB: ["2"]}}
      BENZ: {code: benzodiazepines}
constants:
  suicidal_ideation: none
  medical_emergency: "no"
actual:
  column: WHERE
  levels: {"7": outpatient}
)";

std::vector<CsvField> row_of(std::string_view text) {
  std::vector<CsvField> f;
  CsvReader r(text, 1);
  r.next(f);
  return f;
}

// The default content with the mapping above, bound to its table's header.
struct Bound {
  std::unique_ptr<Content> content = load_content_or_throw({});
  Diagnostics diags;
  Mapping m = parse_mapping(mapping_text, "m.yaml", *content, diags);
  BoundMapping bound{m, *content, {"ID", "SUB", "FREQ", "PRIOR", "ALC", "BENZ", "WHERE"}, "t.csv"};
};
}  // namespace

TEST_CASE("a mapping turns a row into a typed record with constants") {
  Bound b;
  REQUIRE(b.diags.empty());
  const auto& content = b.content;
  const BoundMapping& bound = b.bound;
  MappedRow out;
  const Questionnaire& q = content->questionnaire;
  auto item = [&](const char* id) { return static_cast<std::size_t>(q.find_item(id)); };

  bound.apply(row_of("C1,2,3,4,1,1,7"), 2, TextKind::plain, out);
  REQUIRE(out.errors.empty());
  CHECK(out.record.case_id == "C1");
  CHECK(content->symbols.name(static_cast<Sym>(out.record.answers[item("primary_substance")].i)) == "alcohol");
  CHECK(out.record.answers[item("prior_treatment_episodes")].i == 4);
  // ALC repeats the primary substance, so only BENZ is co-use.
  CHECK(out.record.answers[item("co_use")].bits() ==
        1u << q.items[item("co_use")].code_index(content->symbols.find("benzodiazepines")));
  CHECK(out.record.from_constant[item("suicidal_ideation")]);
  CHECK_FALSE(out.record.from_constant[item("primary_substance")]);
  REQUIRE(out.actual >= 0);
  CHECK(content->rules.levels[static_cast<std::size_t>(out.actual)].id == "outpatient");

  bound.apply(row_of("C2,-9,77,,0,0,-9"), 3, TextKind::plain, out);
  CHECK_FALSE(out.record.answers[item("primary_substance")].known());
  CHECK_FALSE(out.record.answers[item("prior_treatment_episodes")].known());
  REQUIRE(out.errors.size() == 1);
  CHECK(out.errors[0].str() ==
        "t.csv:3:7: column 'FREQ' (item 'use_frequency'): '77' is not a code the mapping knows; expected one of: 3, 2, or "
        "missing: -9");
  CHECK(out.actual == -1);

  bound.apply(row_of("C3,5"), 4, TextKind::any, out);
  REQUIRE(out.errors.size() == 1);
  CHECK(out.errors[0].message == "the row has 2 fields; the header has 7");
  CHECK(out.record.case_id == "C3");
}

TEST_CASE("a row from plain text is guarded as closely as any other") {
  Bound b;
  REQUIRE(b.diags.empty());
  const BoundMapping& bound = b.bound;
  // Short cells pass on the text's word; longer ones are still looked at one by one.
  for (const char* text : {"555-123-4567,2,3,4,1,1,7", "C1,2,3,4,1,1,7", "20211234567,2,3,4,1,1,7", "1985-03-14,2,3,4,1,1,7"}) {
    REQUIRE(plain_text(text));
    MappedRow plain, checked;
    bound.apply(row_of(text), 2, TextKind::plain, plain);
    bound.apply(row_of(text), 2, TextKind::any, checked);
    REQUIRE(plain.errors.size() == checked.errors.size());
    for (std::size_t i = 0; i < plain.errors.size(); ++i) CHECK(plain.errors[i].str() == checked.errors[i].str());
  }
  MappedRow out;
  bound.apply(row_of("555-123-4567,2,3,4,1,1,7"), 2, TextKind::plain, out);
  REQUIRE(out.errors.size() == 1);
  CHECK(out.errors[0].message.find("phone number") != std::string::npos);
  CHECK_FALSE(plain_text("C1,a@b.org,3"));
  CHECK_FALSE(plain_text("C1,\x01,3"));
  // A table of integers lets every cell through, but one longer than a value may be.
  std::string huge = "1," + std::string(5000, '7') + ",3,4,1,1,7";
  REQUIRE(text_kind(huge) == TextKind::integers);
  MappedRow trusted, full;
  bound.apply(row_of(huge), 2, TextKind::integers, trusted);
  bound.apply(row_of(huge), 2, TextKind::any, full);
  REQUIRE(full.errors.size() == 1);
  REQUIRE(trusted.errors.size() == 1);
  CHECK(trusted.errors[0].str() == full.errors[0].str());
}

TEST_CASE("mapping problems are reported at file:line:col against the content") {
  auto content = load_content_or_throw({});
  Diagnostics diags;
  parse_mapping(
      "mapping: x\nquestionnaire: opioid-intake\ncolumns:\n  A:\n    item: rout\n  B:\n    item: use_frequency\n    codes: "
      "{\"1\": dayly}\n",
      "m.yaml", *content, diags);
  REQUIRE(diags.size() == 2);
  CHECK(diags.items()[0].str() ==
        "m.yaml:5:11: unknown item 'rout' (did you mean 'route'?); it is not in questionnaire 'opioid-intake'");
  CHECK(diags.items()[1].str().starts_with("m.yaml:8:18: item 'use_frequency': 'dayly' is not allowed"));
  Diagnostics none;
  Mapping needs_id = parse_mapping("mapping: x\nquestionnaire: opioid-intake\ncase_id: ID\n", "m.yaml", *content, none);
  CHECK_THROWS_AS(BoundMapping(needs_id, *content, {"CASE"}, "t.csv"), Error);
}

TEST_CASE("every cell of one or two bytes has the code its text says") {
  // code_of_cell() looks cells of one and two bytes up in tables made when the mapping is bound;
  // this holds those tables to the mapping's text, for every such cell of every coded column of
  // the TEDS-A mapping (codes of one and two digits, missing cells with a minus sign).
  auto content = load_content_or_throw({});
  Mapping m = load_mapping(testing::source_path("mappings/tedsa-2021.yaml"), *content);
  std::vector<std::string> header;
  for (const auto& cm : m.columns) header.push_back(cm.column);
  for (const auto& fi : m.flags)
    for (const auto& fc : fi.columns) header.push_back(fc.column);
  header.push_back(m.actual->column);
  header.push_back(*m.case_id);
  BoundMapping bound(m, *content, header, "t.csv");
  // A listed cell is one written as the mapping writes it, or the same integer written without
  // a leading zero or plus sign; any other cell is not listed.
  auto canonical = [](const std::string& s) {
    std::string_view d = s;
    bool minus = !d.empty() && d[0] == '-';
    if (minus) d.remove_prefix(1);
    bool digits = !d.empty() && std::all_of(d.begin(), d.end(), [](char c) { return c >= '0' && c <= '9'; });
    return digits && (d.size() == 1 ? !(minus && d == "0") : d[0] != '0');
  };
  std::vector<std::string> cells;
  for (int b0 = 0; b0 < 256; ++b0) {
    cells.emplace_back(1, static_cast<char>(b0));
    for (int b1 = 0; b1 < 256; ++b1) cells.push_back({static_cast<char>(b0), static_cast<char>(b1)});
  }
  for (std::size_t k = 0; k < m.columns.size(); ++k) {
    const ColumnMap& cm = m.columns[k];
    const std::vector<std::string>& missing = cm.missing;
    for (const auto& cell : cells) {
      std::int16_t want = -100;  // negative, not missing_cell: a cell only apply() reads
      if (canonical(cell)) {
        for (std::size_t c = 0; c < cm.codes.size() && want == -100; ++c)
          if (cm.codes[c].cell == cell) want = static_cast<std::int16_t>(c);
        if (want == -100 && std::find(missing.begin(), missing.end(), cell) != missing.end()) want = BoundMapping::missing_cell;
      }
      std::int16_t got = bound.code_of_cell(k, cell);
      INFO(cm.column, " '", cell, "'");
      if (want >= 0 || want == BoundMapping::missing_cell)
        REQUIRE(got == want);
      else
        REQUIRE((got < 0 && got != BoundMapping::missing_cell));
    }
  }
}
