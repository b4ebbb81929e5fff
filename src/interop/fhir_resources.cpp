// A record as a QuestionnaireResponse, and with its result as a Bundle.
#include <fmt/format.h>
#include <simdjson.h>

#include <ctime>

#include "interop/fhir_export.hpp"
#include "record/fhir_response.hpp"
#include "util/error.hpp"
#include "util/json_writer.hpp"
#include "util/sha256.hpp"

namespace carepath {

namespace {

// Substance use disorder records are restricted (HL7 v3 Confidentiality R) and fall under
// 42 CFR Part 2 (HL7 v3 ActCode 42CFRPart2): what US systems look for before disclosing them.
void write_meta(JsonWriter& w) {
  w.key("meta").begin_object().key("security").begin_array();
  w.begin_object().key("system").value("http://terminology.hl7.org/CodeSystem/v3-Confidentiality");
  w.key("code").value("R").key("display").value("restricted").end_object();
  w.begin_object().key("system").value("http://terminology.hl7.org/CodeSystem/v3-ActCode");
  w.key("code").value("42CFRPart2").key("display").value("42 CFR Part2").end_object();
  w.end_array().end_object();
}

void write_response(JsonWriter& w, const Content& c, const Record& r, const FhirResponseOptions& o) {
  const Questionnaire& q = c.questionnaire;
  const std::string url = fhir_questionnaire_url(q);
  w.begin_object().key("resourceType").value("QuestionnaireResponse");
  write_meta(w);
  if (r.case_id) {
    w.key("identifier").begin_object().key("system").value(fhir_case_id_system(url)).key("value").value(*r.case_id);
    w.end_object();
  }
  w.key("questionnaire").value(q.version.empty() ? url : url + "|" + q.version);
  w.key("status").value(o.completed ? "completed" : "in-progress");
  w.key("authored").value(o.authored.empty() ? fhir_now() : o.authored);
  w.key("item").begin_array();
  auto answer = [&](const Item& it, const Value& v, std::size_t i) {
    w.begin_object()
        .key("linkId")
        .value(it.id)
        .key("text")
        .value(it.label.empty() ? it.id : it.label)
        .key("answer")
        .begin_array();
    auto coding = [&](const std::string& system, const std::string& code, const std::string& display) {
      w.begin_object().key("valueCoding").begin_object().key("system").value(system).key("code").value(code);
      w.key("display").value(display.empty() ? code : display).end_object().end_object();
    };
    const std::string system = fhir_code_system(url, it.type, it.id);
    switch (it.type) {
      case ItemType::boolean:
        w.begin_object().key("valueBoolean").value(v.i != 0).end_object();
        break;
      case ItemType::integer:
        w.begin_object().key("valueInteger").value(static_cast<long long>(v.i)).end_object();
        break;
      case ItemType::text:
        w.begin_object().key("valueString").value(r.text[i]).end_object();
        break;
      case ItemType::choice: {
        const Code& code = it.codes[static_cast<std::size_t>(it.code_index(static_cast<Sym>(v.i)))];
        coding(system, code.code, code.label);
        break;
      }
      case ItemType::points:
        for (const Code& code : it.codes)
          if (code.number == v.i) coding(system, code.code, code.label);
        break;
      case ItemType::multi:
        if (v.bits() == 0) coding(fhir_none_system(url), std::string(fhir_none_code), "None of these");
        for (std::size_t b = 0; b < it.codes.size(); ++b)
          if (v.bits() >> b & 1u) coding(system, it.codes[b].code, it.codes[b].label);
        break;
    }
    w.end_array().end_object();
  };
  auto answered = [&](const std::vector<int>& items) {
    for (int i : items)
      if (r.answered(i)) return true;
    return false;
  };
  for (const Section& s : q.sections) {
    if (!answered(s.items)) continue;  // a group in a response holds answers
    w.begin_object().key("linkId").value(s.id).key("text").value(s.title.empty() ? s.id : s.title).key("item").begin_array();
    int open_group = -1;
    for (int i : s.items) {
      const Item& it = q.items[static_cast<std::size_t>(i)];
      if (it.group != open_group) {
        if (open_group >= 0) w.end_array().end_object();
        open_group = -1;
        if (it.group >= 0 && answered(q.groups[static_cast<std::size_t>(it.group)].items)) {
          const Group& g = q.groups[static_cast<std::size_t>(it.group)];
          open_group = it.group;
          w.begin_object()
              .key("linkId")
              .value(g.id)
              .key("text")
              .value(g.label.empty() ? g.id : g.label)
              .key("item")
              .begin_array();
        }
      }
      if (r.answered(i)) answer(it, r.answers[static_cast<std::size_t>(i)], static_cast<std::size_t>(i));
    }
    if (open_group >= 0) w.end_array().end_object();
    w.end_array().end_object();
  }
  w.end_array().end_object();
}

// A urn:uuid made from the record's answers, the result's digest and the resource's place, so
// that the same export gives the same bundle (name-based, version 5 layout).
std::string uuid_of(std::string_view seed, int n) {
  std::string h = sha256_hex(fmt::format("{}#{}", seed, n));
  h[12] = '5';
  h[16] = "89ab"[(h[16] - (h[16] >= 'a' ? 'a' - 10 : '0')) & 3];
  return fmt::format("urn:uuid:{}-{}-{}-{}-{}", h.substr(0, 8), h.substr(8, 4), h.substr(12, 4), h.substr(16, 4),
                     h.substr(20, 12));
}

namespace od = simdjson::ondemand;

std::string text_of(od::value v) {
  if (v.type() == od::json_type::string) return std::string(std::string_view(v.get_string()));
  return std::string(simdjson::to_json_string(v).value());
}

}  // namespace

std::string fhir_now() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string fhir_response_json(const Content& c, const Record& r, const FhirResponseOptions& o) {
  JsonWriter w(true);
  write_response(w, c, r, o);
  return w.str();
}

std::string fhir_bundle_json(const Engine& engine, const Outcome& out, const FhirResponseOptions& opts) {
  const Content& c = engine.content();
  const RuleSet& rs = c.rules;
  FhirResponseOptions o = opts;
  if (o.authored.empty()) o.authored = fhir_now();
  const std::string url = fhir_questionnaire_url(c.questionnaire);
  // The contract's result object is the one source of what the bundle says, so that whatever a
  // result rates (scores, dimensions) becomes an Observation without the exporter naming it.
  std::string result = result_json(engine, out, false);
  std::string response = fhir_response_json(c, out.record, o);
  const std::string seed = response + result;
  const std::string response_id = uuid_of(seed, 0);
  simdjson::padded_string padded(result);
  od::parser parser;
  od::document doc = parser.iterate(padded);

  JsonWriter w(true);
  w.begin_object().key("resourceType").value("Bundle");
  write_meta(w);
  w.key("type").value("collection").key("timestamp").value(o.authored).key("entry").begin_array();
  w.begin_object().key("fullUrl").value(response_id).key("resource");
  write_response(w, c, out.record, o);
  w.end_object();

  std::vector<std::string> observations;
  auto observation = [&](const std::string& field, od::value v) {
    std::string id = uuid_of(seed, static_cast<int>(observations.size()) + 1);
    observations.push_back(id);
    w.begin_object().key("fullUrl").value(id).key("resource").begin_object().key("resourceType").value("Observation");
    write_meta(w);
    w.key("status").value("final");
    w.key("code").begin_object().key("coding").begin_array().begin_object().key("system").value(url + "/result");
    w.key("code").value(field).end_object().end_array().key("text").value(field).end_object();
    w.key("effectiveDateTime").value(o.authored);
    switch (v.type()) {
      case od::json_type::number:
        w.key("valueInteger").value(static_cast<long long>(v.get_int64()));
        break;
      case od::json_type::boolean:
        w.key("valueBoolean").value(bool(v.get_bool()));
        break;
      case od::json_type::string: {
        std::string s = text_of(v);
        w.key("valueCodeableConcept").begin_object().key("coding").begin_array().begin_object();
        w.key("system").value(url + "/result/" + field).key("code").value(s).end_object().end_array().key("text").value(s);
        w.end_object();
        break;
      }
      default:
        w.key("dataAbsentReason").begin_object().key("coding").begin_array().begin_object();
        w.key("system").value("http://terminology.hl7.org/CodeSystem/data-absent-reason").key("code").value("unknown");
        w.end_object().end_array().end_object();
    }
    w.key("derivedFrom").begin_array().begin_object().key("reference").value(response_id).end_object().end_array();
    w.end_object().end_object();
  };
  std::vector<std::string> pathway, medications, rationale;
  std::string alternative;
  for (auto f : doc.get_object()) {
    std::string key(std::string_view(f.unescaped_key()));
    od::value v = f.value();
    if (v.type() == od::json_type::object && (key == "scores" || key == "dimensions")) {
      for (auto s : v.get_object()) observation(key + "." + std::string(std::string_view(s.unescaped_key())), s.value());
    } else if (key == "pathway" || key == "medications") {
      for (auto e : v.get_array()) (key == "pathway" ? pathway : medications).push_back(text_of(e.value()));
    } else if (key == "alternative" && !v.is_null()) {
      alternative = text_of(v);
    } else if (key == "rationale") {
      for (auto e : v.get_array()) rationale.push_back(text_of(e.value()["text"].value()));
    }
  }

  w.begin_object().key("fullUrl").value(uuid_of(seed, static_cast<int>(observations.size()) + 1)).key("resource").begin_object();
  w.key("resourceType").value("CarePlan");
  write_meta(w);
  w.key("status").value("draft").key("intent").value("proposal").key("title").value(rs.title.empty() ? rs.id : rs.title);
  w.key("subject").begin_object().key("display").value("anonymous intake record (carepath records name no one)").end_object();
  w.key("supportingInfo").begin_array();
  w.begin_object().key("reference").value(response_id).end_object();
  for (const auto& id : observations) w.begin_object().key("reference").value(id).end_object();
  w.end_array().key("activity").begin_array();
  auto level = [&](const std::string& id, const std::string& status, const std::string& prefix) {
    int l = rs.find_level(id);
    const std::string label =
        l >= 0 && !rs.levels[static_cast<std::size_t>(l)].label.empty() ? rs.levels[static_cast<std::size_t>(l)].label : id;
    w.begin_object().key("detail").begin_object().key("kind").value("ServiceRequest");
    w.key("code").begin_object().key("coding").begin_array().begin_object().key("system").value(url + "/level");
    w.key("code").value(id).key("display").value(label).end_object().end_array().key("text").value(label).end_object();
    w.key("status").value(status).key("description").value(prefix + label).end_object().end_object();
  };
  for (const auto& id : pathway) level(id, "not-started", "");
  if (!alternative.empty()) level(alternative, "on-hold", "Alternative: ");
  for (const auto& id : medications) {
    int m = rs.find_medication(id);
    const std::string label = m >= 0 && !rs.medications[static_cast<std::size_t>(m)].label.empty()
                                  ? rs.medications[static_cast<std::size_t>(m)].label
                                  : id;
    w.begin_object().key("detail").begin_object().key("kind").value("MedicationRequest");
    w.key("productCodeableConcept")
        .begin_object()
        .key("coding")
        .begin_array()
        .begin_object()
        .key("system")
        .value(url + "/medication");
    w.key("code").value(id).key("display").value(label).end_object().end_array().key("text").value(label).end_object();
    w.key("status").value("not-started").key("description").value("To discuss: " + label).end_object().end_object();
  }
  w.end_array();
  if (!rationale.empty()) {
    w.key("note").begin_array();
    for (const auto& t : rationale) w.begin_object().key("text").value(t).end_object();
    w.end_array();
  }
  w.end_object().end_object();
  w.end_array().end_object();
  return w.str();
}

}  // namespace carepath
