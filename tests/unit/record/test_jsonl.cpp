// JSON Lines records. The plain path (JsonlParser::read_plain) must give a line's typed record
// only when the long way (parse(), then validate_answers()) takes the line without a message,
// and then give what that way gives.
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <random>
#include <string>
#include <vector>

#include "content/tables.hpp"
#include "helpers.hpp"
#include "record/jsonl.hpp"
#include "util/text.hpp"

using namespace carepath;
using namespace carepath::testing;

namespace {

std::string quoted(const std::string& s) { return "\"" + s + "\""; }

// A JSON line for random answers, holding now and then what the key path leaves to the long
// way: other spellings, escapes, wrong types, repeated or unknown fields, trailing text.
std::string json_line(const Questionnaire& q, const std::vector<Value>& a, std::mt19937& rng, int n) {
  auto one_in = [&](int k) { return std::uniform_int_distribution<int>(0, k - 1)(rng) == 0; };
  // Half the lines are plain; the other half hold what the long way must see now and then.
  bool plain = one_in(2);
  auto odd = [&](int k) { return !plain && one_in(k); };
  std::vector<std::string> answers;
  for (std::size_t i = 0; i < q.items.size(); ++i) {
    const Item& it = q.items[i];
    const Value& v = a[i];
    std::string text;
    if (!v.known()) {
      if (!one_in(8)) continue;
      text = "null";
    } else if (v.uncertain) {
      if (plain) continue;
      text = "true";  // no record holds such a value; a yes/no item takes it
    } else {
      switch (it.type) {
        case ItemType::choice: {
          std::string code = it.codes[static_cast<std::size_t>(it.code_index(static_cast<Sym>(v.i)))].code;
          if (odd(30)) code[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(code[0])));
          text = odd(40) ? "\"\\u00" + fmt::format("{:02x}", code[0]) + code.substr(1) + "\"" : quoted(code);
          if (odd(60)) text = "3";
          break;
        }
        case ItemType::boolean: {
          const char* yes[] = {"\"yes\"", "true", "\"true\"", "\"Yes\"", "1"};
          const char* no[] = {"\"no\"", "false", "\"false\"", "\"NO\"", "0"};
          int pick = odd(4) ? std::uniform_int_distribution<int>(0, 4)(rng) : 0;
          text = v.i ? yes[pick] : no[pick];
          break;
        }
        case ItemType::multi: {
          std::vector<std::string> codes;
          for (std::size_t c = 0; c < it.codes.size(); ++c)
            if (v.bits() >> c & 1u) codes.push_back(quoted(it.codes[c].code));
          if (!codes.empty() && odd(30)) codes.push_back(codes.front());
          if (odd(40)) codes.push_back("7");
          text = "[" + join(codes, ",") + "]";
          if (odd(60)) text = codes.empty() ? "\"\"" : codes.front();
          break;
        }
        case ItemType::integer:
        case ItemType::points:
          text = std::to_string(v.i);
          if (odd(30)) text = quoted(text);
          else if (odd(30)) text += ".0";
          else if (odd(40)) text = std::to_string(it.type == ItemType::integer ? it.max + 1 : 999);
          break;
        case ItemType::text: text = quoted("a few words"); break;
      }
    }
    answers.push_back(quoted(it.id) + ":" + text);
  }
  if (odd(40)) answers.push_back("\"no_such_item\":\"x\"");
  if (!answers.empty() && odd(40)) answers.push_back(answers.front());
  if (one_in(4)) std::shuffle(answers.begin(), answers.end(), rng);

  std::vector<std::string> head;
  head.push_back(odd(40) ? "\"carepath\":\"1\"" : odd(40) ? "\"carepath\":2" : "\"carepath\":1");
  if (!odd(60)) head.push_back("\"questionnaire\":" + (odd(40) ? quoted("another") : quoted(q.id)));
  int label =
      plain ? std::uniform_int_distribution<int>(0, 1)(rng) * 6 + one_in(6) : std::uniform_int_distribution<int>(0, 11)(rng);
  switch (label) {
    case 0: break;
    case 1: head.push_back("\"case_id\":null"); break;
    case 2: head.push_back("\"case_id\":42"); break;
    case 3: head.push_back("\"case_id\":\"T\\u0032026\""); break;
    case 4: head.push_back("\"case_id\":\"jane.doe@example.org\""); break;
    case 5: head.push_back("\"case_id\":[\"T1\"]"); break;
    default: head.push_back("\"case_id\":" + quoted("T2026" + std::to_string(n)));
  }
  if (odd(20)) head.push_back("\"questionnaire_version\":\"1.0\"");
  const char* digest = "\"questionnaire_digest\":\"3f2a9c01d4e5b6a7980112233445566778899aabbccddeeff00112233445566\"";
  if (one_in(10)) head.push_back(digest);
  if (odd(60)) head.push_back("\"name\":\"x\"");
  if (!odd(60)) head.push_back("\"answers\":" + (odd(60) ? std::string("null") : "{" + join(answers, ",") + "}"));
  if (odd(60)) head.push_back(head.front());
  if (one_in(4)) std::shuffle(head.begin(), head.end(), rng);
  std::string line = (one_in(20) ? "{ " : "{") + join(head, one_in(20) ? ", " : ",") + "}";
  if (odd(60)) line += " 1";
  if (odd(80)) line.pop_back();
  return line;
}

