// carepath intake [--save FILE | --resume FILE]: asks the questionnaire's items one at a time,
// saves the record after every answer, lets the answers be reviewed and changed, and ends with
// the same report as 'carepath report FILE'.
#include <fmt/format.h>
#include <poll.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <ctime>
#include <iostream>

#include "util/atomic_file.hpp"
#include "cli/cli.hpp"
#include "engine/engine.hpp"
#include "intake/intake_session.hpp"
#include "record/anonymity.hpp"
#include "util/io.hpp"
#include "util/limits.hpp"
#include "render/report.hpp"
#include "render/result_output.hpp"
#include "util/text.hpp"

namespace carepath {

namespace {

struct IntakeOptions {
  ContentOptions content;
  std::string record;  // where the intake is saved, from --save, --resume or the default
  bool resume = false;
  std::string save_file, resume_file;
  std::string case_id;
  bool no_color = false;
};

volatile std::sig_atomic_t caught_signal = 0;
void on_signal(int s) { caught_signal = s; }

// Interrupts, hang-ups and terminations end the intake through the read loop, which saves
// first. The signals stay blocked except while waiting for input (ppoll unblocks them
// atomically), so none can slip in between checking the flag and starting to wait.
class SignalGuard {
 public:
  SignalGuard() {
    caught_signal = 0;
    struct sigaction sa {};
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigset_t block;
    sigemptyset(&block);
    for (std::size_t i = 0; i < signals_.size(); ++i) {
      sigaction(signals_[i], &sa, &old_[i]);
      sigaddset(&block, signals_[i]);
    }
    sigprocmask(SIG_BLOCK, &block, &waiting_mask_);
    for (int s : signals_) sigdelset(&waiting_mask_, s);
  }
  ~SignalGuard() {
    for (std::size_t i = 0; i < signals_.size(); ++i) sigaction(signals_[i], &old_[i], nullptr);
    sigset_t unblock;
    sigemptyset(&unblock);
    for (int s : signals_) sigaddset(&unblock, s);
    sigprocmask(SIG_UNBLOCK, &unblock, nullptr);
  }
  SignalGuard(const SignalGuard&) = delete;
  SignalGuard& operator=(const SignalGuard&) = delete;
  const sigset_t& waiting_mask() const { return waiting_mask_; }

 private:
  static constexpr std::array<int, 3> signals_ = {SIGINT, SIGHUP, SIGTERM};
  std::array<struct sigaction, 3> old_{};
  sigset_t waiting_mask_{};
};

enum class ReadResult { line, eof, interrupted };

// Reads standard input line by line with read(2), so that a signal ends the wait at once.
class LineReader {
 public:
  explicit LineReader(const SignalGuard& guard) : guard_(guard) {}
  ReadResult next(std::string& line) {
    for (;;) {
      if (caught_signal) return ReadResult::interrupted;
      if (auto nl = buf_.find('\n'); nl != std::string::npos) {
        line = buf_.substr(0, nl);
        buf_.erase(0, nl + 1);
        if (!line.empty() && line.back() == '\r') line.pop_back();
        return ReadResult::line;
      }
      if (eof_) {
        if (buf_.empty()) return ReadResult::eof;
        line = std::move(buf_);
        buf_.clear();
        return ReadResult::line;
      }
      pollfd p{0, POLLIN, 0};
      if (::ppoll(&p, 1, nullptr, &guard_.waiting_mask()) < 0) {
        if (errno == EINTR) continue;
        eof_ = true;
        continue;
      }
      char chunk[4096];
      ssize_t n = ::read(0, chunk, sizeof chunk);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        eof_ = true;  // a read error (a terminal that went away) ends input like EOF
        continue;
      }
      std::string_view got(chunk, static_cast<std::size_t>(n));
      if (skipping_) {
        // The rest of an over-long line is not kept: its first bytes are refused as too long anyway.
        auto nl = got.find('\n');
        if (nl == std::string_view::npos) continue;
        skipping_ = false;
        got.remove_prefix(nl);
      }
      buf_.append(got);
      if (buf_.size() > max_line && buf_.find('\n') == std::string::npos) {
        buf_.resize(max_line);
        skipping_ = true;
      }
    }
  }

 private:
  // No answer is longer than a value may be; a line beyond it is kept only up to there.
  static constexpr std::size_t max_line = max_value_bytes + 1;
  const SignalGuard& guard_;
  std::string buf_;
  bool eof_ = false, skipping_ = false;
};

// Prompts and messages go to standard error, so that standard output carries only the report.
// fputs, not fmt::print: a terminal that has gone away must not turn a save into an error.
class Screen {
 public:
  Screen(bool tty, bool color) : tty(tty), color_(color) {}
  const bool tty;
  void say(const std::string& s) const {
    std::fputs(s.c_str(), stderr);
    std::fflush(stderr);
  }
  std::string bold(const std::string& s) const { return paint("1", s); }
  std::string dim(const std::string& s) const { return paint("2", s); }
  std::string red(const std::string& s) const { return paint("1;31", s); }

