// carepath intake [--save FILE | --resume FILE]: asks the questionnaire's items one at a time,
// saves the record after every answer, lets the answers be reviewed and changed, and ends with
// the same report as 'carepath report FILE'.
#include <fmt/format.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <functional>
#include <iostream>

#include "cli/cli.hpp"
#include "cli/intake_screen.hpp"
#include "record/anonymity.hpp"
#include "render/outcome_fields.hpp"
#include "render/report.hpp"
#include "render/result_output.hpp"
#include "util/atomic_file.hpp"
#include "util/limits.hpp"
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
  bool lang_given = false;  // --lang: it wins over the language a resumed record was run in
};

const std::size_t width = intake_width;
// The commands as typed: never translated, like item ids.
const char* const commands_help = "? help, ?why, < back, :review, :skip, :quit";
const char* const review_prompt = ":review> ";

std::string names(const IntakeSession& s, const std::vector<int>& items) {
  std::vector<std::string> ids;
  for (int i : items) ids.push_back(s.item(i).id);
  return join(ids, ", ");
}

std::string input_hint(const IntakeSession& s, int i) {
  const Item& it = s.item(i);
  switch (it.type) {
    case ItemType::choice:
      return s.numbered(i) ? _("Type a number, a code or a label.") : _("Type a code or a label.");
    case ItemType::multi:
      return s.numbered(i) ? _("Type the numbers or codes that apply, separated by spaces; 0 for none.")
                           : _("Type the codes that apply, separated by spaces; 0 for none.");
    case ItemType::boolean:
      return _("Type yes or no (y/n).");
    default:
      return trf("Type {}.", it.allowed());
  }
}

class IntakeRun {
 public:
  IntakeRun(const IntakeOptions& o, const Content& content, const Screen& screen)
      : o_(o), engine_(content), session_(content), screen_(screen) {}

  int run() {
    const Questionnaire& q = session_.questionnaire();
    if (o_.resume) resume();
    else
      screen_.say(screen_.bold(q.title.empty() ? q.id : q.title) + "\n" +
                  (q.intro.empty() ? "" : wrap(q.intro, width, 0) + "\n"));
    if (!o_.case_id.empty()) session_.case_id = o_.case_id;
    session_.language = current_language();
    refuse_if_invalid();
    save();
    screen_.say(screen_.dim(wrap(trf("Saving to {} after every answer. Commands: {}.", o_.record, commands_help), width, 0)) +
                "\n");
    check_emergency();
    SignalGuard guard;
    LineInput in(guard, screen_.tty);
    int cursor = session_.first_pending();
    bool show = true;
    // cursor -1 is the review screen: after the last question, and on :review.
    for (;;) {
      if (show) cursor < 0 ? show_review() : show_item(cursor);
      show = false;
      std::string line;
      ReadResult r = in.next(cursor < 0 ? std::string(review_prompt) : session_.item(cursor).id + "> ", line);
      if (r == ReadResult::interrupted) return stop(_("interrupted"), exit_interrupted);
      // At the review with nothing left to ask, end of input is as good as Enter.
      if (r == ReadResult::eof && cursor < 0 && session_.first_pending() < 0) return finish(in);
      if (r == ReadResult::eof) return stop(_("end of input"), exit_partial);
      std::string t = trim(line);
      if (t == ":q" || t == ":quit") return stop(_("stopped"), exit_partial);
      if (t == ":review") {
        cursor = -1, show = true, review_page_ = 0;
      } else if (cursor < 0) {
        Review next = review_answer(t, cursor);
        if (next == Review::finish) return finish(in);
        show = next != Review::stay;
      } else if (t == "?" || t == ":help") {
        show_help(cursor);
      } else if (t == "?why") {
        show_why(cursor);
      } else if (t == "<" || t == "back" || t == ":back") {
        int prev = session_.previous(cursor);
        if (prev < 0)
          screen_.say(_("This is the first question.") + std::string("\n"));
        else cursor = prev, show = true;
      } else if (t == "-" || t == ":skip") {
        int i = cursor;
        bool applied = false;
        r = change(cursor, in, show, applied, [&](IntakeSession& s, std::vector<int>& cleared) { return s.skip(i, cleared); });
      } else if (t.empty() && (session_.answered(cursor) || session_.skipped(cursor))) {
        cursor = advance(cursor, {}), show = true;  // keeps the answer given before
      } else if (t.empty() && !session_.item(cursor).default_answer) {
        screen_.say(trf("Please answer ({}).", commands_help) + "\n");
      } else {
        int i = cursor;
        std::string typed = t.empty() ? *session_.item(cursor).default_answer : t;
        bool applied = false;
        r = change(cursor, in, show, applied, [&](IntakeSession& s, std::vector<int>& cleared) {
          std::string e = s.answer(i, typed, cleared);
          return e.empty() ? e : trf("item '{}': {}", s.item(i).id, e);
        });
        if (applied) echo_answer(i, typed);
      }
      if (r == ReadResult::interrupted) return stop(_("interrupted"), exit_interrupted);
      if (r == ReadResult::eof) return stop(_("end of input"), exit_partial);
    }
  }

