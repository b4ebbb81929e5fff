#pragma once
// The human report: text for the terminal, markdown for documents. Both are produced from one
// outline so that they always say the same things.
#include <string>

#include "render/result_output.hpp"

namespace carepath {

enum class ReportFormat { text, markdown };

struct ReportStyle {
  ReportFormat format = ReportFormat::text;
  bool color = false;
  std::size_t width = 78;
};

std::string render_report(const Engine& engine, const Outcome& o, const ReportStyle& style);

}  // namespace carepath
