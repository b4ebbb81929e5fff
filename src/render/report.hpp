#pragma once
// The human report: text for the terminal, markdown for documents. Both are produced from one
// outline so that they always say the same things. It reads like a counselor's note: labels,
// never item ids, codes or rule ids (the JSON result keeps those), the principle behind each
// step, and only those unknowns whose answer would change the result.
#include <string>
#include <string_view>

#include "render/result_output.hpp"
#include "render/sensitivity.hpp"

namespace carepath {

enum class ReportFormat { text, markdown };

struct ReportStyle {
  ReportFormat format = ReportFormat::text;
  bool color = false;
  std::size_t width = 78;  // visible columns; text_width(stdout) for a terminal
};

// `unknowns` is probe_unknowns() of the record: what `explain` reports, said in words.
// A heading in capitals: ASCII letters and the accented Latin letters of the languages offered
// ("qué" -> "QUÉ"), one UTF-8 character for another of the same length; everything else as is.
std::string upper_case(std::string_view s);

std::string render_report(const Engine& engine, const Outcome& o, const Unknowns& unknowns, const ReportStyle& style);

}  // namespace carepath
