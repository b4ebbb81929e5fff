#include "intake/line_input.hpp"

#include <histedit.h>
#include <poll.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cwchar>
#include <string_view>

#include "util/limits.hpp"

namespace carepath {

namespace {
volatile std::sig_atomic_t caught_signal = 0;
void on_signal(int s) {
  caught_signal = s;
}
}  // namespace

SignalGuard::SignalGuard() {
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

SignalGuard::~SignalGuard() {
  for (std::size_t i = 0; i < signals_.size(); ++i) sigaction(signals_[i], &old_[i], nullptr);
  sigset_t unblock;
  sigemptyset(&unblock);
  for (int s : signals_) sigaddset(&unblock, s);
  sigprocmask(SIG_UNBLOCK, &unblock, nullptr);
}

int SignalGuard::caught() const {
  return caught_signal;
}

std::string strip_escapes(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '\x1b') {
      out += s[i];
      continue;
    }
    if (i + 1 < s.size() && s[i + 1] == '[') {  // CSI: parameters and intermediates, then a final byte @..~
      i += 2;
      while (i < s.size() && !(s[i] >= '@' && s[i] <= '~')) ++i;
    } else if (i + 1 < s.size()) {
      i += s[i + 1] == 'O' && i + 2 < s.size() ? 2 : 1;  // SS3 (ESC O x) or ESC x
    }
  }
  return out;
}

struct LineInput::Impl {
  const SignalGuard& guard;
  std::string buf;
  bool eof = false;
  EditLine* el = nullptr;
  History* hist = nullptr;
  std::string prompt;

  explicit Impl(const SignalGuard& g) : guard(g) {}

  // Waits for input with the signals unblocked; false on a signal.
  bool wait() {
    for (;;) {
      if (guard.caught()) return false;
      pollfd p{0, POLLIN, 0};
      if (::ppoll(&p, 1, nullptr, &guard.waiting_mask()) >= 0 || errno != EINTR) return true;
    }
  }

  // One byte: 1, 0 at the end of input, -1 on a signal.
  int byte(unsigned char& b) {
    for (;;) {
      if (!wait()) return -1;
      ssize_t n = ::read(0, &b, 1);
      if (n < 0 && errno == EINTR) continue;
      return n == 1 ? 1 : 0;  // a read error (a terminal that went away) ends input like EOF
    }
  }

  // libedit reads through this, so that a signal ends the wait here as it does without it.
  static int getc(EditLine* el, wchar_t* wc) {
    Impl* self = nullptr;
    el_get(el, EL_CLIENTDATA, &self);
    unsigned char b;
    int r = self->byte(b);
    if (r <= 0) return r;
    int more = b < 0x80 ? 0 : (b & 0xE0) == 0xC0 ? 1 : (b & 0xF0) == 0xE0 ? 2 : (b & 0xF8) == 0xF0 ? 3 : -1;
    if (more < 0) {
      *wc = L'?';
      return 1;
    }
    std::uint32_t c = more == 0 ? b : b & (0x3F >> more);
    for (int k = 0; k < more; ++k) {
      if ((r = self->byte(b)) <= 0) return r;
      c = c << 6 | (b & 0x3F);
    }
    *wc = static_cast<wchar_t>(c);
    return 1;
  }

  static const char* prompt_of(EditLine* el) {
    Impl* self = nullptr;
    el_get(el, EL_CLIENTDATA, &self);
    return self->prompt.c_str();
  }

