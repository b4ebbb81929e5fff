#include "batch/outcome_memo.hpp"

#include <sys/mman.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <map>
#include <mutex>
#include <unordered_map>

#include "content/content.hpp"
#include "content/tables.hpp"
#include "util/error.hpp"
#include "util/swar.hpp"

namespace carepath {

// Reads take no lock, and race with no write: a slot's key is written before the release store
// of its head that publishes it (through std::atomic_ref, the head's only access once the
// table is shared), a reader reads a key only after an acquire load of its head has seen it
// published, and nothing published is changed or freed while the table lives. Writes take the
// mutex. A slot is its head (0, or hash tag << 32 | rejected << 31 | decision + 1) followed by
// its key, so that a lookup reads one stretch of memory, not a slot, then a key elsewhere, then
// its decision (which a hit on an accepted outcome does not read: its caller may not need it).
struct OutcomeMemo::Table {
  explicit Table(std::size_t key_bytes)
      : key_bytes(key_bytes), stride(sizeof(std::uint64_t) + key_bytes), memory(slot_count * stride) {
    base = static_cast<char*>(memory.at);
  }
  // A power of two, for the probe's mask; a full table is three quarters used, so that a
  // lookup of a key it lacks stops after a few slots.
  static constexpr std::size_t slot_count = std::size_t{1} << 18;
  static_assert(slot_count >= max_keys + max_keys / 3);
  const std::size_t key_bytes, stride;
  // Zeroed pages of their own, taken from the system: until a key reaches one, it costs no
  // memory (a table that stays small keeps the batch's memory flat).
  struct Pages {
    explicit Pages(std::size_t n) : bytes(n) {
      at = ::mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
      if (at == MAP_FAILED) throw std::bad_alloc();
#ifndef CAREPATH_MEMO_NO_HUGE_PAGES
      // Lookups read random slots of the whole table: with 4 KiB pages its 4,096 pages outnumber
      // the processor's address cache, and an early fetch of a slot waited for its page's address
      // (5% of a TEDS-A year's time, bench/memo-tricks.sh). 2 MiB pages where the system grants
      // them: a page is then resident as soon as one key reaches it (16 MiB at most).
      ::madvise(at, bytes, MADV_HUGEPAGE);  // advice only: no error if the system declines
#endif
    }
    ~Pages() { ::munmap(at, bytes); }
    Pages(const Pages&) = delete;
    Pages& operator=(const Pages&) = delete;
    std::size_t bytes;
    void* at;
  };
  Pages memory;
  char* base = nullptr;
  char* slot(std::size_t k) const {
    return base + k * stride;
  }
  static std::atomic_ref<std::uint64_t> head(char* slot) {
    return std::atomic_ref<std::uint64_t>(*reinterpret_cast<std::uint64_t*>(slot));
  }
  // Allocated once, never moved or resized: readers index it unlocked, and the writer only fills
  // a cell no published head names yet. (A vector's push_back, even within its capacity, writes
  // the vector itself, which readers read: a data race however the library lays it out.)
  const std::unique_ptr<std::unique_ptr<const Decision>[]> decisions =
      std::make_unique<std::unique_ptr<const Decision>[]>(max_decisions);
  std::mutex mu;  // for all below, and for writing the above
  std::size_t decision_count = 0;
  std::size_t entries = 0;
  // Some memo of this table saw keys repeat (see OutcomeMemo::window): the others need no
  // probation. A hint only, read and written on its own.
  std::atomic<bool> proven{false};
  std::unordered_map<std::string, std::uint32_t> by_decision;
};

OutcomeMemo::OutcomeMemo(const Engine& engine, std::shared_ptr<Table> table, bool probation)
    : engine_(engine), probation_(probation) {
  const Content& c = engine.content();
  const auto& items = c.questionnaire.items;
  std::vector<char> exact(items.size(), 0);
  // A score's total is summed from the values themselves, whatever its tables class it by.
  for (const Score& s : c.questionnaire.scores)
    for (int i : s.items) exact[static_cast<std::size_t>(i)] = 1;
  std::vector<std::vector<ExprTable::Input>> reads(items.size());
  for_each_scored_expr(c, [&](const Expr& e, int) {
    if (!e.valid()) return;
    if (!e.table) {
      for (int i : e.items) exact[static_cast<std::size_t>(i)] = 1;
      return;
    }
    for (const auto& in : e.table->inputs())
      if (in.field == &EvalEnv::answers) reads[static_cast<std::size_t>(in.index)].push_back(in);
  });
  for (std::size_t i = 0; i < items.size(); ++i) {
    std::optional<Part> p;
    if (!exact[i]) p = combine(i, reads[i]);
    else if (auto d = item_domain(items[i])) p = by_domain(i, *d);
    if (!p) {
      p.emplace();
      p->how = Part::How::value;
      p->item = i;
    }
    key_bytes_ += p->how == Part::How::value ? 9 : 1;
    parts_.push_back(std::move(*p));
  }
  for (const Part& p : parts_) {
    if (p.how == Part::How::classes) dense_.push_back(dense_of(p));
    else other_.push_back(&p);
  }
  offset_.assign(items.size(), -1);
  std::size_t at = 0;
  for (const Dense& d : dense_) offset_[d.item] = static_cast<std::ptrdiff_t>(at++);
  for (const Part* p : other_) {
    if (p->how != Part::How::value) offset_[p->item] = static_cast<std::ptrdiff_t>(at);
    at += p->how == Part::How::value ? 9 : 1;
  }
  key_bytes_ = (key_bytes_ + 7) / 8 * 8;  // whole words for the hash; the rest stays zero
  key_.assign(key_bytes_, '\0');
  Record blank;
  blank.answers.assign(items.size(), Value::none());
  if (make_key(blank)) blank_ = key_;
  if (table && table->key_bytes != key_bytes_) throw Error(exit_internal, "an outcome table of another engine");
  table_ = table ? std::move(table) : new_table();
}

std::optional<std::size_t> OutcomeMemo::key_offset(std::size_t item) const {
  if (offset_[item] < 0) return std::nullopt;
  return static_cast<std::size_t>(offset_[item]);
}

std::optional<std::uint8_t> OutcomeMemo::key_byte(std::size_t item, const Value& v) const {
  const Part& p = parts_[item];
  int b = -1;
  if (p.how == Part::How::classes)
    b = byte_of(dense_of(p), v);
  else if (p.how != Part::How::value)
    b = byte_of(p, v);
  if (b < 0) return std::nullopt;
  return static_cast<std::uint8_t>(b);
}

void OutcomeMemo::put_value(char* out, const Value& v) {
  *out = static_cast<char>(static_cast<int>(v.kind) << 1 | v.uncertain);
  std::memcpy(out + 1, &v.i, sizeof v.i);
}

namespace {

constexpr auto lowest = std::numeric_limits<std::int64_t>::min(), highest = std::numeric_limits<std::int64_t>::max();
constexpr std::uint64_t max_span = 1024;

}  // namespace

// One part for all the ways tables class an item, or nullopt when they do not fit a byte.
std::optional<OutcomeMemo::Part> OutcomeMemo::combine(std::size_t item, const std::vector<ExprTable::Input>& ins) {
  Part p;
  p.item = item;
  if (ins.empty()) return p;
  // Values whose classes agree in every table, and that are both answered or both not (what the
  // applicability check asks), share an id. A class a table refuses (-1) is a class too: such a
  // value runs a program, and an outcome that did is never remembered.
  std::map<std::vector<int>, std::uint8_t> ids;
  auto id_of = [&](const Value& v) {
    std::vector<int> classes{v.known()};
    for (const auto& in : ins) classes.push_back(in.classify(v));
    return ids.try_emplace(classes, static_cast<std::uint8_t>(std::min<std::size_t>(ids.size(), refused))).first->second;
  };
  auto by_bits = [](const ExprTable::Input& in) { return in.by_bits; };
  if (std::all_of(ins.begin(), ins.end(), by_bits)) {
    p.how = Part::How::bits;
    for (const auto& in : ins)
      for (auto b : in.bits) p.bits.push_back(static_cast<int>(b));
    std::sort(p.bits.begin(), p.bits.end());
    p.bits.erase(std::unique(p.bits.begin(), p.bits.end()), p.bits.end());
    if (p.bits.size() > max_bits) return std::nullopt;
    p.unknown_id = id_of(Value::none());
    for (std::uint64_t c = 0; c < (std::uint64_t{1} << p.bits.size()); ++c) {
      std::uint64_t set = 0;
      for (std::size_t b = 0; b < p.bits.size(); ++b) set |= (c >> b & 1u) << p.bits[b];
      p.ids.push_back(id_of(Value::of_set(set)));
    }
    if (ids.size() >= refused) return std::nullopt;
    return p;
  }
  if (std::any_of(ins.begin(), ins.end(), by_bits)) return std::nullopt;
  p.how = Part::How::classes;
  p.kind = ins[0].kind;
  std::int64_t hi = 0;
  for (std::size_t k = 0; k < ins.size(); ++k) {
    const auto& in = ins[k];
    if (in.kind != p.kind || in.span == 0) return std::nullopt;
    auto last = in.lo + static_cast<std::int64_t>(in.span - 1);
    p.lo = k == 0 ? in.lo : std::min(p.lo, in.lo);
    hi = k == 0 ? last : std::max(hi, last);
  }
  if (p.lo == lowest || hi == highest || static_cast<std::uint64_t>(hi) - static_cast<std::uint64_t>(p.lo) >= max_span)
    return std::nullopt;
  p.unknown_id = id_of(Value::none());
  p.below_id = id_of(Value{p.kind, false, p.lo - 1});
  p.above_id = id_of(Value{p.kind, false, hi + 1});
  for (std::int64_t v = p.lo; v <= hi; ++v) p.ids.push_back(id_of(Value{p.kind, false, v}));
  if (ids.size() >= refused) return std::nullopt;
  return p;
}

// An answer keyed by value: its place in the item's domain; any other value is refused.
std::optional<OutcomeMemo::Part> OutcomeMemo::by_domain(std::size_t item, const std::vector<Value>& domain) {
  Part p;
  p.item = item;
  p.how = Part::How::classes;
  p.unknown_id = p.below_id = p.above_id = refused;
  std::int64_t hi = 0;
  bool any = false;
  for (const Value& v : domain) {
    if (!v.known()) continue;
    if (any && v.kind != p.kind) return std::nullopt;
    p.kind = v.kind;
    p.lo = any ? std::min(p.lo, v.i) : v.i;
    hi = any ? std::max(hi, v.i) : v.i;
    any = true;
  }
  if (!any || domain.size() >= refused || static_cast<std::uint64_t>(hi) - static_cast<std::uint64_t>(p.lo) >= max_span)
    return std::nullopt;
  p.ids.assign(static_cast<std::size_t>(hi - p.lo + 1), refused);
  for (std::size_t k = 0; k < domain.size(); ++k) {
    const Value& v = domain[k];
    if (v.uncertain) return std::nullopt;
    (v.known() ? p.ids[static_cast<std::size_t>(v.i - p.lo)] : p.unknown_id) = static_cast<std::uint8_t>(k);
  }
  return p;
}

int OutcomeMemo::byte_of(const Dense& d, const Value& v) {
  std::uint8_t id = d.unknown_id;
  if (v.kind == d.kind && !v.uncertain) {
    auto off = static_cast<std::uint64_t>(v.i) - static_cast<std::uint64_t>(d.lo);
    id = off < d.span ? d.ids[off] : v.i < d.lo ? d.below_id : d.above_id;
  } else if (v.known() || v.uncertain) {
    return -1;
  }
  return id == refused ? -1 : id;
}

int OutcomeMemo::byte_of(const Part& p, const Value& v) {
  if (p.how == Part::How::known) return v.known();
  std::uint8_t id = p.unknown_id;
  if (v.known()) {
    if (v.kind != Kind::set || v.uncertain) return -1;
    std::size_t c = 0;
    for (std::size_t b = 0; b < p.bits.size(); ++b) c |= static_cast<std::size_t>(v.bits() >> p.bits[b] & 1u) << b;
    id = p.ids[c];
  }
  return id == refused ? -1 : id;
}

// A byte for each item (classes parts first): whether it is answered (all the applicability
// check asks) and what tables tell apart of it, or which of its values it is where no table
// decides. False for an answer no part holds (an uncertain or mistyped value): that record is
// scored afresh.
bool OutcomeMemo::make_key(const Record& rec) {
  const Value* a = rec.answers.data();
  char* out = key_.data();
  for (const Dense& d : dense_) {
    int b = byte_of(d, a[d.item]);
    if (b < 0) return false;
    *out++ = static_cast<char>(b);
  }
  for (const Part* p : other_) {
    const Value& v = a[p->item];
    if (p->how != Part::How::value) {
      int b = byte_of(*p, v);
      if (b < 0) return false;
      *out++ = static_cast<char>(b);
      continue;
    }
    put_value(out, v);
    out += 9;
  }
  return true;
}

std::string OutcomeMemo::key_of(const Record& rec) { return make_key(rec) ? key_ : std::string(); }

std::shared_ptr<OutcomeMemo::Table> OutcomeMemo::new_table() const { return std::make_shared<Table>(key_bytes_); }

std::uint64_t OutcomeMemo::hash_of(const char* key, std::size_t bytes) {
  std::uint64_t h = bytes;
  for (std::size_t at = 0; at < bytes; at += 8) {
    h = (h ^ swar::load(key + at)) * 0x9e3779b97f4a7c15u;
    h ^= h >> 29;
  }
  return h;
}

// The slot holding `key` (found) or the empty one where it would go, and what its head holds.
char* OutcomeMemo::probe(std::uint64_t hash, const char* key, std::uint64_t& held) const {
  const Table& t = *table_;
  const std::uint64_t tag = hash >> 32;
  std::size_t k = hash & (Table::slot_count - 1);
  for (;; k = (k + 1) & (Table::slot_count - 1)) {
    char* s = t.slot(k);
    held = Table::head(s).load(std::memory_order_acquire);
    if (held == 0 || (held >> 32 == tag && swar::same_words(s + sizeof held, key, key_bytes_))) return s;
  }
}

namespace {

// The table's lock is held for a microsecond or so at a time, by workers missing at once (the
// first records of a batch): one that finds it taken spins a little before it sleeps, since
// sleeping and being woken costs more than the wait (they took turns sleeping on it thousands
// of times a run).
void lock_briefly(std::unique_lock<std::mutex>& lock) {
  for (int spin = 0; spin < 256; ++spin) {
    if (lock.try_lock()) return;
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#endif
  }
  lock.lock();
}

}  // namespace

// True when `hash` was noted before in this window; notes it. Hashes only: this decides
// whether to keep outcomes, never what a record gets.
bool OutcomeMemo::noted_before(std::uint64_t hash) {
  if (seen_.empty()) seen_.assign(2 * window, 0);
  hash |= 1;  // 0 marks an empty slot
  for (std::size_t k = hash & (seen_.size() - 1);; k = (k + 1) & (seen_.size() - 1)) {
    if (seen_[k] == hash) return true;
    if (seen_[k] == 0) {
      seen_[k] = hash;
      return false;
    }
  }
}

// Ends the probation as soon as any memo of the table has seen keys repeat.
bool OutcomeMemo::still_on_probation() {
  if (probation_ && table_->proven.load(std::memory_order_relaxed)) {
    probation_ = false;
    std::fill(seen_.begin(), seen_.end(), 0);
  }
  return probation_;
}

void OutcomeMemo::count_lookup(bool hit) {
  window_hits_ += hit;
  if (++window_lookups_ < window) return;
  if (probation_) std::fill(seen_.begin(), seen_.end(), 0);
  if (window_hits_ * few < window_lookups_) {
    resting_ = rest_;
    rest_ *= 2;
    probation_ = true;  // when it looks again
  } else {
    rest_ = first_rest;
    if (probation_) table_->proven.store(true, std::memory_order_relaxed);
    probation_ = false;
  }
  window_lookups_ = window_hits_ = 0;
}

namespace {

constexpr std::uint64_t rejected_bit = std::uint64_t{1} << 31, decision_bits = rejected_bit - 1;
static_assert(OutcomeMemo::max_decisions < decision_bits);

}  // namespace

OutcomeMemo::Scored OutcomeMemo::remembered(std::uint32_t decision, bool ok) const {
  const Decision& d = *table_->decisions[decision];
  if (!ok) return {nullptr, nullptr, &d.csv_errors, decision};
  return {&d.result, &d.csv, nullptr, decision};
}

OutcomeMemo::Scored OutcomeMemo::hit(std::uint64_t held, Outcome& o, const Pos& where) {
  ++hits_;
  auto decision = static_cast<std::uint32_t>((held & decision_bits) - 1);
  if (!(held & rejected_bit)) {
    set_errors(o, 0);
    return remembered(decision, true);
  }
  const Decision& d = *table_->decisions[decision];
  set_errors(o, d.errors.size());
  for (std::size_t k = 0; k < d.errors.size(); ++k) {
    Diagnostic& e = o.errors[k];
    e.pos.file.assign(where.file);
    e.pos.line = where.line;
    e.pos.col = where.col;
    e.message.assign(d.errors[k]);
  }
  return remembered(decision, false);
}

// Errors are set in place, and those a record does not need are kept aside for a later one:
// their strings keep their buffers (a third of the rows of some tables are errors).
void OutcomeMemo::set_errors(Outcome& o, std::size_t n) {
  for (; o.errors.size() > n; o.errors.pop_back()) spare_.push_back(std::move(o.errors.back()));
  for (; o.errors.size() < n; spare_.pop_back()) {
    if (spare_.empty()) spare_.emplace_back();
    o.errors.push_back(std::move(spare_.back()));
  }
}

std::uint64_t OutcomeMemo::prefetch(std::string_view key) const {
  if (resting_ > 0 || probation_ || key.size() != key_bytes_) return 0;  // find() would not probe
  std::uint64_t hash = hash_of(key.data(), key_bytes_);
  const char* s = table_->slot(hash & (Table::slot_count - 1));
  __builtin_prefetch(s);
  const char* last = s + table_->stride - 1;  // a slot may straddle two lines
  if ((reinterpret_cast<std::uintptr_t>(s) ^ reinterpret_cast<std::uintptr_t>(last)) >= 64) __builtin_prefetch(last);
  return hash;
}

std::optional<OutcomeMemo::Scored> OutcomeMemo::find(std::string_view key, Outcome& o, const Pos& where, std::uint64_t hash) {
  if (resting_ == 0) {  // else score() rests
    std::uint64_t held = 0;
    if (key.size() != key_bytes_) {
      count_lookup(false);
    } else {
      if (hash == 0) hash = hash_of(key.data(), key_bytes_);
      if (still_on_probation()) {
        count_lookup(noted_before(hash));
      } else {
        probe(hash, key.data(), held);
        count_lookup(held != 0);
        if (held != 0) return hit(held, o, where);
      }
      std::memcpy(key_.data(), key.data(), key_bytes_);  // for score(), which goes on with it
    }
  }
  set_errors(o, 0);
  return std::nullopt;
}

OutcomeMemo::Scored OutcomeMemo::score(Outcome& o, const Pos& where, bool looked_up) {
  const bool afresh = resting_ > 0 || still_on_probation();  // (counting may end the probation)
  if (resting_ > 0) {
    --resting_;
    ++rested_;
  } else if (probation_) {
    ++misses_;
    ++on_probation_;
    if (!looked_up) count_lookup(make_key(o.record) && noted_before(key_hash()));
  }
  if (afresh) {  // scored as without a memo
    check_applicability(engine_.content(), o.record, where, o.errors);
    if (o.errors.empty()) engine_.evaluate(o.record, o.result);
    return {o.ok() ? &o.result : nullptr, nullptr, nullptr};  // the columns are written with the row
  }
  // After find(), key_ holds the record's key, just looked up: it is neither made nor probed again.
  bool keyed = looked_up || make_key(o.record);
  std::uint64_t hash = 0, held = 0;
  if (keyed) {
    hash = key_hash();
    if (!looked_up) probe(hash, key_.data(), held);
  }
  if (!looked_up) count_lookup(held != 0);
  if (held != 0) return hit(held, o, where);
  ++misses_;
  std::uint64_t table_misses = 0;
  check_applicability(engine_.content(), o.record, where, o.errors, &table_misses);
  if (o.errors.empty()) engine_.evaluate(o.record, o.result, nullptr, &table_misses);
  // A lookup no table could answer ran a program on the values themselves: this outcome may
  // not hold for the rest of its key.
  if (keyed && table_misses == 0)
    if (auto decision = remember(o, hash); decision != not_remembered) {
      Scored s = remembered(decision, o.ok());
      if (o.ok()) s.result = &o.result;  // the same decision, in the cache (the kept copy may not be)
      return s;
    }
  return own(o);
}

OutcomeMemo::Scored OutcomeMemo::own(const Outcome& o) {
  if (!o.ok()) return {};
  columns_.clear();
  append_result_columns(columns_, engine_, o.result, scratch_);
  return {&o.result, &columns_};
}

OutcomeMemo::Scored OutcomeMemo::score(const RawRecord& raw, Outcome& o) {
  o.source = raw.source;
  o.errors.clear();
  validate_answers(raw, engine_.content(), o.errors, o.record);
  o.case_id = o.record.case_id;
  if (!o.errors.empty()) return {};
  return score(o, raw.pos);
}

// Keeps o's outcome under key_.
std::uint32_t OutcomeMemo::remember(const Outcome& o, std::uint64_t hash) {
  decision_key_.clear();
  if (o.ok()) {
    decision_key_ += 'r';
    append_decision_key(decision_key_, engine_, o.result);
  } else {
    decision_key_ += 'e';
    for (const auto& d : o.errors) (decision_key_ += d.message) += '\0';
  }
  Table& t = *table_;
  // A new decision is built with the lock released: copying a result and writing its columns
  // is most of the work, and with two workers missing at once (the first records of a batch)
  // they waited on each other for it. The table is looked at again once it is built.
  std::unique_ptr<Decision> fresh;
  std::unique_lock lock(t.mu, std::defer_lock);
  lock_briefly(lock);
  for (;;) {
    std::uint64_t held;
    char* slot = probe(hash, key_.data(), held);  // another worker may have kept this key meanwhile
    if (held != 0) return static_cast<std::uint32_t>((held & decision_bits) - 1);
    // Full: what is kept stays, nothing more is (a stream whose keys keep changing is scored afresh).
    if (t.entries >= max_keys) return not_remembered;
    auto found = t.by_decision.find(decision_key_);
    std::uint32_t decision;
    if (found != t.by_decision.end()) {
      decision = found->second;
    } else {
      if (t.decision_count >= max_decisions) return not_remembered;
      if (!fresh) {
        lock.unlock();
        fresh = std::make_unique<Decision>();
        for (const auto& e : o.errors) fresh->errors.push_back(e.message);
        fresh->csv_errors = csv_messages(fresh->errors);
        if (o.ok()) {
          fresh->result = o.result;
          append_result_columns(fresh->csv, engine_, o.result, scratch_);
        }
        lock_briefly(lock);
        continue;
      }
      decision = static_cast<std::uint32_t>(t.decision_count++);
      t.decisions[decision] = std::move(fresh);
      t.by_decision.emplace(decision_key_, decision);
    }
    ++t.entries;
    std::memcpy(slot + sizeof held, key_.data(), key_bytes_);
    Table::head(slot).store((hash >> 32) << 32 | (o.ok() ? 0 : rejected_bit) | (decision + 1), std::memory_order_release);
    return decision;
  }
}

}  // namespace carepath
