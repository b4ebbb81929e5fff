// The workers' side of batch scoring: a batch's text read into records (or, for a row or line
// the outcome memo knows, into its key alone) and scored.
#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <fstream>

#include "batch/batch_runner.hpp"
#include "record/anonymity.hpp"
#include "util/text.hpp"

namespace carepath {

void BatchRunner::Impl::score_raw(Batch& b, BatchWorker& w, const RawRecord& raw) {
  OutcomeMemo::Scored scored;
  if (w.memo) scored = w.memo->score(raw, w.outcome);
  else score_record(engine, raw, w.outcome);
  finish_record(b, w.outcome, -1, scored);
}

OutcomeMemo::Scored BatchRunner::Impl::score_typed(BatchWorker& w, Outcome& o, const Pos& where, bool looked_up) {
  if (w.memo) return w.memo->score(o, where, looked_up);
  check_applicability(content, o.record, where, o.errors);
  if (o.errors.empty()) engine.evaluate(o.record, o.result);
  return {};
}

RawRecord BatchRunner::Impl::raw_from_csv(const FileInfo& f, const std::vector<CsvField>& row, int line) const {
  RawRecord r;
  r.source = fmt::format("{}:{}", f.name, line);
  r.pos = {f.name, line, 0};
  r.answers_present = true;
  auto field = [&](std::string key, std::string value, int col) {
    RawField rf;
    rf.key = std::move(key);
    rf.pos = {f.name, line, col};
    rf.value.shape = RawValue::Shape::scalar;
    rf.value.scalar = std::move(value);
    rf.value.pos = rf.pos;
    return rf;
  };
  // A CSV table of our own items carries no header fields: they are implied.
  r.header.push_back(field("carepath", "1", 0));
  r.header.push_back(field("questionnaire", content.questionnaire.id, 0));
  for (std::size_t k = 0; k < row.size() && k < f.width; ++k)
    if (f.item_at[k] < 0 && !row[k].text.empty()) r.header.push_back(field("case_id", std::string(row[k].text), row[k].col));
  if (row.size() != f.width) {
    r.errors.push_back({r.pos, fmt::format("the row has {} fields; the header has {}", row.size(), f.width)});
    return r;
  }
  for (std::size_t k = 0; k < row.size(); ++k) {
    int item = f.item_at[k];
    if (row[k].text.empty() || item < 0) continue;
    const Item& it = content.questionnaire.items[static_cast<std::size_t>(item)];
    RawField rf = field(it.id, std::string(row[k].text), row[k].col);
    if (it.type == ItemType::multi) {
      rf.value.shape = RawValue::Shape::list;
      std::string_view cell = row[k].text;
      // "[]" is the empty list (none of the codes), as in YAML; an empty cell is unanswered.
      while (trim_view(cell) != "[]") {
        auto bar = cell.find('|');
        std::string_view code = trim_view(cell.substr(0, bar));
        if (!code.empty()) rf.value.list.emplace_back(code);
        if (bar == std::string_view::npos) break;
        cell.remove_prefix(bar + 1);
      }
      rf.value.scalar.clear();
    }
    r.answers.push_back(std::move(rf));
  }
  return r;
}

// A mapped row the long way: its record built from its cells, then scored.
void BatchRunner::Impl::score_mapped(Batch& b, BatchWorker& w, const BatchWorker::CsvRow& row, TextKind kind) {
  const FileInfo& f = *b.file;
  Outcome& o = w.mapped;
  std::swap(w.row.record, o.record);
  std::swap(w.row.errors, o.errors);
  f.mapping->apply(row.cells, row.line, kind, w.row);
  std::swap(w.row.record, o.record);
  std::swap(w.row.errors, o.errors);
  o.source.clear();
  append_position(o.source, f.name, row.line);
  if (!row.error.empty()) o.errors.push_back({{f.name, row.line, 0}, row.error});
  o.case_id = o.record.case_id;
  Pos where{f.name, row.line, 0};
  OutcomeMemo::Scored scored;
  // A keyed row reached here because find() missed its key.
  if (o.errors.empty()) scored = score_typed(w, o, where, row.keyed);
  finish_record(b, o, w.row.actual, scored);
}

const BatchWorker::KnownRow& BatchRunner::Impl::known_row(Batch& b, BatchWorker& w, const OutcomeMemo::Scored& s) const {
  if (w.known_at.empty()) w.known_at.assign(OutcomeMemo::max_decisions, 0);
  std::uint32_t& at = w.known_at[s.decision];
  if (at != 0) return w.known[at - 1];
  Summary::Shape shape = b.summary.shape_of(*s.result, w.flags_scratch);
  auto size = [](const auto& v) { return static_cast<std::uint32_t>(v.size()); };
  BatchWorker::KnownRow k{};
  k.level = shape.level;
  k.setting = shape.setting;
  k.emergency = shape.emergency;
  k.ints = size(w.known_ints);
  k.flags = size(shape.flags);
  k.missing = size(shape.missing);
  k.text = size(w.known_text);
  w.known_ints.insert(w.known_ints.end(), shape.flags.begin(), shape.flags.end());
  w.known_ints.insert(w.known_ints.end(), shape.missing.begin(), shape.missing.end());
  {
    StagedOutput out(w.known_text);
    append_known_csv_columns(out, engine, *s.columns);
    out.flush();
    k.before_actual = size(w.known_text);
    add_batch_tail(out, true, *s.result);
    out.put('\n');
  }
  k.end = size(w.known_text);
  w.known_text.append(StagedOutput::padding, '\0');  // for put_padded()
  w.known.push_back(k);
  w.known_tally.resize(w.known.size() * actual_slots);
  at = size(w.known);
  return w.known.back();
}

void BatchRunner::Impl::add_known_counts(const BatchWorker& w) {
  for (std::size_t k = 0; k < w.known.size(); ++k)
    for (std::size_t a = 0; a < actual_slots; ++a)
      if (std::size_t n = w.known_tally[k * actual_slots + a])
        self.summary_.add(w.known[k].shape(w.known_ints), static_cast<int>(a) - 1, n);
}

// `where`: the file's name, for the line to be set (a Pos made a row would copy it). `out`
// stages the rows the memo knows, written to b.out when it fills and before any other row.
void BatchRunner::Impl::score_csv_row(Batch& b, BatchWorker& w, BatchWorker::CsvRow& row, TextKind kind, Pos& where,
                                      StagedOutput& out) {
  const FileInfo& f = *b.file;
  if (!f.mapping) {
    out.flush();
    RawRecord raw = raw_from_csv(f, row.cells, row.line);
    if (!row.error.empty()) raw.errors.push_back({raw.pos, row.error});
    score_raw(b, w, raw);
    return;
  }
  // A row whose key the memo knows needs no record: its cells gave the key. An accepted one
  // written as CSV needs no Outcome either: it is written from its cells and the memo's columns.
  if (row.keyed) {
    Outcome& k = w.keyed;  // no errors, placement or unfinished mark: what finish_record() checks
    where.line = row.line;
    if (auto found = w.memo->find(row.key, k, where, row.hash)) {
      if (found->columns && opt.format == OutputFormat::csv && f.plain_name) {
        const BatchWorker::KnownRow& known = known_row(b, w, *found);
        auto index = static_cast<std::size_t>(&known - w.known.data());
        ++w.known_tally[index * actual_slots + static_cast<std::size_t>(row.actual + 1)];
        // What append_result_csv() and add_batch_columns() write for the row. The label needs
        // no quotes: key() took it only if case_id_problem() accepts it, which no CSV special
        // character passes (a unit test holds the two together). Nor was it unescaped (no quote
        // passes either): it lies in the batch's text, which is padded, as the other texts are.
        out.put_padded(row.label);
        out.put_padded(f.source_cell.view());
        out.put_int(row.line);
        const char* text = w.known_text.data();
        out.put_padded({text + known.text, text + known.before_actual});
        add_actual_column(out, row.actual);
        out.put_padded({text + known.before_actual, text + known.end});
        return;
      }
      out.flush();
      if (row.label.empty())
        k.case_id.reset();
      else if (k.case_id)
        k.case_id->assign(row.label);  // keeps its buffer
      else
        k.case_id.emplace(row.label);
      k.source.clear();
      append_position(k.source, f.name, row.line);
      finish_record(b, k, row.actual, *found);
      return;
    }
  }
  out.flush();
  score_mapped(b, w, row, kind);
}

// Rows are read a few at a time and the memo told their keys before any is looked up: the
// table's slots are then on their way to the cache when find() reads them.
void BatchRunner::Impl::work_csv(Batch& b, BatchWorker& w) {
  const FileInfo& f = *b.file;
  std::string_view text(b.text.data(), b.text_size);
  CsvReader reader(text, b.first_line, w.ahead.size());
  TextKind kind = f.mapping && !opt.parse_only ? text_kind(text) : TextKind::any;
  const bool keyed = w.memo && f.mapping && mapped_keys;
  Pos where{f.name, 0, 0};
  StagedOutput out(b.out);
  for (bool more = true; more;) {
    std::size_t n = 0;
    // A row a slot each, blank lines too: the reader keeps as many rows' fields as there are slots.
    for (; n < w.ahead.size(); ++n) {
      BatchWorker::CsvRow& row = w.ahead[n];
      if (!(more = reader.next(row.cells))) break;
      row.skip = row.cells.size() == 1 && row.cells[0].text.empty();  // a blank line
      if (row.skip) continue;
      ++b.parsed;
      if ((row.skip = opt.parse_only)) continue;
      row.line = reader.row_line();
      row.error = reader.error();
      row.keyed =
          keyed && row.error.empty() &&
          mapped_keys->key(*f.mapping, f.key_columns, row.cells, row.line, kind, row.key, row.label, row.actual, w.scratch);
#ifndef CAREPATH_MEMO_NO_PREFETCH  // (bench/memo-tricks.sh measures without)
      if (row.keyed) row.hash = w.memo->prefetch(row.key);
#endif
    }
    for (std::size_t k = 0; k < n; ++k)
      if (!w.ahead[k].skip) score_csv_row(b, w, w.ahead[k], kind, where, out);
  }
}

void BatchRunner::Impl::work_jsonl(Batch& b, BatchWorker& w) {
  const char* p = b.text.data();
  const char* end = p + b.text_size;
  int line = b.first_line;
  Pos where{b.file->name, 0, 1};
  for (; p < end; ++line) {
    const char* nl = static_cast<const char*>(std::memchr(p, '\n', static_cast<std::size_t>(end - p)));
    const char* stop = nl ? nl : end;
    std::string_view text(p, static_cast<std::size_t>(stop - p));
    p = nl ? nl + 1 : end;
    if (trim_view(text).empty()) continue;
    ++b.parsed;
    if (opt.parse_only) {
      w.parser.walk(text);
      continue;
    }
    // A plain line is read straight into its typed record (which the memo, if any, keys).
    Outcome& o = w.plain;
    if (jsonl_plan && w.parser.read_plain(text, content, *jsonl_plan, o.record)) {
      o.case_id = o.record.case_id;
      o.source.clear();
      append_position(o.source, b.file->name, line);
      o.errors.clear();
      where.line = line;
      OutcomeMemo::Scored scored = score_typed(w, o, where);
      finish_record(b, o, -1, scored);
      continue;
    }
    w.parser.parse(text, b.file->name, line, w.raw);
    score_raw(b, w, w.raw);
  }
}

void BatchRunner::Impl::work_yaml_files(Batch& b, BatchWorker& w) {
  for (const auto& path : b.paths) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      RawRecord r;
      r.source = path;
      r.errors.push_back({{path, 0, 0}, fmt::format("cannot open '{}': {}", path, std::strerror(errno))});
      ++b.parsed;
      if (!opt.parse_only) score_raw(b, w, r);
      continue;
    }
    if (opt.parse_only) {
      b.parsed += YAML::LoadAll(in).size();
      continue;
    }
    read_yaml_records(in, path, [&](RawRecord&& r) {
      ++b.parsed;
      if (r.source.empty()) r.source = path;
      score_raw(b, w, r);
    });
  }
}

void BatchRunner::Impl::work(Batch& b, BatchWorker& w) {
  if (!b.paths.empty()) return work_yaml_files(b, w);
  if (!b.raws.empty()) {
    b.parsed += b.raws.size();
    if (!opt.parse_only)
      for (const auto& r : b.raws) score_raw(b, w, r);
    return;
  }
  if (b.file->format == InputFormat::csv) work_csv(b, w);
  else work_jsonl(b, w);
}
}  // namespace carepath
