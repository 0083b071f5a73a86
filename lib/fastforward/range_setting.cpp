// Running and smoothed min-max range estimators and the EstimateRanges calibration guard.
#include "fastforward/quantization/range_setting.h"

#include "fastforward/nn/quantized_module.h"

#include <functional>

namespace fastforward::quantization {

namespace {

// Shared shape of both min-max estimators: per-tile statistics, a state update rule, then the
// range is set on the quantizer and the data is (optionally) quantized with it.
class MinMaxOverride : public nn::QuantizerOverride {
 public:
  using UpdateRule = std::function<void(at::Tensor& min, at::Tensor& max, const at::Tensor&,
                                        const at::Tensor&)>;

  MinMaxOverride(nn::RangeSettable& quantizer, bool disable_quantization, UpdateRule update)
      : quantizer_(quantizer), disable_quantization_(disable_quantization),
        update_(std::move(update)) {}

  at::Tensor operator()(nn::Quantizer&, const nn::QuantizerCallback& callback,
                        const at::Tensor& data) override {
    {
      torch::NoGradGuard no_grad;
      const auto tile_shape = quantizer_.granularity().tile_shape(data.sizes());
      auto [batch_min, batch_max] = per_tile_min_max(data, tile_shape);
      batch_min = batch_min.to(at::kFloat);
      batch_max = batch_max.to(at::kFloat);
      update_(min_, max_, batch_min, batch_max);
      quantizer_.set_quantization_range(min_, max_);
    }
    return disable_quantization_ ? data : callback(data);
  }

 private:
  nn::RangeSettable& quantizer_;
  bool disable_quantization_;
  UpdateRule update_;
  at::Tensor min_;
  at::Tensor max_;
};

void reject_infinite(const at::Tensor& min, const at::Tensor& max) {
  if (min.isinf().any().item<bool>() || max.isinf().any().item<bool>()) {
    throw QuantizationError("range estimation does not support infinite values in the data");
  }
}

}  // namespace

std::shared_ptr<nn::QuantizerOverride> RunningMinMaxEstimator::prepare(
    nn::RangeSettable& quantizer) {
  auto [initial_min, initial_max] = quantizer.quantization_range();
  auto update = [initial_min = initial_min, initial_max = initial_max](
                    at::Tensor& min, at::Tensor& max, const at::Tensor& batch_min,
                    const at::Tensor& batch_max) {
    reject_infinite(batch_min, batch_max);
    if (!min.defined()) {
      min = initial_min.defined() && initial_min.numel() == batch_min.numel()
                ? at::minimum(initial_min.detach().to(at::kFloat), batch_min)
                : batch_min;
      max = initial_max.defined() && initial_max.numel() == batch_max.numel()
                ? at::maximum(initial_max.detach().to(at::kFloat), batch_max)
                : batch_max;
      return;
    }
    min = at::minimum(min, batch_min);
    max = at::maximum(max, batch_max);
  };
  return std::make_shared<MinMaxOverride>(quantizer, disable_quantization, update);
}

std::shared_ptr<nn::QuantizerOverride> SmoothedMinMaxEstimator::prepare(
    nn::RangeSettable& quantizer) {
  auto update = [gamma = gamma](at::Tensor& min, at::Tensor& max, const at::Tensor& batch_min,
                                const at::Tensor& batch_max) {
    if (!min.defined() || min.isinf().any().item<bool>() || max.isinf().any().item<bool>()) {
      min = batch_min;
      max = batch_max;
      return;
    }
    min = gamma * batch_min + (1.0 - gamma) * min;
    max = gamma * batch_max + (1.0 - gamma) * max;
  };
  return std::make_shared<MinMaxOverride>(quantizer, disable_quantization, update);
}

std::shared_ptr<RangeEstimator> running_min_max() {
  return std::make_shared<RunningMinMaxEstimator>();
}
std::shared_ptr<RangeEstimator> min_max() { return std::make_shared<SmoothedMinMaxEstimator>(1.0); }
std::shared_ptr<RangeEstimator> smoothed_min_max(double gamma) {
  return std::make_shared<SmoothedMinMaxEstimator>(gamma);
}

EstimateRanges::EstimateRanges(torch::nn::Module& module,
                               std::shared_ptr<RangeEstimator> estimator) {
  TORCH_CHECK(estimator, "EstimateRanges needs an estimator");
  try {
    for (const auto& [path, quantizer] : nn::named_quantizers(module)) {
      auto* settable = dynamic_cast<nn::RangeSettable*>(quantizer.get());
      if (!settable) {
        if (estimator->skip_unsupported_quantizers) {
          TORCH_WARN("skipping quantizer '", path, "' (", quantizer->name(),
                     "): it does not support range setting");
          continue;
        }
        throw QuantizationError("quantizer '" + path + "' (" + quantizer->name() +
                                ") does not support range setting");
      }
      handles_.push_back(quantizer->register_override(estimator->prepare(*settable)));
    }
  } catch (...) {
    for (auto& handle : handles_) handle.remove();
    throw;
  }
}

EstimateRanges::~EstimateRanges() {
  for (auto& handle : handles_) handle.remove();
}

}  // namespace fastforward::quantization
