// Reading records written in YAML: a stream of '---' separated documents, one document at a
// time (record.cpp checks what is read against the questionnaire).
#include "record/record.hpp"

#include <fmt/format.h>

#include <sstream>
#include <utility>

#include "record/fhir_response.hpp"
#include "util/i18n.hpp"
#include "util/io.hpp"
#include "util/limits.hpp"
#include "util/text.hpp"

namespace carepath {

namespace {

// Builds a raw record from the parser's events, as check_yaml() hands them on (a record is thus
// parsed once and no node tree is built) or as replay() walks a tree already loaded: the one
// builder of a record written in YAML.
class RecordEvents : public YAML::EventHandler {
 public:
  RecordEvents(RawRecord& r, const std::string& file, int line_offset) : r_(r), file_(file), offset_(line_offset) {}
  // The errors as they are listed: the header's, then the answers'.
  void finish() {
    r_.errors.insert(r_.errors.end(), head_errors_.begin(), head_errors_.end());
    r_.errors.insert(r_.errors.end(), answer_errors_.begin(), answer_errors_.end());
  }

  void OnDocumentStart(const YAML::Mark&) override {}
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark& m, YAML::anchor_t) override { leaf(m, RawValue::Shape::null, {}); }
  void OnAlias(const YAML::Mark& m, YAML::anchor_t) override { leaf(m, RawValue::Shape::null, {}); }  // records refuse them first
  void OnScalar(const YAML::Mark& m, const std::string&, YAML::anchor_t, const std::string& value) override {
    leaf(m, RawValue::Shape::scalar, value);
  }
  void OnSequenceStart(const YAML::Mark& m, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {
    open(m, false);
  }
  void OnSequenceEnd() override { close(); }
  void OnMapStart(const YAML::Mark& m, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override { open(m, true); }
  void OnMapEnd() override { close(); }

 private:
  struct Frame {
    std::vector<RawField>* fields = nullptr;  // a mapping: the header or the answers
    RawValue* list = nullptr;                 // a list value being read
    bool answers = false;
    bool expect_key = true;
    bool skip_value = false;                  // the key was not a plain word
    std::string key;
    Pos key_pos;
    static Frame mapping(std::vector<RawField>* fields, bool answers) {
      Frame f;
      f.fields = fields, f.answers = answers;
      return f;
    }
    static Frame list_of(RawValue* list, bool answers) {
      Frame f;
      f.list = list, f.answers = answers;
      return f;
    }
  };
  RawRecord& r_;
  const std::string& file_;
  int offset_;
  std::vector<Frame> stack_;
  int skip_ = 0;  // depth inside a subtree that is not read (a mapping as a value, a bad key)
  bool root_seen_ = false, answers_seen_ = false;
  std::vector<Diagnostic> head_errors_, answer_errors_;

  Pos key_pos(const YAML::Mark& m) const { return {file_, m.line + 1 + offset_, m.column + 1}; }
  Pos value_pos(const YAML::Mark& m) const {
    return {file_, m.is_null() ? 0 : m.line + 1 + offset_, m.is_null() ? 0 : m.column + 1};
  }
  std::vector<Diagnostic>& errors() { return stack_.empty() || !stack_.back().answers ? head_errors_ : answer_errors_; }

  // The document itself: a record is a mapping.
  bool root(const YAML::Mark& m, bool map) {
    if (root_seen_) return false;
    root_seen_ = true;
    r_.pos = {file_, m.is_null() ? offset_ + 1 : m.line + 1 + offset_, m.is_null() ? 0 : m.column + 1};
    if (!map) head_errors_.push_back({r_.pos, "a record must be a mapping with carepath, questionnaire and answers"});
    return true;
  }

  // A key, or the start of a value: the field it belongs to, or nullptr when it is not read.
  RawField* field(const YAML::Mark& m, bool scalar_key, const std::string& text) {
    Frame& f = stack_.back();
    if (f.expect_key) {
      f.expect_key = false;
      f.skip_value = !scalar_key;
      if (scalar_key) f.key = text, f.key_pos = key_pos(m);
      else errors().push_back({key_pos(m), "keys must be plain words"});
      return nullptr;
    }
    f.expect_key = true;
    if (std::exchange(f.skip_value, false)) return nullptr;
    RawField& rf = f.fields->emplace_back();
    rf.key = f.key;
    rf.pos = f.key_pos;
    rf.value.pos = value_pos(m);
    return &rf;
  }

  void leaf(const YAML::Mark& m, RawValue::Shape shape, const std::string& value) {
    if (skip_) return;
    if (stack_.empty()) {
      root(m, false);
      return;
    }
    Frame& f = stack_.back();
    if (f.list) {
      if (shape == RawValue::Shape::scalar) f.list->list.push_back(value);
      else errors().push_back({f.list->pos, "a list may hold only plain codes"});
      return;
    }
    bool is_key = f.expect_key;
    RawField* rf = field(m, shape == RawValue::Shape::scalar, value);
    if (is_key || !rf) return;
    rf->value.shape = shape;
    rf->value.scalar = value;
    answers_value(*rf, shape);
  }

  void open(const YAML::Mark& m, bool map) {
    if (skip_) {
      ++skip_;
      return;
    }
    if (stack_.empty()) {
      if (root(m, map) && map) stack_.push_back(Frame::mapping(&r_.header, false));
      else ++skip_;
      return;
    }
    Frame& f = stack_.back();
    if (f.list) {
      errors().push_back({f.list->pos, "a list may hold only plain codes"});
      ++skip_;
      return;
    }
    bool is_key = f.expect_key;
    RawField* rf = field(m, false, {});
    if (is_key || !rf) {
      ++skip_;
      return;
    }
    rf->value.shape = map ? RawValue::Shape::map : RawValue::Shape::list;
    bool in_answers = f.answers;
    if (answers_value(*rf, rf->value.shape)) stack_.push_back(Frame::mapping(&r_.answers, true));
    else if (map && stack_.size() == 1 && rf->key == "placement" && !std::exchange(r_.placement_present, true))
      stack_.push_back(Frame::mapping(&r_.placement, false));
    else if (!map) stack_.push_back(Frame::list_of(&rf->value, in_answers));
    else ++skip_;
  }

  // The first "answers" of the header: true when its mapping is to be read.
  bool answers_value(const RawField& rf, RawValue::Shape shape) {
    if (stack_.size() != 1 || rf.key != "answers" || std::exchange(answers_seen_, true)) return false;
    r_.answers_present = true;
    if (shape == RawValue::Shape::map) return true;
    if (shape != RawValue::Shape::null) answer_errors_.push_back({rf.pos, "answers must be a mapping of item ids to answers"});
    return false;
  }

  void close() {
    if (skip_) --skip_;
    else if (!stack_.empty()) stack_.pop_back();
  }
};

// Hands a loaded tree to `events` as the parser would have handed on its text, so that a record
// given as a tree (a trainer's test case) is built as a record read from a file is.
void replay(const YAML::Node& n, YAML::EventHandler& events) {
  switch (n.Type()) {
    case YAML::NodeType::Undefined:
    case YAML::NodeType::Null: events.OnNull(n.Mark(), YAML::NullAnchor); break;
    case YAML::NodeType::Scalar: events.OnScalar(n.Mark(), n.Tag(), YAML::NullAnchor, n.Scalar()); break;
    case YAML::NodeType::Sequence:
      events.OnSequenceStart(n.Mark(), n.Tag(), YAML::NullAnchor, n.Style());
      for (const auto& e : n) replay(e, events);
      events.OnSequenceEnd();
      break;
    case YAML::NodeType::Map:
      events.OnMapStart(n.Mark(), n.Tag(), YAML::NullAnchor, n.Style());
      for (const auto& e : n) {
        replay(e.first, events);
        replay(e.second, events);
      }
      events.OnMapEnd();
      break;
  }
}

}  // namespace

RawRecord raw_from_yaml(const YAML::Node& doc, const std::string& file, int line_offset, const std::string& source) {
  RawRecord r;
  r.source = source;
  RecordEvents events(r, file, line_offset);
  replay(doc, events);
  events.finish();
  return r;
}

void read_yaml_records(std::istream& in, const std::string& file, const std::function<void(RawRecord&&)>& sink) {
  std::string doc, line;
  int line_no = 0, doc_start = 0;
  bool doc_has_content = false;
  auto flush = [&] {
    if (doc_has_content) {
      std::string source = doc_start > 0 ? fmt::format("{}:{}", file, doc_start + 1) : file;
      RawRecord r;
      r.source = source;
      r.pos = {file, doc_start + 1, 0};
      // Checked before loading: yaml-cpp shares aliases, so walking an alias bomb would never end.
      if (doc.size() > max_record_bytes)
        r.errors.push_back({r.pos, fmt::format("the record is larger than {} KiB", max_record_bytes >> 10)});
      else if (is_fhir_resource(doc))
        r = raw_from_fhir(doc, file, doc_start, source);
      else {
        RawRecord built;
        built.source = source;
        RecordEvents events(built, file, doc_start);
        if (check_yaml(doc, record_yaml_limits, file, doc_start, r.errors, &events)) {
          events.finish();
          r = std::move(built);
        }
      }
      sink(std::move(r));
    }
    doc.clear();
    doc_has_content = false;
  };
  // No record has a line over the limit or a NUL byte, and none goes on for megabytes: this is
  // not a record file (binary data, /dev/urandom), what follows cannot be trusted, and reading
  // stops with one error for the record in progress.
  std::size_t doc_bytes = 0;  // of the document in progress, also beyond what `doc` keeps
  auto stop = [&](const std::string& why) {
    int at = doc_has_content ? doc_start + 1 : line_no;
    RawRecord r;
    r.source = fmt::format("{}:{}", file, at);
    r.pos = {file, at, 0};
    r.errors.push_back({r.pos, why});
    sink(std::move(r));
  };
  while (read_line_bounded(in, line, max_record_bytes + 1)) {
    ++line_no;
    if (line.size() > max_record_bytes)
      return stop(fmt::format("line {} is longer than {} KiB; is this a record file?", line_no, max_record_bytes >> 10));
    if (line.find('\0') != std::string::npos)
      return stop(fmt::format("line {} holds a NUL byte; is this a record file? (binary data)", line_no));
    doc_bytes += line.size() + 1;
    if (doc_bytes > 4 * max_record_bytes)
      return stop(fmt::format("the record is larger than {} KiB and goes on past line {}; is this a record file?",
                              max_record_bytes >> 10, line_no));
    if (line_no == 1 && line.starts_with("\xEF\xBB\xBF")) line.erase(0, 3);
    // Document markers stand at column 0; indented '---' inside a block scalar is content.
    if (line.starts_with("---") && (line.size() == 3 || line[3] == ' ')) {
      flush();
      doc_bytes = line.size() + 1;
      doc_start = line_no - 1;
      doc = std::string(line.size() > 3 ? line.substr(4) : "") + "\n";
      doc_has_content = !trim_view(doc).empty() && trim_view(doc)[0] != '#';
      continue;
    }
    if (line == "...") {
      flush();
      doc_bytes = 0;
      continue;
    }
    if (doc.empty()) doc_start = line_no - 1;
    if (doc.size() <= max_record_bytes) doc += line + "\n";  // beyond: refused whole at the flush
    std::string t = trim(line);
    if (!t.empty() && t[0] != '#' && !t.starts_with("%")) doc_has_content = true;
  }
  flush();
}

RawRecord read_single_record(const std::string& path) {
  // One record, whatever the file is (/dev/urandom, /proc/self/mem, a FIFO): a bounded read.
  std::string name = path == "-" ? "<stdin>" : path;
  std::istringstream in(read_bounded(path, max_record_bytes, _("a record file holds one record, of at most that size")));
  std::vector<RawRecord> raws;
  read_yaml_records(in, name, [&](RawRecord&& r) {
    if (raws.size() < 2) raws.push_back(std::move(r));
  });
  if (raws.empty()) throw Error(exit_data, trf("{}: holds no record", name));
  if (raws.size() > 1)
    throw Error(
        exit_data,
        trf("{}: holds more than one record; this command takes one (score a stream with 'carepath score')", name));
  if (raws[0].source.empty()) raws[0].source = name;
  return std::move(raws[0]);
}

}  // namespace carepath