void check_plain_path(const ContentPaths& paths, int lines) {
  auto content = load_content_or_throw(paths);
  auto plan = jsonl_plain_plan(*content);
  REQUIRE(plan);
  const Questionnaire& q = content->questionnaire;
  std::mt19937 rng(404);
  JsonlParser parser;
  Record kept;  // one for all lines, as in a batch: its buffers are reused
  int plain = 0, clean = 0;
  for (int n = 1; n <= lines; ++n) {
    std::string line = json_line(q, random_answers(q, rng), rng, n);
    std::string buffer = line + std::string(jsonl_padding, '\0');
    std::string_view text(buffer.data(), line.size());
    INFO("line: ", line);

    RawRecord raw;
    parser.parse(text, "t.jsonl", n, raw);
    Outcome fresh;
    validate_answers(raw, *content, fresh.errors, fresh.record);
    clean += fresh.errors.empty();
    if (!parser.read_plain(text, *content, *plan, kept)) continue;
    ++plain;
    REQUIRE(fresh.errors.empty());  // the plain path never takes a line the long way reports
    CHECK(kept.answers == fresh.record.answers);
    CHECK(kept.case_id == fresh.record.case_id);
    CHECK(kept.unfinished == fresh.record.unfinished);
    CHECK_FALSE(kept.placement);
  }
  // Nearly all clean lines take the plain path, and the odd lines are many.
  CHECK(plain > clean * 3 / 4);
  CHECK(clean < lines * 9 / 10);
}

}  // namespace

TEST_CASE("read_plain(): a line's typed record is what parsing and validation give") {
  check_plain_path({}, 6000);
  check_plain_path({source_path("examples/alcohol/questionnaire.yaml"), source_path("examples/alcohol/rules.yaml"), ""}, 3000);
}

TEST_CASE("read_plain(): plain lines are read; escapes, other spellings and odd fields are left to the long way") {
  auto content = load_content_or_throw({});
  auto plan = jsonl_plain_plan(*content);
  REQUIRE(plan);
  JsonlParser parser;
  Record rec;
  auto keyed = [&](const std::string& line) {
    std::string buffer = line + std::string(jsonl_padding, '\0');
    return parser.read_plain(std::string_view(buffer.data(), line.size()), *content, *plan, rec);
  };
  const std::string head = R"({"carepath":1,"questionnaire":"opioid-intake",)";
  CHECK(keyed(head + R"("case_id":"T1","answers":{"suicidal_ideation":"none","medical_emergency":"no"}})"));
  CHECK(rec.case_id == std::optional<std::string>("T1"));
  CHECK(keyed(head + R"("answers":{"medical_emergency":false,"suicidal_ideation":null}})"));
  CHECK_FALSE(rec.case_id);
  // As intake saves records: a digest is many runs of digits, yet no one's identifier.
  const std::string digest = "3f2a9c01d4e5b6a7980112233445566778899aabbccddeeff00112233445566";
  CHECK(keyed(head + R"("questionnaire_version":"1.0","questionnaire_digest":")" + digest + R"(","answers":{}})"));
  CHECK_FALSE(keyed(head + R"("answers":{"suicidal_ideation":"n\u006fne"}})"));
  CHECK_FALSE(keyed(head + R"("answers":{"medical_emergency":"No"}})"));
  CHECK_FALSE(keyed(head + R"("answers":{"medical_emergency":"no","medical_emergency":"no"}})"));
  CHECK_FALSE(keyed(head + R"("answers":{"medical_emergencies":"no"}})"));
  CHECK_FALSE(keyed(head + R"("patient":"x","answers":{}})"));
  CHECK_FALSE(keyed(head + R"("case_id":"T\"1","answers":{}})"));
  CHECK_FALSE(keyed(R"({"carepath":1,"answers":{}})"));
  CHECK_FALSE(keyed(head + R"("answers":{}} {})"));
  CHECK_FALSE(keyed(head + R"("answers":{})"));
}
