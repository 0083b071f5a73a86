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

std::shared_ptr<RangeEstimator> running_min_max();
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
