#include "jsonl.hpp"

#include <fmt/format.h>
#include <simdjson.h>

namespace carepath {

namespace od = simdjson::ondemand;

const std::size_t jsonl_padding = simdjson::SIMDJSON_PADDING;

struct JsonlParser::Impl {
  od::parser parser;
};

JsonlParser::JsonlParser() : impl_(std::make_unique<Impl>()) {}
JsonlParser::~JsonlParser() = default;

namespace {

std::string_view trim_token(std::string_view t) {
  while (!t.empty() && (t.back() == ' ' || t.back() == '\t' || t.back() == '\r' || t.back() == '\n')) t.remove_suffix(1);
  return t;
}

struct LineContext {
  const char* start;
  const std::string& file;
  int line;
  // Sets `pos` in place: a reused field keeps its file name's buffer.
  void place(Pos& pos, const char* p) const {
    pos.file.assign(file);
    pos.line = line;
    pos.col = static_cast<int>(p - start) + 1;
  }
};

void scalar_text(od::value& v, od::json_type type, std::string& out) {
  if (type == od::json_type::string) out.assign(std::string_view(v.get_string()));
  else out.assign(trim_token(v.raw_json_token()));
}

// Fills `out` in place: a parser reused line after line keeps every string's buffer.
void raw_value(od::value v, const LineContext& lc, std::vector<Diagnostic>& errors, RawValue& out) {
  lc.place(out.pos, v.raw_json_token().data());
  out.scalar.clear();
  out.list.clear();
  od::json_type type = v.type();
  switch (type) {
    case od::json_type::null:
      out.shape = RawValue::Shape::null;
      static_cast<void>(v.is_null());
      break;
    case od::json_type::array:
      out.shape = RawValue::Shape::list;
      for (auto e : v.get_array()) {
        od::value ev = e.value();
        od::json_type et = ev.type();
        if (et == od::json_type::array || et == od::json_type::object || et == od::json_type::null) {
          errors.push_back({out.pos, "a list may hold only plain codes"});
          continue;
        }
        scalar_text(ev, et, out.list.emplace_back());
      }
      break;
    case od::json_type::object:
      out.shape = RawValue::Shape::map;  // left unread: ondemand skips what is not consumed
      break;
    default:
      out.shape = RawValue::Shape::scalar;
      scalar_text(v, type, out.scalar);
  }
}

void raw_fields(od::object obj, const LineContext& lc, std::vector<Diagnostic>& errors, RawRecord* rec, std::vector<RawField>& out) {
  std::size_t n = 0;
  for (auto f : obj) {
    RawField& rf = n < out.size() ? out[n] : out.emplace_back();
    ++n;
    lc.place(rf.pos, f.key().raw() - 1);
    rf.key.assign(std::string_view(f.unescaped_key()));
    od::value v = f.value();
    if (rec && rf.key == "answers") {
      rec->answers_present = true;
      lc.place(rf.value.pos, v.raw_json_token().data());
      rf.value.scalar.clear();
      rf.value.list.clear();
      od::json_type t = v.type();
      if (t == od::json_type::object) raw_fields(v.get_object(), lc, errors, nullptr, rec->answers);
      else {
        rec->answers.clear();
        if (t == od::json_type::null) static_cast<void>(v.is_null());
        else errors.push_back({rf.pos, "answers must be a mapping of item ids to answers"});
      }
      rf.value.shape = RawValue::Shape::map;
    } else {
      raw_value(v, lc, errors, rf.value);
    }
  }
  out.resize(n);
}

}  // namespace

void JsonlParser::parse(std::string_view line, const std::string& file, int line_no, RawRecord& r) {
  r.source.clear();
  append_position(r.source, file, line_no);
  r.pos = {file, line_no, 1};
  r.errors.clear();
  r.answers_present = false;  // an "answers" field refills r.answers, reusing its fields
  LineContext lc{line.data(), file, line_no};
  try {
    od::document doc = impl_->parser.iterate(line.data(), line.size(), line.size() + jsonl_padding);
    raw_fields(doc.get_object(), lc, r.errors, &r, r.header);
    if (!doc.current_location().error()) throw simdjson::simdjson_error(simdjson::TRAILING_CONTENT);
    if (!r.answers_present) r.answers.clear();
  } catch (const simdjson::simdjson_error& e) {
    r.header.clear();
    r.answers.clear();
    r.answers_present = true;  // the syntax error is the one problem worth naming
    r.errors.push_back({r.pos, fmt::format("JSON syntax error: {}", simdjson::error_message(e.error()))});
  }
}

namespace {
std::size_t touch(od::value v) {
  switch (v.type()) {
    case od::json_type::object: {
      std::size_t n = 1;
      for (auto f : v.get_object()) n += std::string_view(f.unescaped_key()).size() + touch(f.value());
      return n;
    }
    case od::json_type::array: {
      std::size_t n = 1;
      for (auto e : v.get_array()) n += touch(e.value());
      return n;
    }
    case od::json_type::string: return std::string_view(v.get_string()).size();
    default: return v.raw_json_token().size();
  }
}
}  // namespace

bool JsonlParser::walk(std::string_view line) {
  try {
    od::document doc = impl_->parser.iterate(line.data(), line.size(), line.size() + jsonl_padding);
    std::size_t n = 0;
    for (auto f : doc.get_object()) n += std::string_view(f.unescaped_key()).size() + touch(f.value());
    return n > 0 && doc.current_location().error();
  } catch (const simdjson::simdjson_error&) {
    return false;
  }
}

}  // namespace carepath
