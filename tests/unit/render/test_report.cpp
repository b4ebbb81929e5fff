// The human report: emergency first, one outline for text and markdown, colour only when asked.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "helpers.hpp"
#include "render/report.hpp"
#include "util/text.hpp"

using namespace carepath;
using namespace carepath::testing;

namespace {
const std::string emergency_yaml = record_yaml(
    "  suicidal_ideation: active_with_plan\n  medical_emergency: no\n  primary_substance: heroin\n"
    "  use_frequency: daily\n");
Outcome emergency() {
  return score_yaml(emergency_yaml);
}

std::string report_of(const RawRecord& raw, const ReportStyle& style) {
  Outcome o = score_record(default_engine(), raw);
  REQUIRE(o.ok());
  return render_report(default_engine(), o, probe_unknowns(default_engine(), raw, o), style);
}
std::string report_of(const std::string& yaml, const ReportStyle& style = {}) {
  return report_of(raw_records(yaml)[0], style);
}
}  // namespace

TEST_CASE("the emergency banner comes before the pathway") {
  std::string text = report_of(emergency_yaml);
  auto banner = text.find(default_content().rules.emergency_title);
  auto pathway = text.find("RECOMMENDED PATHWAY");
  REQUIRE(banner != std::string::npos);
  CHECK(banner < pathway);
  CHECK(text.find("\x1b[") == std::string::npos);
  CHECK(text.find(default_content().rules.disclaimer.substr(0, 40)) != std::string::npos);
}

TEST_CASE("markdown says the same things with markdown marks") {
  std::string md = report_of(emergency_yaml, {ReportFormat::markdown, false, 78});
  CHECK(md.find("## Recommended pathway") != std::string::npos);
  CHECK(md.find("> **" + default_content().rules.emergency_title + "**") != std::string::npos);
  CHECK(md.find("## Disclaimer") != std::string::npos);
}

TEST_CASE("colour only when the style asks for it") {
  CHECK(emergency().ok());
  CHECK(report_of(emergency_yaml, {ReportFormat::text, true, 78}).find("\x1b[1m\x1b[31m") != std::string::npos);
}

namespace {

// Every id the content defines: items, codes, rules, groups, levels, setting values, flags,
// medications, facts, scores and bands.
std::vector<std::string> content_ids() {
  const Content& c = default_content();
  std::vector<std::string> ids;
  for (const auto& it : c.questionnaire.items) {
    ids.push_back(it.id);
    for (const auto& code : it.codes) ids.push_back(code.code);
  }
  for (const auto& s : c.questionnaire.scores) {
    ids.push_back(s.id);
    for (const auto& b : s.bands) ids.push_back(b.id);
  }
  const RuleSet& rs = c.rules;
  for (const auto& r : rs.rules) ids.push_back(r.id);
  for (const auto& g : rs.groups) ids.push_back(g.id);
  for (const auto& l : rs.levels) ids.push_back(l.id);
  for (const auto& v : rs.setting.values) ids.push_back(v.id);
  for (const auto& f : rs.flags) ids.push_back(f.id);
  for (const auto& m : rs.medications) ids.push_back(m.id);
  for (const auto& f : rs.facts) ids.push_back(f.id);
  return ids;
}

bool id_char(char ch) {
  return std::isalnum(static_cast<unsigned char>(ch)) || ch == '_' || ch == '.';
}

// `id` standing alone in `text`: not part of a longer word.
bool has_token(const std::string& text, const std::string& id) {
  for (auto at = text.find(id); at != std::string::npos; at = text.find(id, at + 1)) {
    bool left = at == 0 || !id_char(text[at - 1]);
    std::size_t end = at + id.size();
    bool right =
        end == text.size() || !id_char(text[end]) || (text[end] == '.' && (end + 1 == text.size() || !id_char(text[end + 1])));
    if (left && right) return true;
  }
  return false;
}

}  // namespace