  void open_editor() {
    el = el_init("carepath", stdin, stderr, stderr);
    if (!el) return;
    hist = history_init();
    HistEvent ev;
    history(hist, &ev, H_SETSIZE, 200);
    history(hist, &ev, H_SETUNIQUE, 1);
    el_set(el, EL_CLIENTDATA, this);
    el_set(el, EL_EDITOR, "emacs");
    el_set(el, EL_SIGNAL, 0);  // our handlers, not libedit's
    el_set(el, EL_HIST, history, hist);
    el_set(el, EL_PROMPT, &Impl::prompt_of);
    el_set(el, EL_GETCFN, &Impl::getc);
    // What terminals send for these keys, whatever their terminfo entry says.
    for (const char* home : {"\033[H", "\033[1~", "\033[7~", "\033OH"}) el_set(el, EL_BIND, home, "ed-move-to-beg", nullptr);
    for (const char* end : {"\033[F", "\033[4~", "\033[8~", "\033OF"}) el_set(el, EL_BIND, end, "ed-move-to-end", nullptr);
    for (const char* del : {"\033[3~"}) el_set(el, EL_BIND, del, "ed-delete-next-char", nullptr);
    for (const char* left : {"\033[1;5D", "\033b"}) el_set(el, EL_BIND, left, "ed-prev-word", nullptr);
    for (const char* right : {"\033[1;5C", "\033f"}) el_set(el, EL_BIND, right, "em-next-word", nullptr);
    // Keys that mean nothing here (function keys, Insert, Page Up/Down) are taken whole, so
    // that no part of their sequence ends up in the answer.
    for (const char* key :
         {"\033[2~",  "\033[5~",  "\033[6~",  "\033[11~", "\033[12~", "\033[13~", "\033[14~", "\033[15~", "\033[17~",
          "\033[18~", "\033[19~", "\033[20~", "\033[21~", "\033[23~", "\033[24~", "\033OP",   "\033OQ",   "\033OR",
          "\033OS",   "\033[[A",  "\033[[B",  "\033[[C",  "\033[[D",  "\033[[E",  "\033[Z"})
      el_set(el, EL_BIND, key, "ed-unassigned", nullptr);
    el_set(el, EL_BIND, "^W", "ed-delete-prev-word", nullptr);
    el_set(el, EL_BIND, "\033\177", "ed-delete-prev-word", nullptr);
  }

  ~Impl() {
    if (el) el_end(el);
    if (hist) history_end(hist);
  }

  ReadResult edited(std::string& line) {
    int count = 0;
    const char* got = el_gets(el, &count);
    if (guard.caught()) return ReadResult::interrupted;
    if (!got || count <= 0) return ReadResult::eof;
    line.assign(got, std::min(static_cast<std::size_t>(count), max_line));
    while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.pop_back();
    if (!line.empty()) {
      HistEvent ev;
      history(hist, &ev, H_ENTER, line.c_str());
    }
    return ReadResult::line;
  }

  ReadResult plain(std::string& line) {
    for (;;) {
      if (guard.caught()) return ReadResult::interrupted;
      if (auto nl = buf.find('\n'); nl != std::string::npos) {
        line = buf.substr(0, nl);
        buf.erase(0, nl + 1);
        if (!line.empty() && line.back() == '\r') line.pop_back();
        return ReadResult::line;
      }
      if (eof) {
        if (buf.empty()) return ReadResult::eof;
        line = std::move(buf);
        buf.clear();
        return ReadResult::line;
      }
      if (!wait()) continue;
      char chunk[4096];
      ssize_t n = ::read(0, chunk, sizeof chunk);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        eof = true;  // a read error (a terminal that went away) ends input like EOF
        continue;
      }
      std::string_view got(chunk, static_cast<std::size_t>(n));
      if (skipping) {
        // The rest of an over-long line is not kept: its first bytes are refused as too long anyway.
        auto nl = got.find('\n');
        if (nl == std::string_view::npos) continue;
        skipping = false;
        got.remove_prefix(nl);
      }
      buf.append(got);
      if (buf.size() > max_line && buf.find('\n') == std::string::npos) {
        buf.resize(max_line);
        skipping = true;
      }
    }
  }

  // No answer is longer than a value may be; a line beyond it is kept only up to there.
  static constexpr std::size_t max_line = max_value_bytes + 1;
  bool skipping = false;
};

LineInput::LineInput(const SignalGuard& guard, bool edit) : impl_(std::make_unique<Impl>(guard)) {
  if (edit) impl_->open_editor();
}

LineInput::~LineInput() = default;

ReadResult LineInput::next(const std::string& prompt, std::string& line) {
  ReadResult r;
  if (impl_->el) {
    impl_->prompt = prompt;
    r = impl_->edited(line);
  } else {
    // Without a terminal the prompt ends its line, so that a log of the session reads well.
    std::string p = prompt + "\n";
    std::fputs(p.c_str(), stderr);
    std::fflush(stderr);
    r = impl_->plain(line);
  }
  if (r == ReadResult::line) line = strip_escapes(line);
  return r;
}

}  // namespace carepath
