#include "util/limits.hpp"

#include <fmt/format.h>
#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/parser.h>

#include <limits>
#include <sstream>
#include <unordered_map>

namespace carepath {

const YamlLimits record_yaml_limits{false, max_value_bytes * 4, max_key_bytes * 2};
const YamlLimits content_yaml_limits{true, max_record_bytes, max_key_bytes * 2};

std::string text_problem(std::string_view s, std::size_t& at) {
  const auto* b = reinterpret_cast<const unsigned char*>(s.data());
  const std::size_t n = s.size();
  for (std::size_t i = 0; i < n;) {
    unsigned c = b[i];
    at = i;
    if (c < 0x80) {
      if (c == 0) return "a NUL byte: this looks like binary data, not text";
      if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f)
        return fmt::format("control character 0x{:02X}: this looks like binary data, not text", c);
      ++i;
      continue;
    }
    // UTF-8: the lead byte gives the length; overlong forms, surrogates and code points past
    // U+10FFFF are invalid (RFC 3629).
    std::size_t len = c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
    bool ok = len > 0 && i + len <= n;
    for (std::size_t k = 1; ok && k < len; ++k) ok = (b[i + k] & 0xC0) == 0x80;
    if (ok && len == 3) {
      unsigned c1 = b[i + 1];
      ok = !(c == 0xE0 && c1 < 0xA0) && !(c == 0xED && c1 >= 0xA0);
    }
    if (ok && len == 4) {
      unsigned c1 = b[i + 1];
      ok = !(c == 0xF0 && c1 < 0x90) && !(c == 0xF4 && c1 >= 0x90);
    }
    if (!ok) return fmt::format("invalid UTF-8 (byte 0x{:02X}); carepath reads UTF-8 text", c);
    i += len;
  }
  return "";
}

namespace {

struct LimitHit {
  YAML::Mark mark;
  std::string message;
};

std::size_t saturating_add(std::size_t a, std::size_t b) {
  return a > std::numeric_limits<std::size_t>::max() - b ? std::numeric_limits<std::size_t>::max() : a + b;
}

// Follows the parser's events, so that nothing is built or walked: an alias bomb is refused
// from the sizes of its anchors, and deep nesting before yaml-cpp's own guard trips.
// Every event that passes is handed on to `next`, when there is one.
class LimitChecker : public YAML::EventHandler {
 public:
  LimitChecker(const YamlLimits& limits, YAML::EventHandler* next) : limits_(limits), next_(next ? next : &ignore_) {}

  void OnDocumentStart(const YAML::Mark& m) override { next_->OnDocumentStart(m); }
  void OnDocumentEnd() override { next_->OnDocumentEnd(); }
  void OnNull(const YAML::Mark& m, YAML::anchor_t a) override {
    node(m, "", a);
    leaf(m, a, 1);
    next_->OnNull(m, a);
  }
  void OnAlias(const YAML::Mark& m, YAML::anchor_t a) override {
    aliased_ = true;
    node(m, "", 0);
    if (!limits_.aliases) throw LimitHit{m, "aliases (*name) are not allowed in a record"};
    auto it = sizes_.find(a);
    if (it == sizes_.end()) throw LimitHit{m, "an alias refers to a node that contains it"};
    leaf(m, 0, it->second);
    next_->OnAlias(m, a);
  }
  void OnScalar(const YAML::Mark& m, const std::string& tag, YAML::anchor_t a, const std::string& value) override {
    bool key = node(m, tag, a);
    std::size_t max = key ? limits_.max_key : limits_.max_scalar;
    if (value.size() > max) throw LimitHit{m, fmt::format("{} is longer than {} bytes", key ? "a key" : "a value", max)};
    leaf(m, a, 1);
    next_->OnScalar(m, tag, a, value);
  }
  void OnSequenceStart(const YAML::Mark& m, const std::string& tag, YAML::anchor_t a, YAML::EmitterStyle::value style) override {
    open(m, tag, a, false);
    next_->OnSequenceStart(m, tag, a, style);
  }
  void OnSequenceEnd() override {
    close();
    next_->OnSequenceEnd();
  }
  void OnMapStart(const YAML::Mark& m, const std::string& tag, YAML::anchor_t a, YAML::EmitterStyle::value style) override {
    open(m, tag, a, true);
    next_->OnMapStart(m, tag, a, style);
  }
  void OnMapEnd() override {
    close();
    next_->OnMapEnd();
  }
  void OnAnchor(const YAML::Mark& m, const std::string&) override {
    if (!limits_.aliases) throw LimitHit{m, "anchors (&name) are not allowed in a record"};
  }

