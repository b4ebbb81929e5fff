#pragma once
// Batch scoring: many records from YAML files or streams, JSON Lines or CSV (directly or
// through a mapping), scored in parallel and written in input order. The input is read in
// chunks and at most a few batches are in memory at once, so memory does not grow with it.
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/engine.hpp"
#include "record/mapping.hpp"
#include "batch/summary.hpp"

namespace carepath {

enum class InputFormat { yaml, jsonl, csv };
enum class OutputFormat { jsonl, csv, table, summary };

struct BatchInput {
  std::string path;  // "-" is standard input
  InputFormat format = InputFormat::yaml;
};

// Expands the command's INPUT arguments: a directory gives its *.yaml, *.yml and *.jsonl files
// in name order; the format comes from `forced` or the extension. Throws exit_no_input for a
// path that does not exist and exit_usage when a format cannot be told.
std::vector<BatchInput> expand_inputs(const std::vector<std::string>& args, std::optional<InputFormat> forced, bool mapped);

// A second look at every record in the same pass (carepath diff scores it with other rules):
// add() runs on the worker that scored the record, into the part of its batch; merge() takes
// the parts on one thread in input order. An observer needs every record whole, so the outcome
// memo, which answers a known row without building its record, is off when one is given.
class BatchObserver {
 public:
  struct Part {
    virtual ~Part() = default;
  };
  virtual ~BatchObserver() = default;
  virtual std::unique_ptr<Part> part() const = 0;
  virtual void add(Part& part, const Outcome& o) const = 0;
  virtual void merge(Part& part) = 0;
};

struct BatchOptions {
  OutputFormat format = OutputFormat::jsonl;
  int jobs = 1;
  bool parse_only = false;    // read and parse, score nothing (the benchmark's floor)
  bool progress = false;      // standard error is a terminal: show progress on large inputs
  const Mapping* mapping = nullptr;
  BatchObserver* observer = nullptr;
};

class BatchRunner {
 public:
  using Writer = std::function<void(std::string_view)>;
  BatchRunner(const Engine& engine, BatchOptions options, Writer write);
  // Reads every input in order; bad records become error results, bad inputs throw.
  void run(const std::vector<BatchInput>& inputs);
  const Summary& summary() const { return summary_; }
  std::size_t parsed() const { return parsed_; }  // records read (parse-only mode)

 private:
  struct Impl;
  const Engine& engine_;
  BatchOptions options_;
  Writer write_;
  Summary summary_;
  std::size_t parsed_ = 0;
};

}  // namespace carepath
