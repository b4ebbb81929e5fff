// carepath export: the questionnaire and records in other systems' formats (FHIR R4 SDC,
// REDCap, a printable codebook).
#include <fmt/format.h>

#include <iostream>

#include "cli/cli.hpp"
#include "engine/engine.hpp"
#include "interop/fhir_export.hpp"
#include "interop/tabular_export.hpp"
#include "render/result_output.hpp"

namespace carepath {

namespace {

struct ExportOptions {
  ContentOptions content;
  std::string what;  // questionnaire or record
  std::string record;
  std::string to;
};

int run_export_questionnaire(const ExportOptions& o) {
  // Only the codebook is for people; FHIR and REDCap are data for other systems.
  auto content = load_content_or_throw(o.content.paths(o.to == "markdown"));
  if (o.to == "fhir") {
    std::vector<std::string> lost;
    std::cout << fhir_questionnaire_json(*content, lost) << "\n";
    for (const auto& l : lost) std::cerr << _("carepath: warning: ") << l << "\n";
  } else if (o.to == "redcap") {
    std::cout << redcap_dictionary_csv(*content);
  } else if (o.to == "markdown") {
    std::cout << codebook_markdown(*content);
  } else {
    throw Error(exit_usage, trf("export questionnaire --to {}: expected fhir, redcap or markdown", o.to));
  }
  std::cout.flush();
  return exit_ok;
}

// True when every answer is allowed and every answered item applies: what is wrong is only
// what is not answered yet. `rec` receives the answers.
bool in_progress(const Content& c, const RawRecord& raw, Record& rec) {
  std::vector<Diagnostic> errors;
  validate_answers(raw, c, errors, rec);
  if (!errors.empty()) return false;
  for (std::size_t i = 0; i < c.questionnaire.items.size(); ++i)
    if (rec.answered(static_cast<int>(i)) && !item_applies(c.questionnaire, static_cast<int>(i), rec.answers).value) return false;
  return true;
}

int run_export_record(const ExportOptions& o) {
  if (o.to != "fhir" && o.to != "fhir-bundle")
    throw Error(exit_usage, trf("export record --to {}: expected fhir or fhir-bundle", o.to));
  auto content = load_content_or_throw(o.content.paths(false));
  Engine engine(*content);
  RawRecord raw = read_single_record(o.record);
  Outcome out = score_record(engine, raw);
  FhirResponseOptions fo;
  // A health record never receives answers that carepath itself would refuse. An intake still
  // in progress (every answer allowed, some required ones missing) is a response in progress;
  // a bundle needs a result, so only a complete record makes one.
  if (!out.ok() && o.to == "fhir" && in_progress(*content, raw, out.record))
    fo.completed = false;
  else
    throw_if_invalid(out.source, out.errors);
  std::cout << (o.to == "fhir" ? fhir_response_json(*content, out.record, fo) : fhir_bundle_json(engine, out, fo)) << "\n";
  std::cout.flush();
  return exit_ok;
}

}  // namespace

void setup_export(CLI::App& app, Action& action) {
  auto* sub =
      app.add_subcommand("export", _("Export the questionnaire or a record as FHIR R4, a REDCap dictionary or a codebook"));
  sub->require_subcommand(1);
  {
    auto o = std::make_shared<ExportOptions>();
    auto* q = sub->add_subcommand(
        "questionnaire", _("The questionnaire as a FHIR SDC Questionnaire, REDCap data dictionary or Markdown codebook"));
    q->add_option("--to,-t", o->to, _(_("Target format")))
        ->required()
        ->check(CLI::IsMember({"fhir", "redcap", "markdown"}))
        ->type_name("fhir|redcap|markdown");
    add_content_options(*q, o->content);
    add_lang_option(*q);
    q->callback([o, &action] { action = [o] { return run_export_questionnaire(*o); }; });
  }
  {
    auto o = std::make_shared<ExportOptions>();
    auto* r = sub->add_subcommand("record", _("A record as a FHIR QuestionnaireResponse, or a Bundle with its result"));
    r->add_option("RECORD", o->record, _("Intake record (YAML, JSON or a QuestionnaireResponse); '-' reads standard input"))
        ->required();
    r->add_option("--to,-t", o->to, "Target format")
        ->required()
        ->check(CLI::IsMember({"fhir", "fhir-bundle"}))
        ->type_name("fhir|fhir-bundle");
    add_content_options(*r, o->content);
    r->callback([o, &action] { action = [o] { return run_export_record(*o); }; });
  }
}

}  // namespace carepath
