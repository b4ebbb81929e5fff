// JSON Lines records. The key path (JsonlParser::key) must give a line's memo key and typed
// record exactly when the long way (parse(), then validate_answers()) takes the line without a
// message, and then give what that way gives.
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <random>
#include <string>
#include <vector>

#include "content/tables.hpp"
#include "helpers.hpp"
#include "record/jsonl.hpp"
#include "batch/outcome_memo.hpp"
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

void check_key_path(const ContentPaths& paths, int lines) {
  auto content = load_content_or_throw(paths);
  compile_tables(*content);
  Engine engine(*content);
  auto memo = std::make_shared<OutcomeMemo>(engine);
  OutcomeMemo batch_memo(engine);
  auto plan = jsonl_key_plan(*content, memo);
  REQUIRE(plan);
  const Questionnaire& q = content->questionnaire;
  std::mt19937 rng(404);
  JsonlParser parser;
  Outcome kept;  // one for all lines, as in a batch: its errors keep their buffers
  std::string key;
  int keyed = 0, clean = 0;
  // Answers drawn from a small pool, a few drawn again: many lines share a key.
  std::vector<std::vector<Value>> pool;
  for (int k = 0; k < 40; ++k) pool.push_back(random_answers(q, rng));
  for (int n = 1; n <= lines; ++n) {
    std::vector<Value> answers = pool[std::uniform_int_distribution<std::size_t>(0, pool.size() - 1)(rng)];
    std::vector<Value> fresh_answers = random_answers(q, rng);
    for (int changes = n % 3; changes > 0; --changes) {
      auto i = std::uniform_int_distribution<std::size_t>(0, q.items.size() - 1)(rng);
      answers[i] = fresh_answers[i];
    }
    std::string line = json_line(q, answers, rng, n);
    std::string buffer = line + std::string(jsonl_padding, '\0');
    std::string_view text(buffer.data(), line.size());
    INFO("line: ", line);

    RawRecord raw;
    parser.parse(text, "t.jsonl", n, raw);
    Outcome fresh;
    validate_answers(raw, *content, fresh.errors, fresh.record);
    clean += fresh.errors.empty();
    bool by_key = parser.key(text, *content, *plan, key, kept.record);
    if (!by_key) continue;
    ++keyed;
    REQUIRE(fresh.errors.empty());  // the key path never takes a line the long way reports
    CHECK(key == memo->key_of(fresh.record));
    CHECK(kept.record.answers == fresh.record.answers);
    CHECK(kept.record.case_id == fresh.record.case_id);

    // Scored as a batch does it, against checking and scoring afresh.
    Pos where{"t.jsonl", n, 1};
    check_applicability(*content, fresh.record, where, fresh.errors);
    if (fresh.ok()) engine.evaluate(fresh.record, fresh.result);
    kept.case_id = kept.record.case_id;
    auto found = batch_memo.find(key, batch_memo.prefetch(key), kept, where);
    OutcomeMemo::Scored scored = found ? *found : batch_memo.score(kept, where);
    REQUIRE(kept.errors.size() == fresh.errors.size());
    for (std::size_t k = 0; k < kept.errors.size(); ++k) CHECK(kept.errors[k].str() == fresh.errors[k].str());
    CHECK((scored.result != nullptr) == fresh.ok());
    if (fresh.ok()) same_decisions(fresh.result, *scored.result);
  }
  // Nearly all clean lines take the key path, and the odd lines are many.
  CHECK(keyed > clean * 3 / 4);
  CHECK(clean < lines * 9 / 10);
  CHECK(batch_memo.hits() > static_cast<std::uint64_t>(keyed) / 10);
}

}  // namespace

TEST_CASE("key(): a line's key and typed record are what parsing and validation give") {
  check_key_path({}, 6000);
  check_key_path({source_path("examples/alcohol/questionnaire.yaml"), source_path("examples/alcohol/rules.yaml")}, 3000);
}

TEST_CASE("key(): plain lines are keyed; escapes, other spellings and odd fields are left to the long way") {
  auto content = load_content_or_throw({});
  compile_tables(*content);
  Engine engine(*content);
  auto plan = jsonl_key_plan(*content, std::make_shared<OutcomeMemo>(engine));
  REQUIRE(plan);
  JsonlParser parser;
  Record rec;
  std::string key;
  auto keyed = [&](const std::string& line) {
    std::string buffer = line + std::string(jsonl_padding, '\0');
    return parser.key(std::string_view(buffer.data(), line.size()), *content, *plan, key, rec);
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
