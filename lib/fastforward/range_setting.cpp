// Running and smoothed min-max range estimators and the EstimateRanges calibration guard.
#include "fastforward/quantization/range_setting.h"

#include "fastforward/nn/quantized_module.h"

#include <cmath>
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

namespace {

class MinErrorGridOverride : public nn::QuantizerOverride {
 public:
  MinErrorGridOverride(nn::RangeSettable& quantizer, const MinErrorGridEstimator& settings)
      : quantizer_(quantizer), settings_(settings) {}

  at::Tensor operator()(nn::Quantizer& quantizer, const nn::QuantizerCallback& callback,
                        const at::Tensor& data) override {
    {
      torch::NoGradGuard no_grad;
      const auto tile_shape = quantizer_.granularity().tile_shape(data.sizes());
      if (!lower_.defined()) build_grid(quantizer, data, tile_shape);
      const auto reference = data.detach().to(at::kFloat);
      const int64_t candidates = lower_.size(0);
      std::vector<at::Tensor> errors;
      errors.reserve(static_cast<std::size_t>(candidates));
      for (int64_t k = 0; k < candidates; ++k) {
        quantizer_.set_quantization_range(lower_[k], upper_[k]);
        // The quantizer's own quantize, not forward: no overrides, this one included.
        const auto quantized = quantizer.quantize(data).to(at::kFloat);
        errors.push_back(per_tile_sum((quantized - reference).square(), tile_shape));
      }
      const auto batch_errors = at::stack(errors);  // [candidates, tiles]
      error_sums_ = error_sums_.defined() ? error_sums_ + batch_errors : batch_errors;
      const auto best = error_sums_.argmin(0, /*keepdim=*/true);  // per tile
      quantizer_.set_quantization_range(lower_.gather(0, best).reshape({-1}),
                                        upper_.gather(0, best).reshape({-1}));
    }
    return settings_.disable_quantization ? data : callback(data);
  }

 private:
  void build_grid(nn::Quantizer& quantizer, const at::Tensor& data, at::IntArrayRef tile_shape) {
    auto [min, max] = per_tile_min_max(data, tile_shape);
    min = min.to(at::kDouble);
    max = max.to(at::kDouble);
    reject_infinite(min, max);
    const double r = settings_.relative_margin, a = settings_.absolute_margin;
    const auto lo = r * min - a;
    const auto hi = r * max + a;
    const int64_t n = settings_.num_candidates;
    TORCH_CHECK(n >= 1, "MinErrorGridEstimator needs at least one candidate, got ", n);
    const auto options = lo.options();
    // Fractions k/N, k = 1..N, as a column: one row per candidate.
    const auto fractions = at::arange(1, n + 1, options).div(static_cast<double>(n)).unsqueeze(1);
    const auto* linear = dynamic_cast<const nn::LinearQuantizer*>(&quantizer);
    const bool symmetric = linear && linear->symmetric();
    if (lo.min().item<double>() >= 0.0) {
      upper_ = fractions * hi.unsqueeze(0);
      lower_ = at::zeros_like(upper_);
    } else if (symmetric) {
      const auto bound = at::maximum(lo.abs(), hi.abs()).unsqueeze(0);
      upper_ = fractions * bound;
      lower_ = -upper_;
    } else {
      const auto n1 = static_cast<int64_t>(std::floor(std::sqrt(static_cast<double>(n))));
      const int64_t n2 = n1 + n - n1 * n1;
      const auto lower_factors = at::linspace(1.0, 0.6, n1, options);
      const auto upper_factors = at::linspace(0.6, 1.0, n2, options);
      // Every (lower, upper) pair: lower factor i with each upper factor j.
      lower_ = (lower_factors.repeat_interleave(n2).unsqueeze(1) * lo.unsqueeze(0));
      upper_ = (upper_factors.repeat({n1}).unsqueeze(1) * hi.unsqueeze(0));
    }
    lower_ = lower_.to(at::kFloat).contiguous();
    upper_ = upper_.to(at::kFloat).contiguous();
  }

  nn::RangeSettable& quantizer_;
  MinErrorGridEstimator settings_;
  at::Tensor lower_, upper_;  // [candidates, tiles]
  at::Tensor error_sums_;     // [candidates, tiles]
};

}  // namespace

std::shared_ptr<nn::QuantizerOverride> MinErrorGridEstimator::prepare(nn::RangeSettable& quantizer) {
  return std::make_shared<MinErrorGridOverride>(quantizer, *this);
}

std::shared_ptr<RangeEstimator> min_error_grid(int64_t num_candidates) {
  return std::make_shared<MinErrorGridEstimator>(num_candidates);
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
