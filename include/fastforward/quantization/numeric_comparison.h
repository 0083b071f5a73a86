// Numeric comparison: where a quantized model loses accuracy, as SQNR at every quantizer.
#pragma once

#include "fastforward/nn/quantizer.h"

#include <cstdint>
#include <functional>
#include <iosfwd>
#include <string>
#include <type_traits>
#include <vector>

namespace fastforward::quantization {

/// Signal and noise energy summed over any number of (reference, approximation) tensor pairs.
///
/// SQNR = 10 * log10(signal / noise) dB, signal = sum(reference^2), noise =
/// sum((reference - approximation)^2), both summed in double over every pair added. Edge cases:
/// no pair added → NaN ("no data"); noise == 0 → +inf (identical, also when the signal is 0 too);
/// signal == 0 < noise → -inf; a NaN anywhere in the data → NaN.
class SqnrAccumulator {
 public:
  void add(const at::Tensor& reference, const at::Tensor& approximation);
  double sqnr_db() const;
  bool empty() const { return pairs_ == 0; }
  int64_t pairs() const { return pairs_; }
  double signal_energy() const { return signal_; }
  double noise_energy() const { return noise_; }

 private:
  double signal_ = 0.0;
  double noise_ = 0.0;
  int64_t pairs_ = 0;
};

/// 10 * log10(signal / noise) with the edge cases of SqnrAccumulator (for two tensors).
double sqnr_db(const at::Tensor& reference, const at::Tensor& approximation);

/// The figures of one quantizer, summed over every call in every batch.
struct QuantizerNumerics {
  /// Path in `named_modules()` of the compared model, e.g. "fc1.output_quantizer".
  std::string path;
  /// The quantizer's most specific tags (a tag that is a prefix of another one is left out, so
  /// `parameter/weight` appears but not `parameter`), sorted.
  std::vector<std::string> tags;
  bool is_stub = false;
  /// True for quantizers of parameters (tag `parameter`: weights and biases).
  bool is_parameter = false;
  /// Calls of the quantizer in the quantized runs (all batches; a quantizer used in a loop counts
  /// every use).
  int64_t calls = 0;
  /// Calls of the quantized run without a float counterpart of the same shape (data-dependent
  /// control flow); they are left out of `propagated`.
  int64_t unmatched_calls = 0;
  /// Quantizer input vs its output in the quantized run (activations only).
  SqnrAccumulator local;
  /// Float run's value at this quantizer vs the quantized run's output (activations only).
  SqnrAccumulator propagated;
  /// Float parameter vs quantized parameter (parameter quantizers only).
  SqnrAccumulator weight;

  /// The error this quantizer adds by itself: `weight` for parameters, `local` otherwise.
  double own_sqnr_db() const { return is_parameter ? weight.sqnr_db() : local.sqnr_db(); }
};

/// How write_table orders and marks rows.
struct TableOptions {
  /// Rows by own SQNR, lowest first, instead of model order.
  bool sort_worst_first = false;
  /// Put a `<` marker on the row with the lowest own SQNR.
  bool mark_worst = true;
};

/// The result of compare_numerics: one entry per quantizer, in `named_modules()` order.
class NumericReport {
 public:
  std::vector<QuantizerNumerics> quantizers;
  /// Number of batches the comparison ran.
  int64_t batches = 0;

  /// The entry with the lowest own SQNR (NaN entries, i.e. never called, are ignored), or null.
  const QuantizerNumerics* worst() const;
  /// The entry with this path, or null.
  const QuantizerNumerics* find(const std::string& path) const;

  /// Aligned text table: path, tags, calls, local dB, propagated dB, weight dB.
  void write_table(std::ostream& out, const TableOptions& options = {}) const;
  /// One header line and one line per quantizer; tags separated by ';'; `inf`, `-inf`, `nan`
  /// for non-finite figures and an empty field where a figure does not apply.
  void write_csv(std::ostream& out) const;
  /// {"batches": n, "quantizers": [{"path", "tags", "stub", "parameter", "calls",
  /// "unmatched_calls", "local_sqnr_db", "propagated_sqnr_db", "weight_sqnr_db", ...energies}]}.
  /// JSON has no infinity: non-finite figures are the strings "inf", "-inf", "nan"; a figure that
  /// does not apply is null.
  void write_json(std::ostream& out) const;
  /// A self-contained HTML page (no scripts, no external resources): an inline SVG bar chart of
  /// each quantizer's own SQNR with its propagated SQNR as a marker, then the table.
  void write_html(std::ostream& out, const std::string& title = "Quantization SQNR") const;
};

struct CompareNumericsOptions {
  /// Also report stubs (their local SQNR is +inf; their propagated SQNR shows upstream error).
  bool include_stubs = false;
};

/// Runs every batch twice through `model` — once as a float model (DisableQuantization), once
/// quantized — and compares the values at every quantizer. `run_batch(i)` must run the model's
/// forward on batch i and be deterministic (eval mode: dropout or batch statistics would make the
/// two runs differ). Runs without gradients. Memory: the float values at every activation
/// quantizer of one batch are kept until the quantized run of that batch has used them.
NumericReport compare_numerics(torch::nn::Module& model, int64_t batch_count,
                               const std::function<void(int64_t)>& run_batch,
                               const CompareNumericsOptions& options = {});

/// compare_numerics with `model->forward(input)` per input, for a module holder (`QuantizedNet`),
/// a `std::shared_ptr<Impl>` or a module object.
template <class Model>
NumericReport compare_numerics(Model& model, const std::vector<at::Tensor>& inputs,
                               const CompareNumericsOptions& options = {}) {
  const auto batch_count = static_cast<int64_t>(inputs.size());
  if constexpr (std::is_base_of_v<torch::nn::Module, Model>) {
    return compare_numerics(
        model, batch_count, [&](int64_t i) { model.forward(inputs[i]); }, options);
  } else {
    return compare_numerics(
        *model, batch_count, [&](int64_t i) { model->forward(inputs[i]); }, options);
  }
}

}  // namespace fastforward::quantization