 private:
  const IntakeOptions& o_;
  Engine engine_;
  IntakeSession session_;
  const Screen& screen_;
  int shown_section_ = -1, shown_group_ = -1;
  bool emergency_shown_ = false;
  int review_page_ = 0;
  enum class Review { stay, redraw, ask, finish };

  // An answer or a skip for the item at `cursor`, tried first on a copy of the session, so that
  // one that would clear other answers names them and asks (y/N) before anything is lost.
  // `applied` says whether it was taken; a refused one is said and asked again.
  ReadResult change(int& cursor, LineInput& in, bool& show, bool& applied,
                    const std::function<std::string(IntakeSession&, std::vector<int>&)>& apply) {
    IntakeSession trial = session_;
    std::vector<int> cleared;
    if (std::string e = apply(trial, cleared); !e.empty()) {
      screen_.say(screen_.red(wrap(e, width, 2)) + "\n");
      return ReadResult::line;
    }
    if (!cleared.empty()) {
      screen_.say(wrap(trnf("This answer means that an item no longer applies, so its answer would be cleared: {}. Clear it? "
                            "(y/N)",
                            "This answer means that some items no longer apply, so their answers would be cleared: {}. Clear "
                            "them? (y/N)",
                            cleared.size(), labelled(cleared)),
                       width, 0) +
                  "\n");
      std::string yn;
      if (ReadResult r = in.next("clear> ", yn); r != ReadResult::line) return r;
      if (typed_yes_no(yn) != std::optional<bool>(true)) {
        screen_.say(_("Nothing changed; the earlier answer stands.") + std::string("\n"));
        show = true;
        return ReadResult::line;
      }
    }
    cleared.clear();
    apply(session_, cleared);    // the same change as on the copy
    session_.unfinished = true;  // answers changed: the review is to be finished again
    applied = true;
    cursor = advance(cursor, cleared), show = true;
    return ReadResult::line;
  }

  // What a typed answer was taken as, when it was not typed exactly so ("wee" -> weekly).
  void echo_answer(int i, const std::string& typed) {
    std::string code = session_.answer_text(i);
    if (trim(typed) == code) return;
    std::string words = answer_text(engine_.content(), i, session_.record().answers[static_cast<std::size_t>(i)], true);
    screen_.say(screen_.dim(wrap(fmt::format("  = {}{}", code, words == code ? "" : " (" + words + ")"), width, 4)) + "\n");
  }

  // Item ids with their labels, for a message.
  std::string labelled(const std::vector<int>& items) const {
    std::vector<std::string> out;
    for (int i : items) out.push_back(fmt::format("{} ({})", session_.item(i).label, session_.item(i).id));
    return join(out, "; ");
  }

  void resume() {
    std::vector<Diagnostic> errors;
    std::vector<int> cleared;
    std::string digest;
    // A save cut short (kill -9, a power cut) leaves its temporary file, answers and all.
    for (const auto& t : remove_stale_temporaries(o_.record))
      screen_.say(trf("Removed {}, left behind by a save that was cut short.", t) + "\n");
    session_.load(read_single_record(o_.record), errors, cleared, digest);
    refuse(errors, true);
    const Questionnaire& q = session_.questionnaire();
    if (!digest.empty() && digest != engine_.content().questionnaire_digest)
      screen_.say(trf("Note: questionnaire '{}' has changed since this record was saved; its answers were checked against "
                      "version {}.",
                      q.id, q.version) +
                  "\n");
    if (!cleared.empty()) screen_.say(trf("Cleared answers that no longer apply: {}.", names(session_, cleared)) + "\n");
    int at = session_.first_pending();
    auto n = static_cast<unsigned long>(session_.answered_count());
    screen_.say((at < 0 ? trnf("Resuming {}: {} answer so far; nothing left to ask.",
                               "Resuming {}: {} answers so far; nothing left to ask.", n, o_.record, n)
                        : trnf("Resuming {}: {} answer so far; continuing at '{}'.",
                               "Resuming {}: {} answers so far; continuing at '{}'.", n, o_.record, n, session_.item(at).id)) +
                "\n");
  }