 private:
  bool color_;
  std::string paint(const char* sgr, const std::string& s) const { return color_ ? fmt::format("\x1b[{}m{}\x1b[0m", sgr, s) : s; }
};

constexpr std::size_t width = 78;
const char* const commands_help = "? help, ?why, < back, :review, :skip, :quit";
const char* const review_prompt = ":review> ";

std::string shell_word(const std::string& s) {
  bool plain = !s.empty() && s.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_./-+,:=@") ==
                                 std::string::npos;
  if (plain) return s;
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

std::string names(const IntakeSession& s, const std::vector<int>& items) {
  std::vector<std::string> ids;
  for (int i : items) ids.push_back(s.item(i).id);
  return join(ids, ", ");
}

std::string input_hint(const IntakeSession& s, int i) {
  const Item& it = s.item(i);
  switch (it.type) {
    case ItemType::choice: return s.numbered(i) ? "Type a number or a code." : "Type a code.";
    case ItemType::multi:
      return s.numbered(i) ? "Type the numbers or codes that apply, separated by spaces; 0 for none."
                           : "Type the codes that apply, separated by spaces; 0 for none.";
    case ItemType::boolean: return "Type yes or no (y/n).";
    default: return "Type " + it.allowed() + ".";
  }
}

class IntakeRun {
 public:
  IntakeRun(const IntakeOptions& o, const Content& content, const Screen& screen)
      : o_(o), engine_(content), session_(content), screen_(screen) {}

  int run() {
    const Questionnaire& q = session_.questionnaire();
    if (o_.resume) resume();
    else screen_.say(screen_.bold(q.title.empty() ? q.id : q.title) + "\n" + (q.intro.empty() ? "" : wrap(q.intro, width, 0) + "\n"));
    if (!o_.case_id.empty()) session_.case_id = o_.case_id;
    refuse_if_invalid();
    save();
    screen_.say(screen_.dim(wrap(fmt::format("Saving to {} after every answer. Commands: {}.", o_.record, commands_help), width, 0)) + "\n");
    check_emergency();
    SignalGuard guard;
    LineReader in(guard);
    int cursor = session_.first_pending();
    bool show = true;
    // cursor -1 is the review screen: after the last question, and on :review.
    for (;;) {
      if (show) cursor < 0 ? show_review() : show_item(cursor);
      show = false;
      screen_.say((cursor < 0 ? std::string(review_prompt) : session_.item(cursor).id + "> ") + (screen_.tty ? "" : "\n"));
      std::string line;
      ReadResult r = in.next(line);
      if (r == ReadResult::interrupted) return stop("interrupted", exit_interrupted);
      // At the review with nothing left to ask, end of input is as good as Enter.
      if (r == ReadResult::eof && cursor < 0 && session_.first_pending() < 0) return finish();
      if (r == ReadResult::eof) return stop("end of input", exit_partial);
      std::string t = trim(line);
      if (t == ":q" || t == ":quit") return stop("stopped", exit_partial);
      if (t == ":review") {
        cursor = -1, show = true;
      } else if (cursor < 0) {
        if (review_answer(t, cursor)) return finish();
        show = cursor >= 0;
      } else if (t == "?" || t == ":help") {
        show_help(cursor);
      } else if (t == "?why") {
        show_why(cursor);
      } else if (t == "<" || t == "back" || t == ":back") {
        int prev = session_.previous(cursor);
        if (prev < 0) screen_.say("This is the first question.\n");
        else cursor = prev, show = true;
      } else if (t == "-" || t == ":skip") {
        std::vector<int> cleared;
        if (std::string e = session_.skip(cursor, cleared); !e.empty()) screen_.say(screen_.red(wrap(e, width, 2)) + "\n");
        else cursor = advance(cursor, cleared), show = true;
      } else if (t.empty() && (session_.answered(cursor) || session_.skipped(cursor))) {
        cursor = advance(cursor, {}), show = true;  // keeps the answer given before
      } else if (t.empty() && !session_.item(cursor).default_answer) {
        screen_.say(fmt::format("Please answer ({}).\n", commands_help));
      } else {
        std::vector<int> cleared;
        std::string typed = t.empty() ? *session_.item(cursor).default_answer : t;
        if (std::string e = session_.answer(cursor, typed, cleared); !e.empty())
          screen_.say(screen_.red(wrap(fmt::format("item '{}': {}", session_.item(cursor).id, e), width, 2)) + "\n");
        else cursor = advance(cursor, cleared), show = true;
      }
    }
  }

 private:
  const IntakeOptions& o_;
  Engine engine_;
  IntakeSession session_;
  const Screen& screen_;
  int shown_section_ = -1, shown_group_ = -1;
  bool emergency_shown_ = false;

  void resume() {
    std::vector<Diagnostic> errors;
    std::vector<int> cleared;
    std::string digest;
    // A save cut short (kill -9, a power cut) leaves its temporary file, answers and all.
    for (const auto& t : remove_stale_temporaries(o_.record))
      screen_.say(fmt::format("Removed {}, left behind by a save that was cut short.\n", t));
    session_.load(read_record(), errors, cleared, digest);
    refuse(errors, "cannot resume: the record has");
    const Questionnaire& q = session_.questionnaire();
    if (!digest.empty() && digest != engine_.content().questionnaire_digest)
      screen_.say(fmt::format("Note: questionnaire '{}' has changed since this record was saved; its answers were checked against "
                              "version {}.\n", q.id, q.version));
    if (!cleared.empty())
      screen_.say(fmt::format("Cleared answers that no longer apply: {}.\n", names(session_, cleared)));
    int at = session_.first_pending();
    screen_.say(fmt::format("Resuming {}: {} answer{} so far; {}.\n", o_.record, session_.answered_count(),
                            session_.answered_count() == 1 ? "" : "s",
                            at < 0 ? "nothing left to ask" : "continuing at '" + session_.item(at).id + "'"));
  }

  void save() { write_file_atomically(o_.record, session_.to_yaml()); }

  void refuse(const std::vector<Diagnostic>& errors, const char* what) const {
    if (errors.empty()) return;
    std::vector<std::string> lines;
    for (const auto& d : errors) lines.push_back(d.str());
    throw Error(exit_data, fmt::format("{}: {} {} problem{}", o_.record, what, errors.size(), errors.size() == 1 ? "" : "s"), lines);
  }

  // Refuses before the first question what the final report would refuse after the last one.
  void refuse_if_invalid() const { refuse(session_.check(o_.record), "cannot start: the record would have"); }

  RawRecord read_record() const {
    Input in(o_.record);
    std::vector<RawRecord> raws;
    read_yaml_records(in.stream(), in.name(), [&](RawRecord&& r) { raws.push_back(std::move(r)); });
    if (raws.size() != 1) throw Error(exit_data, fmt::format("{}: expected one intake record, found {}", o_.record, raws.size()));
    if (raws[0].source.empty()) raws[0].source = in.name();
    return std::move(raws[0]);
  }

  // After an answer: save, say what was cleared, and go on to the next item still to be asked.
  int advance(int cursor, const std::vector<int>& cleared) {
    save();
    if (!cleared.empty())
      screen_.say(fmt::format("Cleared {} (no longer asked after this answer).\n", names(session_, cleared)));
    check_emergency();
    for (int j = session_.next(cursor); j >= 0; j = session_.next(j))
      if (session_.pending(j)) return j;
    return session_.first_pending();
  }

  // The rules may declare an emergency from the first few answers; say so at once, in the
  // rules' own words, rather than only in the final report.
  void check_emergency() {
    bool now = engine_.evaluate(session_.record()).emergency;
    if (now && !emergency_shown_) {
      const RuleSet& rs = engine_.content().rules;
      std::string bar(width, '!');
      screen_.say("\n" + screen_.red(bar) + "\n" + screen_.red(rs.emergency_title) + "\n" + wrap(rs.emergency_text, width, 0) + "\n" +
                  screen_.red(bar) + "\n");
    }
    emergency_shown_ = now;
  }

  // The applicable items in order, as the review screen numbers them.
  std::vector<int> review_items() const {
    std::vector<int> items;
    for (int i = 0; i < static_cast<int>(session_.questionnaire().items.size()); ++i)
      if (session_.applies(i)) items.push_back(i);
    return items;
  }

  std::string section_title(int section) const {
    if (section < 0) return "";
    const Section& s = session_.questionnaire().sections[static_cast<std::size_t>(section)];
    return s.title.empty() ? s.id : s.title;
  }

  void show_review() {
    std::vector<int> items = review_items();
    std::string out = "\n" + screen_.bold("Review: all answers") + "\n";
    int section = -2;
    for (std::size_t n = 0; n < items.size(); ++n) {
      int i = items[n];
      const Item& it = session_.item(i);
      if (it.section != section && it.section >= 0) out += "\n" + screen_.bold(section_title(it.section)) + "\n";
      section = it.section;
      std::string answer = session_.answered(i) ? session_.answer_text(i) : session_.skipped(i) ? "(skipped)" : "(not answered yet)";
      std::string head = fmt::format("{:>4}  ", n + 1);
      out += head + wrap(fmt::format("{}: {}  ({})", it.id, answer, it.label), width, head.size()) + "\n";
    }
    int pending = session_.first_pending();
    out += "\n" + screen_.dim(wrap(fmt::format("Type a number to change that answer; {} (:quit saves and stops).",
                                               pending < 0 ? "Enter or 'done' finishes and shows the report"
                                                           : "Enter goes on with the questions not yet answered"),
                                   width, 0)) +
           "\n";
    screen_.say(out);
  }

  // What was typed at the review screen: true to finish; else `cursor` becomes the item to
  // ask (or stays -1).
  bool review_answer(const std::string& t, int& cursor) {
    if (t.empty() || t == "done") {
      cursor = session_.first_pending();
      if (cursor >= 0) screen_.say(fmt::format("Going on at '{}', not answered yet.\n", session_.item(cursor).id));
      return cursor < 0;
    }
    std::vector<int> items = review_items();
    bool number = t.size() <= 4 && t.find_first_not_of("0123456789") == std::string::npos;
    std::size_t n = number ? std::stoul(t) : 0;
    if (n >= 1 && n <= items.size()) {
      cursor = items[n - 1];
      return false;
    }
    std::string what = t == "?" ? "At the review:" : fmt::format("'{}' is not a number from 1 to {}.", t, items.size());
    screen_.say(wrap(what + " Type a number to change that answer, Enter or 'done' to go on, :quit to save and stop.",
                     width, 0) +
                "\n");
    return false;
  }

  void show_why(int i) {
    const Item& it = session_.item(i);
    std::vector<std::string> sources;
    for (const auto& c : it.conditions) sources.push_back(c.expr.source);
    if (sources.empty()) screen_.say(fmt::format("'{}' is always asked.\n", it.id));
    else screen_.say(wrap(fmt::format("'{}' is asked because: {}", it.id, join(sources, "; and ")), width, 2) + "\n");
  }

  void show_item(int i) {
    const Item& it = session_.item(i);
    const Questionnaire& q = session_.questionnaire();
    std::string out;
    if (it.section != shown_section_ && it.section >= 0) {
      const Section& s = q.sections[static_cast<std::size_t>(it.section)];
      out += "\n" + screen_.bold(section_title(it.section)) + "\n";
      if (!s.help.empty()) out += wrap(s.help, width, 0) + "\n";
    }
    if (it.group != shown_group_ && it.group >= 0) {
      const Group& g = q.groups[static_cast<std::size_t>(it.group)];
      out += "\n" + screen_.bold(g.label.empty() ? g.id : g.label) + "\n";
      if (!g.help.empty()) out += wrap(g.help, width, 0) + "\n";
    }
    shown_section_ = it.section;
    shown_group_ = it.group;
    // "about": answers still to come may turn items on or off.
    std::string where = section_title(it.section);
    out += "\n" + screen_.dim(fmt::format("{}{}question {} of about {}", where, where.empty() ? "" : ", ", session_.position(i),
                                         session_.applicable_count())) +
           "\n";
    out += screen_.bold(wrap(it.label, width, 0)) + "\n";
    std::size_t code_width = 0;
    for (const auto& c : it.codes) code_width = std::max(code_width, c.code.size());
    for (std::size_t n = 0; n < it.codes.size(); ++n) {
      const Code& c = it.codes[n];
      std::string head = (session_.numbered(i) ? fmt::format("{:>3}  ", n + 1) : "  ") + c.code;
      if (c.label != c.code) head = fmt::format("{:<{}}  ", head, head.size() - c.code.size() + code_width);
      out += head + wrap(c.label == c.code ? "" : c.label, width, head.size()) + "\n";
    }
    std::string hint = input_hint(session_, i) + (it.required ? " Required." : " Optional (:skip skips).");
    if (session_.answered(i)) hint += " Current answer: " + session_.answer_text(i) + " (Enter keeps it).";
    else if (session_.skipped(i)) hint += " Skipped before (Enter keeps it skipped).";
    else if (it.default_answer) hint += " Enter takes the default: " + *it.default_answer + ".";
    out += screen_.dim(wrap(hint, width, 0)) + "\n";
    screen_.say(out);
  }

  void show_help(int i) {
    const Item& it = session_.item(i);
    std::string out;
    if (!it.help.empty()) out += wrap(it.help, width, 0) + "\n";
    if (it.group >= 0) {
      const Group& g = session_.questionnaire().groups[static_cast<std::size_t>(it.group)];
      if (!g.help.empty()) out += wrap(g.help, width, 0) + "\n";
    }
    out += wrap(fmt::format("Item '{}' takes {}{}.", it.id, it.allowed(), it.required ? "; it is required" : ""), width, 0) + "\n";
    out += wrap("Commands: ? this help; ?why why this question is asked; < or back to the previous question; :review all "
                "answers, to change any; :skip an optional question (saved as unknown; - too); :quit save and stop (continue "
                "later with --resume; :q too); Enter keeps a current answer.",
                width, 0) +
           "\n";
    screen_.say(out);
  }

  std::string resume_hint() const {
    return fmt::format("{} answer{} saved to {}; continue with: carepath intake --resume {}", session_.answered_count(),
                       session_.answered_count() == 1 ? "" : "s", o_.record, shell_word(o_.record));
  }

  // Before the last item: the record is saved, and unfinished, which is what status 1 says.
  int stop(const char* why, ExitCode code) {
    save();
    screen_.say(fmt::format("\n{}: {}\n", why, resume_hint()));
    return code;
  }

  // The report of the saved file itself, through the same steps as 'carepath report', so that
  // both print exactly the same.
  int finish() {
    save();
    Outcome out = score_record(engine_, read_record());
    if (!out.ok())
      throw Error(exit_data, fmt::format("{}: the record is not valid ({} problem{})", out.source, out.errors.size(),
                                         out.errors.size() == 1 ? "" : "s"),
                  error_lines(out));
    screen_.say(fmt::format("\nAll questions done; the record is saved in {}.\n\n", o_.record));
    ReportStyle style;
    style.color = use_color(stdout, o_.no_color);
    std::cout << render_report(engine_, out, style);
    std::cout.flush();
    return exit_ok;
  }
};

// ./intake-YYYYMMDD-HHMMSS.yaml, with -2, -3... when that exists: a new file, never one overwritten.
std::string default_record() {
  std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  char stamp[32];
  std::strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &local);
  struct stat st {};
  std::string path = fmt::format("./intake-{}.yaml", stamp);
  for (int n = 2; ::stat(path.c_str(), &st) == 0; ++n) path = fmt::format("./intake-{}-{}.yaml", stamp, n);
  return path;
}

int run_intake(IntakeOptions o) {
  if (!o.resume_file.empty()) o.record = o.resume_file, o.resume = true;
  else if (!o.save_file.empty() && !o.record.empty()) throw Error(exit_usage, "give the file to save in once: RECORD or --save FILE");
  else if (!o.save_file.empty()) o.record = o.save_file;
  else if (o.record.empty()) o.record = default_record();
  if (o.record == "-") throw Error(exit_usage, "intake needs a file to save the record in; '-' cannot be resumed");
  if (!o.case_id.empty())
    if (auto why = case_id_problem(o.case_id); !why.empty()) throw Error(exit_data, "--case-id: " + why.substr(why.find(' ') + 1));
  struct stat st {};
  if (!o.resume && ::stat(o.record.c_str(), &st) == 0)
    throw Error(exit_usage, fmt::format("'{}' already exists; continue it with 'carepath intake --resume {}', or choose another file",
                                        o.record, shell_word(o.record)));
  auto content = load_content_or_throw(o.content.paths());
  bool tty = ::isatty(0) != 0;
  Screen screen(tty, tty && use_color(stderr, o.no_color));
  IntakeRun run(o, *content, screen);
  return run.run();
}

}  // namespace

void setup_intake(CLI::App& app, Action& action) {
  auto o = std::make_shared<IntakeOptions>();
  auto* sub = app.add_subcommand("intake", "Ask the questionnaire interactively, save the record after every answer, then report");
  auto* save = sub->add_option("--save", o->save_file, "File to save the new intake record in (must not exist; default ./intake-DATE-TIME.yaml)")
                   ->type_name("FILE");
  auto* resume = sub->add_option("--resume", o->resume_file, "Continue the intake saved in FILE, saving back to it")->type_name("FILE");
  auto* record = sub->add_option("RECORD", o->record, "The same as --save RECORD");
  resume->excludes(save)->excludes(record);
  sub->add_option("--case-id", o->case_id, "An anonymised case label for the record (never a name)")->type_name("ID");
  sub->add_flag("--no-color", o->no_color, "Never use colour");
  add_content_options(*sub, o->content);
  sub->callback([o, &action] { action = [o] { return run_intake(*o); }; });
}

}  // namespace carepath