 private:
  struct Frame {
    bool map;
    bool next_is_key;
    YAML::anchor_t anchor;
    std::size_t size;  // nodes in the subtree, aliases expanded
  };
  struct Ignore : YAML::EventHandler {
    void OnDocumentStart(const YAML::Mark&) override {}
    void OnDocumentEnd() override {}
    void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
    void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
    void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t, const std::string&) override {}
    void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {}
    void OnSequenceEnd() override {}
    void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {}
    void OnMapEnd() override {}
  } ignore_;
  const YamlLimits& limits_;
  YAML::EventHandler* next_;
  std::vector<Frame> stack_;
  std::unordered_map<YAML::anchor_t, std::size_t> sizes_;
  std::size_t expanded_ = 0;
  bool aliased_ = false;  // only then can the count be an alias's doing

  // Common checks of every node; true when the node is a mapping key.
  bool node(const YAML::Mark& m, const std::string& tag, YAML::anchor_t a) {
    if (a && !limits_.aliases) throw LimitHit{m, "anchors (&name) are not allowed in a record"};
    if (!tag.empty() && tag != "?" && tag != "!") throw LimitHit{m, "YAML tags (such as !!str or !name) are not allowed"};
    if (stack_.empty() || !stack_.back().map) return false;
    bool key = stack_.back().next_is_key;
    stack_.back().next_is_key = !key;
    return key;
  }
  void count(const YAML::Mark& m, std::size_t n) {
    expanded_ = saturating_add(expanded_, n);
    if (expanded_ > max_expanded_nodes)
      throw LimitHit{m, aliased_
                            ? fmt::format("the document expands to more than {} nodes through its aliases", max_expanded_nodes)
                            : fmt::format("the document has more than {} nodes", max_expanded_nodes)};
    if (!stack_.empty()) stack_.back().size = saturating_add(stack_.back().size, n);
  }
  void leaf(const YAML::Mark& m, YAML::anchor_t a, std::size_t n) {
    count(m, n);
    if (a) sizes_[a] = n;
  }
  void open(const YAML::Mark& m, const std::string& tag, YAML::anchor_t a, bool map) {
    node(m, tag, a);
    if (stack_.size() >= max_nesting) throw LimitHit{m, fmt::format("nesting is deeper than {} levels", max_nesting)};
    expanded_ = saturating_add(expanded_, 1);
    stack_.push_back({map, true, a, 1});
  }
  void close() {
    Frame f = stack_.back();
    stack_.pop_back();
    if (f.anchor) sizes_[f.anchor] = f.size;
    if (!stack_.empty()) stack_.back().size = saturating_add(stack_.back().size, f.size);
  }
};

Pos position_of(std::string_view text, std::size_t offset, const std::string& file, int line_offset) {
  int line = 1, col = 1;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') ++line, col = 1;
    else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++col;
  }
  return {file, line + line_offset, col};
}

}  // namespace

std::string yaml_error_message(const YAML::Exception& e) {
  if (dynamic_cast<const YAML::DeepRecursion*>(&e)) return fmt::format("nesting is deeper than {} levels", max_nesting);
  return "YAML syntax error: " + e.msg;
}

bool check_yaml(std::string_view text, const YamlLimits& limits, const std::string& file, int line_offset,
                std::vector<Diagnostic>& errors, YAML::EventHandler* next) {
  std::size_t at = 0;
  if (auto why = text_problem(text, at); !why.empty()) {
    errors.push_back({position_of(text, at, file, line_offset), why});
    return false;
  }
  std::istringstream in{std::string(text)};
  LimitChecker checker(limits, next);
  try {
    YAML::Parser parser(in);
    parser.HandleNextDocument(checker);
    return true;
  } catch (const LimitHit& hit) {
    errors.push_back({{file, hit.mark.line + 1 + line_offset, hit.mark.column + 1}, hit.message});
  } catch (const YAML::Exception& e) {
    errors.push_back(
        {{file, e.mark.is_null() ? line_offset + 1 : e.mark.line + 1 + line_offset, e.mark.is_null() ? 0 : e.mark.column + 1},
         yaml_error_message(e)});
  }
  return false;
}

bool read_line_bounded(std::istream& in, std::string& line, std::size_t max_line) {
  line.clear();
  std::streambuf* sb = in.rdbuf();
  if (!sb || !in.good()) return false;
  bool any = false;
  while (line.size() < max_line) {
    int c = sb->sbumpc();
    if (c == std::char_traits<char>::eof()) {
      in.setstate(std::ios::eofbit);
      break;
    }
    any = true;
    if (c == '\n') break;
    line.push_back(static_cast<char>(c));
  }
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return any;
}

}  // namespace carepath