  void save() { write_file_atomically(o_.record, session_.to_yaml()); }

  void refuse(const std::vector<Diagnostic>& errors, bool resuming) const {
    throw_if_any(errors, resuming ? trf("{}: cannot resume: the record is not valid", o_.record)
                                  : trf("{}: cannot start: the record would not be valid", o_.record));
  }

  // Refuses before the first question what the final report would refuse after the last one.
  void refuse_if_invalid() const { refuse(session_.check(o_.record), false); }

  // After an answer: save, say what was cleared, and go on to the next item still to be asked.
  int advance(int cursor, const std::vector<int>& cleared) {
    save();
    if (!cleared.empty()) screen_.say(trf("Cleared {} (no longer asked after this answer).", names(session_, cleared)) + "\n");
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
      // Sentences a screen reader can read, as in the report: no rows of marks.
      screen_.say("\n" + screen_.red(rs.emergency_title) + "\n  " + wrap(reflow(rs.emergency_text), width, 2) + "\n\n");
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

  // The terminal's height in lines, 0 when unknown (or not a terminal: no paging).
  int screen_rows() const {
    winsize ws{};
    return screen_.tty && ::ioctl(2, TIOCGWINSZ, &ws) == 0 ? ws.ws_row : 0;
  }

  // Every applicable answer in the questionnaire's words, numbered, by section.
  std::vector<std::string> review_lines() const {
    std::vector<int> items = review_items();
    Record rec = session_.record();
    std::vector<std::string> lines;
    int section = -2;
    for (std::size_t n = 0; n < items.size(); ++n) {
      int i = items[n];
      const Item& it = session_.item(i);
      if (it.section != section && it.section >= 0) lines.push_back(screen_.bold(section_title(it.section)));
      section = it.section;
      std::string answer = session_.answered(i)
                               ? answer_text(engine_.content(), i, rec.answers[static_cast<std::size_t>(i)], true)
                           : session_.skipped(i) ? _("(skipped: not known)")
                                                 : _("(not answered yet)");
      std::string head = fmt::format("{:>4}  ", n + 1);
      std::string entry = head + wrap(fmt::format("{}: {}  {}", it.id, screen_.bold(answer), screen_.dim("(" + it.label + ")")),
                                      width, head.size());
      for (const auto& l : split_lines(entry)) lines.push_back(l);
    }
    return lines;
  }

  // Review lines a page holds on this terminal (room left for the title, the hint and the
  // prompt), and how many pages `lines` fill: one when they fit or when not on a terminal.
  std::size_t review_rows() const { return static_cast<std::size_t>(std::max(screen_rows() - 5, 0)); }
  static std::size_t review_pages(std::size_t lines, std::size_t rows) {
    return rows >= 5 && lines > rows ? (lines + rows - 1) / rows : 1;
  }

  // The review, on a terminal a page at a time, so that the first answers do not scroll away.
  void show_review() {
    std::vector<std::string> lines = review_lines();
    std::size_t rows = review_rows(), pages = review_pages(lines.size(), rows);
    review_page_ = std::clamp(review_page_, 0, static_cast<int>(pages) - 1);
    std::size_t from = pages == 1 ? 0 : static_cast<std::size_t>(review_page_) * rows;
    std::size_t to = pages == 1 ? lines.size() : std::min(lines.size(), from + rows);
    std::string out = "\n" + screen_.bold(_("Review: all answers")) +
                      (pages == 1 ? "" : screen_.dim(trf("  (page {} of {})", review_page_ + 1, pages))) + "\n";
    for (std::size_t k = from; k < to; ++k) out += lines[k] + "\n";
    int pending = session_.first_pending();
    const char* enter = static_cast<std::size_t>(review_page_) + 1 < pages ? _("Enter shows the next page (< the one before)")
                        : pending < 0                                      ? _("Enter or 'done' finishes")
                                      : _("Enter goes on with the questions not yet answered");
    out += screen_.dim(wrap(trf("Type a number to change that answer; {} (:quit saves and stops).", enter), width, 0)) + "\n";
    screen_.say(out);
  }

  static std::vector<std::string> split_lines(const std::string& s) {
    std::vector<std::string> out;
    std::size_t start = 0;
    for (std::size_t nl; (nl = s.find('\n', start)) != std::string::npos; start = nl + 1)
      out.push_back(s.substr(start, nl - start));
    out.push_back(s.substr(start));
    return out;
  }

  // What was typed at the review screen; `cursor` becomes the item to ask (or stays -1).
  Review review_answer(const std::string& t, int& cursor) {
    std::vector<int> items = review_items();
    if (t == "<" && review_page_ > 0) {  // else '<' is refused below, as before
      --review_page_;
      return Review::redraw;
    }
    if (t.empty() && static_cast<std::size_t>(review_page_) + 1 < review_pages(review_lines().size(), review_rows())) {
      ++review_page_;
      return Review::redraw;
    }
    if (t.empty() || t == "done") {
      cursor = session_.first_pending();
      if (cursor >= 0) screen_.say(trf("Going on at '{}', not answered yet.", session_.item(cursor).id) + "\n");
      return cursor < 0 ? Review::finish : Review::ask;
    }
    bool number = t.size() <= 4 && t.find_first_not_of("0123456789") == std::string::npos;
    std::size_t n = number ? std::stoul(t) : 0;
    if (n >= 1 && n <= items.size()) {
      cursor = items[n - 1];
      return Review::ask;
    }
    std::string what = t == "?" ? _("At the review:") : trf("'{}' is not a number from 1 to {}.", t, items.size());
    screen_.say(
        wrap(what + " " + _("Type a number to change that answer, Enter or 'done' to go on, :quit to save and stop."), width, 0) +
        "\n");
    return Review::stay;
  }

  void show_why(int i) {
    const Item& it = session_.item(i);
    std::vector<std::string> sources;
    for (const auto& c : it.conditions) sources.push_back(c.expr.source);
    if (sources.empty())
      screen_.say(trf("'{}' is always asked.", it.id) + "\n");
    else
      screen_.say(wrap(trf("'{}' is asked because: {}", it.id, join(sources, _("; and "))), width, 2) + "\n");
  }

  void show_item(int i) {
    const Item& it = session_.item(i);
    const Questionnaire& q = session_.questionnaire();
    std::string out;
    if (it.section != shown_section_ && it.section >= 0) {
      const Section& s = q.sections[static_cast<std::size_t>(it.section)];
      out += "\n" + screen_.bold(wrap(section_title(it.section), width, 0)) + "\n";
      if (!s.help.empty()) out += wrap(s.help, width, 0) + "\n";
    }
    if (it.group != shown_group_ && it.group >= 0) {
      const Group& g = q.groups[static_cast<std::size_t>(it.group)];
      out += "\n" + screen_.bold(wrap(g.label.empty() ? g.id : g.label, width, 0)) + "\n";
      if (!g.help.empty()) out += wrap(g.help, width, 0) + "\n";
    }
    shown_section_ = it.section;
    shown_group_ = it.group;
    // "about": answers still to come may turn items on or off.
    std::string where = section_title(it.section);
    out += "\n" +
           screen_.dim(wrap((where.empty() ? "" : where + ", ") +
                                trf("question {} of about {}", session_.position(i), session_.applicable_count()),
                            width, 0)) +
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
    std::string hint = input_hint(session_, i) + " " + (it.required ? _("Required.") : _("Optional (:skip skips)."));
    if (session_.answered(i))
      hint += " " + trf("Current answer: {} (Enter keeps it).", session_.answer_text(i));
    else if (session_.skipped(i))
      hint += " " + std::string(_("Skipped before (Enter keeps it skipped)."));
    else if (it.default_answer)
      hint += " " + trf("Enter takes the default: {}.", *it.default_answer);
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
    out += wrap(it.required ? trf("Item '{}' takes {}; it is required.", it.id, it.allowed())
                            : trf("Item '{}' takes {}.", it.id, it.allowed()),
                width, 0) +
           "\n";
    out += wrap(_("Commands: ? this help; ?why why this question is asked; < or back to the previous question; :review all "
                  "answers, to change any; :skip an optional question (saved as unknown; - too); :quit save and stop "
                  "(continue later with --resume; :q too); Enter keeps a current answer."),
                width, 0) +
           "\n";
    screen_.say(out);
  }

  std::string resume_hint() const {
    auto n = static_cast<unsigned long>(session_.answered_count());
    return trnf("{} answer saved to {}; continue with: carepath intake --resume {}",
                "{} answers saved to {}; continue with: carepath intake --resume {}", n, n, o_.record, shell_word(o_.record));
  }

  // Before the last item: the record is saved, and unfinished, which is what status 1 says.
  int stop(const std::string& why, ExitCode code) {
    save();
    screen_.say(fmt::format("\n{}: {}\n", why, resume_hint()));
    return code;
  }

  // The report of the saved file itself, through the same steps as 'carepath report', so that
  // both print exactly the same.
  int finish(LineInput& in) {
    session_.unfinished = false;  // the review is done
    save();
    if (ask_decision(engine_, session_, in, screen_, [this] { save(); }) == ReadResult::interrupted)
      return stop(_("interrupted"), exit_interrupted);
    save();
    RawRecord raw = read_single_record(o_.record);
    Outcome out = score_record(engine_, raw);
    throw_if_invalid(out.source, out.errors);
    screen_.say("\n" + wrap(trf("All questions done; the record is saved in {}.", o_.record), width, 0) + "\n\n");
    ReportStyle style;
    style.color = use_color(stdout, o_.no_color);
    style.width = text_width(stdout);
    std::cout << render_report(engine_, out, probe_unknowns(engine_, raw, out), style);
    std::cout.flush();
    return exit_ok;
  }
};

// The language a saved intake was run in ("" when it does not say), read before its content is
// loaded: the questions are shown in it.
std::string saved_language(const std::string& file) {
  Input in(file);
  std::string lang;
  read_yaml_records(in.stream(), in.name(), [&](RawRecord&& r) {
    for (const auto& f : r.header)
      if (f.key == "language" && lang.empty()) lang = f.value.scalar;
  });
  return lang;
}

int run_intake(IntakeOptions o) {
  if (!o.resume_file.empty()) o.record = o.resume_file, o.resume = true;
  else if (!o.save_file.empty() && !o.record.empty())
    throw Error(exit_usage, _("give the file to save in once: RECORD or --save FILE"));
  else if (!o.save_file.empty()) o.record = o.save_file;
  else if (o.record.empty()) o.record = default_record_path();
  if (o.record == "-") throw Error(exit_usage, _("intake needs a file to save the record in; '-' cannot be resumed"));
  if (!o.case_id.empty())
    if (auto why = case_id_problem(o.case_id); !why.empty())
      throw Error(exit_data, "--case-id: " + why.substr(why.find(' ') + 1));
  struct stat st {};
  if (!o.resume && ::stat(o.record.c_str(), &st) == 0)
    throw Error(exit_usage, trf("'{}' already exists; continue it with 'carepath intake --resume {}', or choose another file",
                                o.record, shell_word(o.record)));
  // A resumed intake goes on in the language it was run in, unless --lang says otherwise.
  if (o.resume && !o.lang_given)
    if (std::string lang = saved_language(o.record); known_language(lang)) init_language(lang);
  auto content = load_content_or_throw(o.content.paths(true));
  bool tty = ::isatty(0) != 0;
  Screen screen(tty, tty && use_color(stderr, o.no_color));
  IntakeRun run(o, *content, screen);
  return run.run();
}

}  // namespace

void setup_intake(CLI::App& app, Action& action) {
  auto o = std::make_shared<IntakeOptions>();
  auto* sub =
      app.add_subcommand("intake", _("Ask the questionnaire interactively, save the record after every answer, then report"));
  auto* save = sub->add_option("--save", o->save_file,
                               _("File to save the new intake record in (must not exist; default ./intake-DATE-TIME.yaml)"))
                   ->type_name(_("FILE"));
  auto* resume = sub->add_option("--resume", o->resume_file, _("Continue the intake saved in FILE, saving back to it"))
                     ->type_name(_("FILE"));
  auto* record = sub->add_option("RECORD", o->record, _("The same as --save RECORD"));
  resume->excludes(save)->excludes(record);
  sub->add_option("--case-id", o->case_id, _("An anonymised case label for the record (never a name)"))->type_name("ID");
  sub->add_flag("--no-color", o->no_color, _("Never use colour"));
  add_content_options(*sub, o->content);
  auto* lang = add_lang_option(*sub);
  sub->callback([o, lang, &action] {
    o->lang_given = lang->count() > 0;
    action = [o] { return run_intake(*o); };
  });
}

}  // namespace carepath
