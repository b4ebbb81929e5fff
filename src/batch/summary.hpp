#pragma once
// Counts over a batch run: results per primary level, setting, flag and kind of error, and,
// when the input says where each person actually went, recommended against actual levels.
#include <map>
#include <span>
#include <string>
#include <vector>

#include "render/result_output.hpp"

namespace carepath {

struct Summary {
  std::size_t records = 0, scored = 0, rejected = 0, emergencies = 0;
  std::vector<std::size_t> levels;     // by primary level; the last entry: no level
  std::vector<std::size_t> settings;   // 0: the setting's none value; i + 1: values[i]
  std::vector<std::size_t> flags;      // by flag
  std::map<std::string, std::size_t> error_kinds;
  bool has_actual = false;
  // Like with like (add_agreement): an admission to a level placed before the pathway's steps
  // against the recommended setting, [recommended setting as in `settings`][actual setting,
  // the last: not given]; an admission to another level against the recommended primary
  // level, [recommended level as in `levels`][actual level].
  std::vector<std::size_t> by_setting, by_level;
  // The actual side's levels and settings a mapping can give (set_actual_sides).
  std::vector<char> actual_levels, actual_settings;
  std::size_t no_actual = 0;  // scored records the table gave no placement for
  // Research scoring: results with required answers missing, and by item.
  std::size_t missing_required = 0;
  std::vector<std::size_t> missing_by_item;
  std::size_t unfinished = 0;  // records saved by `intake` before its review was finished
  // The counselors' decisions (records with a placement): how many, how many followed the
  // recommendation, departures by reason, and [recommended primary level][decided level].
  std::size_t decided = 0, followed = 0;
  std::vector<std::size_t> departure_reasons;
  std::vector<std::size_t> decisions;

  explicit Summary(const RuleSet& rules);
  void add(const Outcome& o, int actual) { add(o, o.result, actual); }  // actual: ActualPlacement's code, -1 when not given
  void add(const Outcome& o, const Result& r, int actual);                // r stands for o.result

  // What a result adds to the counts, found once for a result that many records share (a
  // batch's rows the outcome memo knows): add(shape_of(r, f), actual) counts what add(o, r,
  // actual) counts for a record o with no errors, no decision and no unfinished mark.
  struct Shape {
    std::size_t level = 0, setting = 0;  // indices into levels and settings
    bool emergency = false;
    std::span<const int> flags;    // the flags set
    std::span<const int> missing;  // r.missing_required
  };
  // `flags`: where the shape's flags are kept; it must outlive the shape, unchanged.
  Shape shape_of(const Result& r, std::vector<int>& flags) const;
  void add(const Shape& s, int actual, std::size_t n = 1);  // n records of that shape
  void merge(const Summary& other);
  // What the actual side can hold: from the mapping's crosswalk (ActualPlacement codes).
  void set_actual_sides(const std::vector<int>& codes);

 private:
  Shape shape_but_flags(const Result& r) const;
  void add_counts(const Shape& s, int actual, std::size_t n);  // all but the flags
  void add_agreement(const Shape& s, int actual, std::size_t n);
  void add_missing_required(std::span<const int> items, std::size_t n);

  const RuleSet* rules_;
  // The rejected rows of a table repeat a few messages: each one's count in error_kinds is
  // found once. Pointers into this summary's own map, so a copy starts without them.
  struct RecentKinds {
    RecentKinds() = default;
    RecentKinds(const RecentKinds&) {}
    RecentKinds& operator=(const RecentKinds&) {
      entries.clear();
      return *this;
    }
    std::vector<std::pair<std::string, std::size_t*>> entries;  // message, its kind's count
    std::size_t next = 0;
  };
  RecentKinds recent_;
  std::size_t& kind_count(const std::string& message);
  void add_decision(const Placement& p, const Result& r);
};

// A message without its particulars, so that like problems count together:
// "item 'x': '…' is not allowed".
std::string error_kind(const std::string& message);

std::string render_summary(const Engine& engine, const Summary& s);

}  // namespace carepath