TEST_CASE("the text and markdown reports name no item, code or rule id, on every persona") {
  const Engine& engine = default_engine();
  const RuleSet& rs = default_content().rules;
  auto ids = content_ids();
  auto in_a_label = [&](const std::string& s) {
    for (const auto& v : rs.setting.values)
      if (v.label.find(s) != std::string::npos) return true;
    for (const auto& l : rs.levels)
      if (l.label.find(s) != std::string::npos) return true;
    return false;
  };
  int personas = 0;
  for (const auto& entry : std::filesystem::directory_iterator(source_path("examples/personas"))) {
    std::ifstream in(entry.path());
    std::vector<RawRecord> raws;
    read_yaml_records(in, entry.path().string(), [&](RawRecord&& r) { raws.push_back(std::move(r)); });
    REQUIRE(raws.size() == 1);
    ++personas;
    Outcome o = score_record(engine, raws[0]);
    REQUIRE(o.ok());
    for (auto format : {ReportFormat::text, ReportFormat::markdown}) {
      // Unwrapped, so that the content's own sentences can be taken out whole: the rationales,
      // notes and caveats are the rule authors' words (their placeholders are theirs to word).
      std::string text = report_of(raws[0], {format, false, 100000});
      std::vector<std::string> authored = {engine.pathway_rationale(o.record, o.result), o.source};
      for (int ri : o.result.fired) {
        const Rule& r = rs.rules[static_cast<std::size_t>(ri)];
        authored.push_back(engine.rationale_text(ri, o.record, o.result));
        authored.push_back(engine.render(r.then.caveat, o.record, o.result));
        for (const auto& n : r.then.notes) authored.push_back(engine.render(n, o.record, o.result));
      }
      for (const auto& a : authored)
        for (auto at = a.empty() ? std::string::npos : text.find(a); at != std::string::npos; at = text.find(a))
          text.erase(at, a.size());
      for (const auto& id : ids) {
        INFO(entry.path().filename().string() << ": " << id);
        // ("Ambulatory (outpatient)" is a label, in which the word is the author's.)
        if (!in_a_label("(" + id + ")")) CHECK(text.find("(" + id + ")") == std::string::npos);
        CHECK(text.find("`" + id + "`") == std::string::npos);
        // An id that is not an ordinary word ("severity_unknown", "setting.hospital").
        if (id.find_first_of("_.") != std::string::npos) CHECK_FALSE(has_token(text, id));
      }
    }
  }
  CHECK(personas >= 20);
}

TEST_CASE("what was unknown: only answers that change the result, in words; a rating scale is not its items") {
  // Daily heroin, COWS not yet decided on: trying "yes" fills the scale; its eleven items are
  // never listed one by one, and answers that change nothing are not listed at all.
  std::string yaml = record_yaml(
      "  suicidal_ideation: none\n  medical_emergency: no\n  overdose_past_year: no\n  primary_substance: heroin\n"
      "  use_frequency: daily\n  route: smoking\n  co_use: []\n  dsm5_criteria: [larger_amounts, cut_down, craving, tolerance]\n"
      "  pregnant: no\n");
  std::string text = report_of(yaml, {ReportFormat::text, false, 100000});
  auto at = text.find("WHAT WAS UNKNOWN");
  REQUIRE(at != std::string::npos);
  std::string section = text.substr(at, text.find("RULE SET") - at);
  const Questionnaire& q = default_content().questionnaire;
  auto label = [&](const char* id) { return q.items[static_cast<std::size_t>(q.find_item(id))].label; };
  CHECK(section.find(label("pregnant")) == std::string::npos);       // answered
  CHECK(section.find(label("age_first_use")) == std::string::npos);  // no answer changes anything
  CHECK(section.find(label("cows_pulse")) == std::string::npos);     // part of the scale
  CHECK(section.find("was not answered") == std::string::npos);
  CHECK(section.find("\n  - ") != std::string::npos);  // something does matter here
}

