// Calibration: range estimators and the EstimateRanges guard that runs them during forward passes.
#pragma once

#include "fastforward/nn/linear_quantizer.h"

#include <memory>
#include <vector>

namespace fastforward::quantization {

/// Creates one override per quantizer; the override observes the data, sets the quantizer's
/// range immediately, and then (unless `disable_quantization`) quantizes with the new range, so
/// later quantizers are calibrated on quantized upstream values (spec §3.2).
class RangeEstimator {
 public:
  virtual ~RangeEstimator() = default;
  virtual std::shared_ptr<nn::QuantizerOverride> prepare(nn::RangeSettable& quantizer) = 0;
  bool disable_quantization = false;
  /// Quantizers that cannot take a range are skipped instead of raising.
  bool skip_unsupported_quantizers = false;
};

/// min = min(min, batch min), max = max(max, batch max) over all calibration batches. Starts from
/// the quantizer's current range when it already has one (so recalibration can only widen it).
class RunningMinMaxEstimator : public RangeEstimator {
 public:
  std::shared_ptr<nn::QuantizerOverride> prepare(nn::RangeSettable& quantizer) override;
};

/// new = gamma * batch + (1 - gamma) * old; the default gamma = 1 keeps the last batch's min-max.
class SmoothedMinMaxEstimator : public RangeEstimator {
 public:
  explicit SmoothedMinMaxEstimator(double gamma = 1.0) : gamma(gamma) {}
  std::shared_ptr<nn::QuantizerOverride> prepare(nn::RangeSettable& quantizer) override;
  double gamma;
};

/// Grid search for the range with the least quantization error (spec §3.3, FastForward's
/// MinErrorGridRangeEstimator / `mse_grid`). On the first batch it builds, per tile, candidate
/// ranges around the data's range widened to `lo = r*min - a`, `hi = r*max + a` (r =
/// `relative_margin`, a = `absolute_margin`):
///   * data without negative values (lo >= 0): `[0, k/N * hi]`, k = 1..N;
///   * a symmetric quantizer: `[-k/N * M, k/N * M]` with M = max(|lo|, |hi|);
///   * otherwise a 2-D grid: floor(sqrt(N)) lower bounds from 1 to 0.6 times lo, crossed with the
///     remaining upper bounds from 0.6 to 1 times hi (every candidate is evaluated, also when N
///     is not a square: FastForward's quirk of scoring only the first N is fixed).
/// Every batch adds each candidate's squared quantization error per tile to a running sum, and
/// the quantizer gets, per tile, the candidate with the lowest sum so far. Each batch costs one
/// quantization per candidate.
class MinErrorGridEstimator : public RangeEstimator {
 public:
  explicit MinErrorGridEstimator(int64_t num_candidates = 100, double absolute_margin = 0.5,
                                 double relative_margin = 1.0)
      : num_candidates(num_candidates),
        absolute_margin(absolute_margin),
        relative_margin(relative_margin) {}
  std::shared_ptr<nn::QuantizerOverride> prepare(nn::RangeSettable& quantizer) override;
  int64_t num_candidates;
  double absolute_margin;
  double relative_margin;
};

std::shared_ptr<RangeEstimator> running_min_max();
/// MinErrorGridEstimator with FastForward's defaults (`mse_grid`).
std::shared_ptr<RangeEstimator> min_error_grid(int64_t num_candidates = 100);
/// Min-max of the last batch seen (smoothed min-max with gamma = 1).
std::shared_ptr<RangeEstimator> min_max();
std::shared_ptr<RangeEstimator> smoothed_min_max(double gamma);

/// RAII calibration: while alive, every forward through a non-stub quantizer under `module`
/// updates its range. Ranges persist after destruction; the overrides are removed even when
/// an exception unwinds.
///
///   {
///     torch::NoGradGuard no_grad;
///     fastforward::quantization::EstimateRanges calibrate(*model, running_min_max());
///     for (auto& batch : batches) model->forward(batch);
///   }
class EstimateRanges {
 public:
  EstimateRanges(torch::nn::Module& module, std::shared_ptr<RangeEstimator> estimator);
  ~EstimateRanges();
  EstimateRanges(const EstimateRanges&) = delete;
  EstimateRanges& operator=(const EstimateRanges&) = delete;

 private:
  std::vector<nn::OverrideHandle> handles_;
};

}  // namespace fastforward::quantization
