#include "record/fhir_response.hpp"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include "util/limits.hpp"

namespace carepath {

std::string fhir_questionnaire_url(const Questionnaire& q) {
  return q.url.empty() ? "urn:carepath:questionnaire:" + q.id : q.url;
}

std::string fhir_code_system(std::string_view questionnaire_url, ItemType type, std::string_view item) {
  return fmt::format("{}/{}/{}", questionnaire_url, item_type_name(type), item);
}

std::string fhir_none_system(std::string_view questionnaire_url) {
  return fmt::format("{}/none-of-these", questionnaire_url);
}

std::string fhir_case_id_system(std::string_view questionnaire_url) {
  return fmt::format("{}/case-id", questionnaire_url);
}

bool is_fhir_resource(std::string_view text) {
  std::size_t i = text.find_first_not_of(" \t\r\n");
  if (text.substr(i == std::string_view::npos ? text.size() : i, 3) == "\xEF\xBB\xBF")
    i = text.find_first_not_of(" \t\r\n", i + 3);
  return i != std::string_view::npos && text[i] == '{' && text.find("\"resourceType\"") != std::string_view::npos;
}

namespace {

// Walks a parsed response; every problem names where it is and, for items, the linkId.
class ResponseReader {
 public:
  ResponseReader(RawRecord& r, const std::string& file, int line_offset) : r_(r), file_(file), offset_(line_offset) {}

  void read(const YAML::Node& root) {
    if (!root.IsMap()) return error(root, "a FHIR resource must be a JSON object");
    std::string type = scalar(root["resourceType"]);
    if (type != "QuestionnaireResponse")
      return error(root, fmt::format("a FHIR {} is not an intake record; carepath reads a QuestionnaireResponse",
                                     type.empty() ? "resource" : type));
    for (auto it = root.begin(); it != root.end(); ++it) {
      std::string key = it->first.Scalar();
      if (key == "subject" || key == "author" || key == "source" || key == "encounter")
        error(it->first, fmt::format("'{}' is not allowed: intake records are anonymous and name no one", key));
      else if (key != "resourceType" && key != "id" && key != "meta" && key != "text" && key != "questionnaire" &&
               key != "status" && key != "authored" && key != "identifier" && key != "item" && key != "language")
        error(it->first, fmt::format("unknown field '{}' in a QuestionnaireResponse", key));
    }
    header("carepath", "1", root);
    const YAML::Node q = root["questionnaire"];
    std::string canonical = scalar(q);
    if (canonical.empty()) return error(root, "a QuestionnaireResponse for carepath must name its questionnaire");
    url_ = canonical.substr(0, canonical.find('|'));
    std::size_t cut = url_.find_last_of("/:");
    header("questionnaire", cut == std::string::npos ? url_ : url_.substr(cut + 1), q);
    if (std::size_t bar = canonical.find('|'); bar != std::string::npos)
      header("questionnaire_version", canonical.substr(bar + 1), q);
    identifier(root["identifier"]);
    r_.answers_present = true;
    items(root["item"]);
  }

 private:
  RawRecord& r_;
  const std::string& file_;
  int offset_;
  std::string url_;
  bool none_ = false;  // the answer read last was "none of these"

  Pos pos(const YAML::Node& n) const {
    YAML::Mark m = n.Mark();
    return m.is_null() ? r_.pos : Pos{file_, m.line + 1 + offset_, m.column + 1};
  }
  void error(const YAML::Node& n, std::string message) { r_.errors.push_back({pos(n), std::move(message)}); }
  static std::string scalar(const YAML::Node& n) { return n && n.IsScalar() ? n.Scalar() : ""; }

  void header(std::string key, std::string value, const YAML::Node& at) {
    RawField f;
    f.key = std::move(key);
    f.pos = pos(at);
    f.value.shape = RawValue::Shape::scalar;
    f.value.scalar = std::move(value);
    f.value.pos = f.pos;
    r_.header.push_back(std::move(f));
  }

  // The record's case_id travels as the identifier in carepath's own system; any other
  // identifier could name a person and is refused.
  void identifier(const YAML::Node& id) {
    if (!id) return;
    if (!id.IsMap() || scalar(id["system"]) != fhir_case_id_system(url_) || scalar(id["value"]).empty())
      return error(id, fmt::format("identifier: only a case_id in the system {} is allowed", fhir_case_id_system(url_)));
    header("case_id", scalar(id["value"]), id["value"]);
  }

