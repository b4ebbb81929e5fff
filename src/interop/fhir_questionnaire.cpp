// The questionnaire as a FHIR R4 Questionnaire following SDC (Structured Data Capture).
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <optional>

#include "interop/fhir_export.hpp"
#include "interop/fhirpath.hpp"
#include "record/fhir_response.hpp"
#include "util/json_writer.hpp"
#include "util/text.hpp"

namespace carepath {

namespace {

constexpr const char* sdc = "http://hl7.org/fhir/uv/sdc/StructureDefinition/";
constexpr const char* core_ext = "http://hl7.org/fhir/StructureDefinition/";

bool same_pos(const Pos& a, const Pos& b) {
  return a.line == b.line && a.col == b.col && a.file == b.file;
}

// FHIR ids allow letters, digits, '-' and '.'; a computable name starts with a capital.
std::string fhir_id(std::string_view id) {
  std::string s(id);
  std::replace(s.begin(), s.end(), '_', '-');
  return s;
}
std::string fhir_name(std::string_view id) {
  std::string s;
  bool up = true;
  for (char ch : id) {
    if (!std::isalnum(static_cast<unsigned char>(ch))) {
      up = true;
      continue;
    }
    s += up ? static_cast<char>(std::toupper(static_cast<unsigned char>(ch))) : ch;
    up = false;
  }
  return s.empty() || !std::isalpha(static_cast<unsigned char>(s[0])) ? "Q" + s : s;
}

class QuestionnaireWriter {
 public:
  QuestionnaireWriter(const Content& c, std::vector<std::string>& lost)
      : c_(c), q_(c.questionnaire), url_(fhir_questionnaire_url(q_)), lost_(lost), w_(true) {}

  std::string write() {
    w_.begin_object().key("resourceType").value("Questionnaire").key("id").value(fhir_id(q_.id));
    w_.key("meta").begin_object().key("profile").begin_array();
    w_.value(std::string(sdc) + "sdc-questionnaire").end_array().end_object();
    w_.key("extension").begin_array();
    w_.begin_object().key("url").value(std::string(sdc) + "sdc-questionnaire-entryMode").key("valueCode").value("sequential");
    w_.end_object().end_array();
    w_.key("url").value(url_);
    if (!q_.version.empty()) w_.key("version").value(q_.version);
    w_.key("name").value(fhir_name(q_.id));
    if (!q_.title.empty()) w_.key("title").value(q_.title);
    w_.key("status").value("active");
    if (!q_.intro.empty()) w_.key("description").value(q_.intro);
    w_.key("item").begin_array();
    for (const Section& s : q_.sections) section(s);
    scores();
    w_.end_array().end_object();
    return w_.str();
  }

 private:
  const Content& c_;
  const Questionnaire& q_;
  std::string url_;
  std::vector<std::string>& lost_;
  JsonWriter w_;

  // The conditions every one of `items` has, minus those already said by an enclosing group.
  std::vector<const Condition*> common(const std::vector<int>& items, const std::vector<const Condition*>& outer) const {
    std::vector<const Condition*> out;
    if (items.empty()) return out;
    for (const Condition& cond : q_.items[static_cast<std::size_t>(items[0])].conditions) {
      auto has = [&](int i) {
        const auto& cs = q_.items[static_cast<std::size_t>(i)].conditions;
        return std::any_of(cs.begin(), cs.end(), [&](const Condition& o) { return same_pos(o.pos, cond.pos); });
      };
      bool in_outer = std::any_of(outer.begin(), outer.end(), [&](const Condition* o) { return same_pos(o->pos, cond.pos); });
      if (!in_outer && std::all_of(items.begin(), items.end(), has)) out.push_back(&cond);
    }
    return out;
  }

  // Writes enableWhen when FHIR can say the conditions; otherwise returns them as FHIRPath for
  // an enableWhenExpression, which goes with the item's other extensions.
  std::optional<std::string> conditions(const std::vector<const Condition*>& conds, std::string_view link) {
    if (conds.empty() || write_enable_when(w_, c_, conds)) return std::nullopt;
    std::vector<std::string> parts;
    for (const Condition* cond : conds) {
      auto p = fhirpath_condition(c_, cond->expr);
      if (!p) {
        lost_.push_back(fmt::format("'{}' is asked only when {}: FHIRPath cannot say this, so the form always asks it", link,
                                    cond->expr.source));
        return std::nullopt;
      }
      parts.push_back(conds.size() > 1 ? "(" + *p + ")" : *p);
    }
    return join(parts, " and ");
  }

  void extensions(const std::optional<std::string>& when, const Item* integer = nullptr, std::string_view control = {}) {
    if (!when && !integer && control.empty()) return;
    w_.key("extension").begin_array();
    if (when) expression("sdc-questionnaire-enableWhenExpression", *when);
    if (!control.empty()) item_control(control, "");
    if (integer) {
      w_.begin_object().key("url").value(std::string(core_ext) + "minValue").key("valueInteger").value(integer->min).end_object();
      w_.begin_object().key("url").value(std::string(core_ext) + "maxValue").key("valueInteger").value(integer->max).end_object();
    }
    w_.end_array();
  }

  void expression(std::string_view ext, const std::string& fhirpath) {
    w_.begin_object().key("url").value(std::string(sdc) + std::string(ext)).key("valueExpression").begin_object();
    w_.key("language").value("text/fhirpath").key("expression").value(fhirpath).end_object().end_object();
  }

