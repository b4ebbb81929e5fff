// What a record gives in each output format, and the batches written in input order, with
// progress on a terminal.
#include <fmt/format.h>

#include <algorithm>
#include <cstdio>

#include "batch/batch_runner.hpp"
#include "render/result_output.hpp"
#include "util/i18n.hpp"
#include "util/text.hpp"

namespace carepath {

namespace {

const TableRow table_head = {"case_id",       "source",      "status",  "emergency",     "",
                             "primary_level", "alternative", "pathway", "flags or error"};

}  // namespace

std::string BufferPool::take() {
  std::lock_guard lock(mu_);
  if (free_.empty()) return {};
  std::string s = std::move(free_.back());
  free_.pop_back();
  s.clear();
  return s;
}

void BufferPool::give(std::string&& s) {
  if (s.capacity() > (4u << 20)) return;  // an outsized buffer is not worth its memory
  // Every buffer kept was in use at once with the others (a text and an output per batch in
  // flight): keeping them all adds nothing to the peak, and with two jobs or more a pool of a
  // few meant a fresh 256 KiB, and its page faults, for most batches.
  std::lock_guard lock(mu_);
  free_.push_back(std::move(s));
}

// `memo`: what the memo gave for o, if it was asked (its result stands for o.result).
void BatchRunner::Impl::finish_record(Batch& b, Outcome& o, int actual, OutcomeMemo::Scored memo) {
  const Result& r = memo.result ? *memo.result : o.result;
  // The decision recorded is the record's own, never part of a remembered outcome.
  if (o.ok())
    if (auto d = placement_problem(engine, o.record, r)) o.errors.push_back(*d), memo = {};
  b.summary.add(o, r, actual);
  if (opt.observer) opt.observer->add(*b.observed, o);  // no memo then: o.result is r
  switch (opt.format) {
    case OutputFormat::jsonl: {
      append_result_json(b.out, engine, o, false, json_parts ? &*json_parts : nullptr);
      add_batch_fields(b.out, o.record, o.ok() ? &r : nullptr, actual);
      b.out += '\n';
      break;
    }
    case OutputFormat::csv: {
      append_result_csv(b.out, engine, o, r, memo.columns, memo.messages);
      StagedOutput tail(b.out);
      add_batch_columns(tail, o.ok(), r, actual);
      tail.put('\n');
      break;
    }
    case OutputFormat::table: b.table.push_back(table_row(o, r)); break;
    case OutputFormat::summary: break;
  }
}

// Fields beyond the contract that only batch input can give: which answers came from a
// mapping's constants, and the level the table says the person actually went to.
// `out` ends with the result object just written: its closing brace is taken off and put back.
// r: null for an error
void BatchRunner::Impl::add_batch_fields(std::string& out, const Record& rec, const Result* r, int actual) const {
  out.pop_back();
  const auto& items = content.questionnaire.items;
  bool any = false;
  for (std::size_t i = 0; i < rec.from_constant.size(); ++i)
    if (rec.from_constant[i]) {
      out += any ? "," : ",\"constants\":[";
      append_json_quoted(out, items[i].id);
      any = true;
    }
  if (any) out += ']';
  if (opt.mapping && opt.mapping->actual) {
    out += ",\"actual_level\":";
    auto a = ActualPlacement::of(actual, content.rules.levels.size());
    if (a.level >= 0) append_json_quoted(out, content.rules.levels[static_cast<std::size_t>(a.level)].id);
    else out += "null";
  }
  if (r && opt.mapping && opt.mapping->missing_required_unknown) {
    out += ",\"missing_required\":[";
    for (std::size_t k = 0; k < r->missing_required.size(); ++k) {
      if (k) out += ',';
      append_json_quoted(out, items[static_cast<std::size_t>(r->missing_required[k])].id);
    }
    out += ']';
  }
  out += '}';
}

// The same fields as CSV columns after the contract's (batch_csv_header() names them): only
// those the mapping gives. The constants are the mapping's, the same for every scored row.
void BatchRunner::Impl::add_batch_columns(StagedOutput& out, bool ok, const Result& r, int actual) const {
  if (!opt.mapping) return;
  add_actual_column(out, actual);
  add_batch_tail(out, ok, r);
}

void BatchRunner::Impl::add_actual_column(StagedOutput& out, int actual) const {
  if (opt.mapping->actual) out.put_padded(actual_cells.at(static_cast<std::size_t>(actual + 1)).view());
}

void BatchRunner::Impl::add_batch_tail(StagedOutput& out, bool ok, const Result& r) const {
  if (!opt.mapping->constants.empty()) {
    out.put(',');
    if (ok) out.put(constant_ids);
  }
  if (opt.mapping->missing_required_unknown) {
    out.put(',');
    if (ok)
      for (std::size_t k = 0; k < r.missing_required.size(); ++k) {
        if (k) out.put('|');
        out.put(content.questionnaire.items[static_cast<std::size_t>(r.missing_required[k])].id);
      }
  }
}

std::string BatchRunner::Impl::batch_csv_header() const {
  std::string h;
  if (!opt.mapping) return h;
  if (opt.mapping->actual) h += ",actual_level";
  if (!opt.mapping->constants.empty()) h += ",constants";
  if (opt.mapping->missing_required_unknown) h += ",missing_required";
  return h;
}

TableRow BatchRunner::Impl::table_row(const Outcome& o, const Result& r) const {
  TableRow row{o.case_id.value_or("-"), o.source, o.ok() ? "ok" : "error"};
  if (o.record.unfinished) row[2] += " (intake not finished)";
  if (o.ok()) {
    auto level = [&](int l) { return l >= 0 ? content.rules.levels[static_cast<std::size_t>(l)].id : std::string("-"); };
    row[3] = r.emergency ? "EMERGENCY" : "-";
    row[4] = content.symbols.name(r.setting);
    row[5] = level(r.primary_level);
    row[6] = level(r.alternative);
    row[7] = join(pathway_ids(engine, r), ">");
    row[8] = join(flag_ids(engine, r), ",");
  } else {
    row[8] = o.errors.front().message + (o.errors.size() > 1 ? fmt::format(" (+{} more)", o.errors.size() - 1) : "");
  }
  return row;
}
void BatchRunner::Impl::emit(Batch& b) {
  if (opt.format == OutputFormat::table && !b.table.empty()) {
    if (!table_started) start_table(&b.table);
    std::string out;
    for (const auto& row : b.table) out += table_line(row);
    self.write_(out);
  } else if (!b.out.empty()) {
    self.write_(b.out);
  }
  buffers.give(std::move(b.text));
  buffers.give(std::move(b.out));
  self.summary_.merge(b.summary);
  if (opt.observer) opt.observer->merge(*b.observed);
  self.parsed_ += b.parsed;
  done_bytes += b.bytes;
  if (progress_on) show_progress(false);
}

// People read the first rows; later rows wider than those only push their line out.
void BatchRunner::Impl::start_table(const std::vector<TableRow>* first) {
  table_started = true;
  auto head = table_head;
  head[4] = content.rules.setting.field;
  for (std::size_t i = 0; i < head.size(); ++i) widths[i] = head[i].size();
  if (first)
    for (const auto& row : *first)
      for (std::size_t i = 0; i < row.size(); ++i) widths[i] = std::min<std::size_t>(std::max(widths[i], row[i].size()), 48);
  self.write_(table_line(head));
}

std::string BatchRunner::Impl::table_line(const TableRow& row) const {
  std::string line;
  for (std::size_t i = 0; i < row.size(); ++i) {
    line += row[i];
    if (i + 1 < row.size()) line += std::string(row[i].size() < widths[i] ? widths[i] - row[i].size() + 2 : 2, ' ');
  }
  line += '\n';
  return line;
}

void BatchRunner::Impl::show_progress(bool last) {
  auto now = std::chrono::steady_clock::now();
  if (!last && now - last_progress < std::chrono::milliseconds(200)) return;
  last_progress = now;
  if (last) {
    std::fputs("\r\033[K", stderr);
    return;
  }
  // Records read, not yet counted: rows the memo knows are counted when the run ends.
  std::size_t n = self.parsed_;
  std::string line = fmt::format(fmt::runtime(trn("{} record", "{} records", n)), n);
  if (total_bytes)
    line += fmt::format(", {:3.0f}%",
                        100.0 * static_cast<double>(std::min(done_bytes, total_bytes)) / static_cast<double>(total_bytes));
  fmt::print(stderr, "\r{}", line);
  std::fflush(stderr);
}

}  // namespace carepath