  void items(const YAML::Node& list) {
    if (!list) return;
    if (!list.IsSequence()) return error(list, "item must be a list");
    for (const auto& it : list) item(it);
  }

  void item(const YAML::Node& it) {
    if (!it.IsMap()) return error(it, "an item must be an object with a linkId");
    std::string link = scalar(it["linkId"]);
    if (link.empty()) return error(it, "an item without a linkId");
    if (fhir_is_carepath_extra(link)) return;  // carepath works its scores out itself
    items(it["item"]);
    const YAML::Node answers = it["answer"];
    if (!answers) return;
    if (!answers.IsSequence() || answers.size() == 0)
      return error(answers, fmt::format("linkId '{}': answer must be a non-empty list", link));
    for (const auto& f : r_.answers)
      if (f.key == link) return error(it, fmt::format("linkId '{}' is answered twice", link));
    RawField f;
    f.key = link;
    f.pos = pos(it["linkId"]);
    f.value.pos = pos(answers);
    bool list = answers.size() > 1;
    for (const auto& a : answers) {
      std::string code;
      none_ = false;
      if (!answer(link, a, code, list)) return;
      if (none_ && answers.size() > 1)
        return error(a, fmt::format("linkId '{}': \"none of these\" cannot go with other answers", link));
      if (!none_) f.value.list.push_back(std::move(code));
      items(a["item"]);  // questions nested under an answer
    }
    if (list)
      f.value.shape = RawValue::Shape::list;
    else {
      f.value.shape = RawValue::Shape::scalar;
      f.value.scalar = std::move(f.value.list[0]);
      f.value.list.clear();
    }
    r_.answers.push_back(std::move(f));
  }

  // One answer as the text a YAML record would hold; `list` is set when a coding is one of a
  // multi item's. False after an error.
  bool answer(const std::string& link, const YAML::Node& a, std::string& out, bool& list) {
    if (!a.IsMap()) return error(a, fmt::format("linkId '{}': an answer must be an object", link)), false;
    int values = 0;
    for (auto v = a.begin(); v != a.end(); ++v) {
      std::string key = v->first.Scalar();
      if (key == "item") continue;
      ++values;
      if (key == "valueBoolean" || key == "valueInteger" || key == "valueString") {
        if (!v->second.IsScalar())
          return error(v->second, fmt::format("linkId '{}': {} must be a plain value", link, key)), false;
        out = v->second.Scalar();
      } else if (key == "valueCoding") {
        if (!coding(link, v->second, out, list)) return false;
      } else {
        return error(v->first, fmt::format("linkId '{}': {} is not an answer carepath reads (valueCoding, valueInteger, "
                                           "valueBoolean, valueString)",
                                           link, key)),
               false;
      }
    }
    if (values != 1) return error(a, fmt::format("linkId '{}': an answer must hold exactly one value", link)), false;
    return true;
  }

  bool coding(const std::string& link, const YAML::Node& c, std::string& out, bool& list) {
    std::string system = scalar(c["system"]), code = scalar(c["code"]);
    if (!c.IsMap() || code.empty()) return error(c, fmt::format("linkId '{}': a valueCoding needs a code", link)), false;
    if (system == fhir_none_system(url_) && code == fhir_none_code) {
      list = none_ = true;  // none of the codes: the empty list
      return true;
    }
    for (ItemType t : {ItemType::choice, ItemType::multi, ItemType::points})
      if (system == fhir_code_system(url_, t, link)) {
        if (t == ItemType::multi) list = true;
        out = code;
        return true;
      }
    error(c, fmt::format("linkId '{}': code '{}' of system '{}' is not one of the item's options (their system is {}/TYPE/{}, "
                         "TYPE choice, multi or points)",
                         link, code, system, url_, link));
    return false;
  }
};

}  // namespace

RawRecord raw_from_fhir(std::string_view text, const std::string& file, int line_offset, const std::string& source) {
  RawRecord r;
  r.source = source;
  r.pos = {file, line_offset + 1, 0};
  r.answers_present = true;  // a refused response names its own problems, not missing answers
  if (!check_yaml(text, record_yaml_limits, file, line_offset, r.errors)) return r;
  try {
    YAML::Node root = YAML::Load(std::string(text));
    ResponseReader(r, file, line_offset).read(root);
  } catch (const YAML::Exception& e) {
    r.errors.push_back({r.pos, yaml_error_message(e)});
  }
  return r;
}

}  // namespace carepath