TEST_CASE("the summary: at most ten lines at the top, with the setting, primary level and alternative") {
  const RuleSet& rs = default_content().rules;
  for (const auto& entry : std::filesystem::directory_iterator(source_path("examples/personas"))) {
    std::ifstream in(entry.path());
    std::vector<RawRecord> raws;
    read_yaml_records(in, entry.path().string(), [&](RawRecord&& r) { raws.push_back(std::move(r)); });
    Outcome o = score_record(default_engine(), raws[0]);
    REQUIRE(o.ok());
    std::string text = report_of(raws[0], {ReportFormat::text, false, 78});
    INFO(entry.path().filename().string());
    auto at = text.find("\nSUMMARY\n");
    REQUIRE(at != std::string::npos);
    CHECK(at < text.find("RECOMMENDED PATHWAY"));
    std::string summary = text.substr(at + 9, text.find("\n\n", at + 9) - at - 9);
    CHECK(std::count(summary.begin(), summary.end(), '\n') + 1 <= 10);
    std::string flat;  // wrapped lines joined again, runs of spaces as one
    for (char ch : summary) {
      char c = ch == '\n' ? ' ' : ch;
      if (c != ' ' || flat.empty() || flat.back() != ' ') flat += c;
    }
    const Result& r = o.result;
    CHECK(flat.find(rs.levels[static_cast<std::size_t>(r.primary_level)].label) != std::string::npos);
    if (r.alternative >= 0)
      CHECK(flat.find("Alternative: " + rs.levels[static_cast<std::size_t>(r.alternative)].label) != std::string::npos);
    CHECK((flat.find("Emergency: ") != std::string::npos) == r.emergency);
    for (const auto& v : rs.setting.values)
      if (v.sym == r.setting) CHECK(flat.find(rs.setting.label + ": " + v.label) != std::string::npos);
  }
}

TEST_CASE("headings in capitals: accented letters too, one UTF-8 character for another") {
  CHECK(upper_case("Recommended pathway") == "RECOMMENDED PATHWAY");
  CHECK(upper_case("Lo que no se sab\xc3\xad\x61") == "LO QUE NO SE SAB\xc3\x8d\x41");  // sabía
  // "¿qué año? ü ÷": the inverted question mark and the division sign stay as they are.
  CHECK(upper_case("\xc2\xbfqu\xc3\xa9 a\xc3\xb1o? \xc3\xbc \xc3\xb7") ==
        "\xc2\xbfQU\xc3\x89 A\xc3\x91O? \xc3\x9c \xc3\xb7");
  CHECK(upper_case("12 \xe2\x86\x92 [P5]") == "12 \xe2\x86\x92 [P5]");  // an arrow and digits as they are
}

TEST_CASE("Spanish text wraps by columns, never inside a letter") {
  // "Ninguna pregunta sin respuesta podría cambiar este resultado; la niña y el señor también."
  const std::string text =
      "Ninguna pregunta sin respuesta podr\xc3\xad\x61 cambiar este resultado; la ni\xc3\xb1\x61 y el se\xc3\xb1or "
      "tambi\xc3\xa9n.";
  for (std::size_t width : {12u, 20u, 31u, 40u}) {
    std::string wrapped = wrap(text, width, 2);
    std::size_t start = 0;
    while (start <= wrapped.size()) {
      auto end = std::min(wrapped.find('\n', start), wrapped.size());
      std::string_view line = std::string_view(wrapped).substr(start, end - start);
      CHECK(visible_width(line) <= width);
      // A line neither starts with a continuation byte nor ends in a lead byte.
      if (!line.empty()) {
        CHECK((static_cast<unsigned char>(line.front()) & 0xc0) != 0x80);
        CHECK(static_cast<unsigned char>(line.back()) < 0xc0);
      }
      start = end + 1;
    }
    // Only spaces became line breaks: the words are all there.
    std::string joined = wrapped;
    for (std::size_t i = 0; i < joined.size(); ++i)
      if (joined[i] == '\n') joined.replace(i, 3, " ");
    CHECK(joined == text);
  }
}