  void item_control(std::string_view code, std::string_view display) {
    w_.begin_object()
        .key("url")
        .value(std::string(core_ext) + "questionnaire-itemControl")
        .key("valueCodeableConcept")
        .begin_object();
    w_.key("coding").begin_array().begin_object().key("system").value("http://hl7.org/fhir/questionnaire-item-control");
    w_.key("code").value(code);
    if (!display.empty()) w_.key("display").value(display);
    w_.end_object().end_array().end_object().end_object();
  }

  void help(std::string_view link, const std::string& text) {
    if (text.empty()) return;
    w_.begin_object().key("linkId").value(std::string(link) + ".help").key("text").value(text).key("type").value("display");
    w_.key("extension").begin_array();
    item_control("help", "Help-Button");
    w_.end_array().end_object();
  }

  void section(const Section& s) {
    auto outer = common(s.items, {});
    w_.begin_object().key("linkId").value(s.id).key("text").value(s.title.empty() ? s.id : s.title).key("type").value("group");
    extensions(conditions(outer, s.id));
    w_.key("item").begin_array();
    help(s.id, s.help);
    int open_group = -1;
    for (int i : s.items) {
      const Item& it = q_.items[static_cast<std::size_t>(i)];
      if (it.group != open_group) {
        if (open_group >= 0) w_.end_array().end_object();
        open_group = it.group;
        if (open_group >= 0) group(q_.groups[static_cast<std::size_t>(open_group)], outer);
      }
      std::vector<const Condition*> own = outer;
      if (it.group >= 0) {
        auto g = common(q_.groups[static_cast<std::size_t>(it.group)].items, outer);
        own.insert(own.end(), g.begin(), g.end());
      }
      item(it, own);
    }
    if (open_group >= 0) w_.end_array().end_object();
    w_.end_array().end_object();
  }

  // Opens a group item; the caller closes it after its items.
  void group(const Group& g, const std::vector<const Condition*>& outer) {
    w_.begin_object().key("linkId").value(g.id).key("text").value(g.label.empty() ? g.id : g.label).key("type").value("group");
    extensions(conditions(common(g.items, outer), g.id));
    w_.key("item").begin_array();
    help(g.id, g.help);
  }

  void item(const Item& it, const std::vector<const Condition*>& said) {
    w_.begin_object().key("linkId").value(it.id).key("text").value(it.label.empty() ? it.id : it.label);
    std::vector<const Condition*> own;
    for (const Condition& cond : it.conditions)
      if (std::none_of(said.begin(), said.end(), [&](const Condition* o) { return same_pos(o->pos, cond.pos); }))
        own.push_back(&cond);
    switch (it.type) {
      case ItemType::choice:
      case ItemType::multi:
      case ItemType::points:
        w_.key("type").value("choice");
        break;
      case ItemType::boolean:
        w_.key("type").value("boolean");
        break;
      case ItemType::integer:
        w_.key("type").value("integer");
        break;
      case ItemType::text:
        w_.key("type").value("string");
        break;
    }
    if (it.required) w_.key("required").value(true);
    if (it.type == ItemType::multi) w_.key("repeats").value(true);
    // Every option on show, as the terminal lists them: radio buttons, or check boxes for a list.
    std::string_view control = it.type == ItemType::multi ? "check-box" : it.codes.empty() ? "" : "radio-button";
    extensions(conditions(own, it.id), it.type == ItemType::integer ? &it : nullptr, control);
    if (!it.codes.empty()) options(it);
    if (!it.help.empty()) {
      w_.key("item").begin_array();
      help(it.id, it.help);
      w_.end_array();
    }
    w_.end_object();
  }

  void options(const Item& it) {
    std::string system = fhir_code_system(url_, it.type, it.id);
    w_.key("answerOption").begin_array();
    for (const Code& code : it.codes) {
      w_.begin_object().key("valueCoding").begin_object();
      if (it.type == ItemType::points) {  // the points as the option's score (SDC's ordinalValue)
        w_.key("extension").begin_array().begin_object().key("url").value(std::string(core_ext) + "ordinalValue");
        w_.key("valueDecimal").value(code.number).end_object().end_array();
      }
      w_.key("system").value(system).key("code").value(code.code).key("display").value(code.label.empty() ? code.code
                                                                                                          : code.label);
      w_.end_object().end_object();
    }
    if (it.type == ItemType::multi) {  // a record's empty list: none of the codes
      w_.begin_object().key("valueCoding").begin_object().key("system").value(fhir_none_system(url_));
      w_.key("code").value(fhir_none_code).key("display").value("None of these").end_object();
      w_.key("extension").begin_array().begin_object().key("url").value(std::string(core_ext) + "questionnaire-optionExclusive");
      w_.key("valueBoolean").value(true).end_object().end_array().end_object();
    }
    w_.end_array();
  }

  // Each score as a read-only item that the form calculates (SDC calculatedExpression).
  void scores() {
    if (q_.scores.empty()) return;
    w_.begin_object().key("linkId").value("carepath.scores").key("text").value("Scores").key("type").value("group");
    w_.key("item").begin_array();
    for (const Score& s : q_.scores) {
      w_.begin_object().key("linkId").value(s.id + ".total").key("text").value(s.label.empty() ? s.id : s.label);
      w_.key("type").value("integer").key("readOnly").value(true);
      w_.key("extension").begin_array();
      expression("sdc-questionnaire-calculatedExpression", fhirpath_score(c_, s));
      w_.end_array().end_object();
    }
    w_.end_array().end_object();
  }
};

}  // namespace

std::string fhir_questionnaire_json(const Content& c, std::vector<std::string>& lost) {
  return QuestionnaireWriter(c, lost).write();
}

}  // namespace carepath
