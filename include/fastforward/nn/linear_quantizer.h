// LinearQuantizer (static affine fake quantization) and DynamicLinearQuantizer (per-call range).
#pragma once

#include "fastforward/nn/quantizer.h"
#include "fastforward/quantization/affine.h"

#include <utility>

namespace fastforward::nn {

/// A quantizer whose range can be set by calibration (spec §3.1 "RangeSettable").
class RangeSettable {
 public:
  virtual ~RangeSettable() = default;
  virtual const quantization::Granularity& granularity() const = 0;
  /// (min, max) per tile, or undefined tensors while uninitialized.
  virtual std::pair<at::Tensor, at::Tensor> quantization_range() const = 0;
  virtual void set_quantization_range(const at::Tensor& min, const at::Tensor& max) = 0;
};

struct LinearQuantizerOptions {
  /* implicit */ LinearQuantizerOptions(int64_t num_bits = 8) : num_bits_(num_bits) {}
  TORCH_ARG(int64_t, num_bits);
  TORCH_ARG(bool, symmetric) = true;
  TORCH_ARG(bool, allow_one_sided) = true;
  TORCH_ARG(quantization::Granularity, granularity) = quantization::Granularity::per_tensor();
};

/// Static affine quantizer. `scale` (parameter) and `offset` (a buffer when symmetric with
/// allow_one_sided, a parameter when asymmetric, absent when symmetric without one-sided) are
/// lazy: they hold zero elements until a range is set or a state is loaded, which materializes
/// them with one entry per tile.
class LinearQuantizer : public Quantizer, public RangeSettable {
 public:
  explicit LinearQuantizer(LinearQuantizerOptions options = {});

  at::Tensor quantize(const at::Tensor& data) override;
  void reset_parameters() override;
  void pretty_print(std::ostream& stream) const override;

  const quantization::Granularity& granularity() const override { return options.granularity(); }
  std::pair<at::Tensor, at::Tensor> quantization_range() const override;
  void set_quantization_range(const at::Tensor& min, const at::Tensor& max) override;
  void set_quantization_range(double min, double max);

  bool has_uninitialized_params() const { return scale.numel() == 0; }
  bool symmetric() const { return options.symmetric(); }
  int64_t integer_minimum() const { return quantization::integer_minimum(options.num_bits()); }
  int64_t integer_maximum() const { return quantization::integer_maximum(options.num_bits()); }

  LinearQuantizerOptions options;
  at::Tensor scale;
  /// Undefined when the quantizer has no offset.
  at::Tensor offset;

 private:
  void materialize(int64_t parameter_count);
};

struct DynamicLinearQuantizerOptions {
  /* implicit */ DynamicLinearQuantizerOptions(int64_t num_bits = 8) : num_bits_(num_bits) {}
  TORCH_ARG(int64_t, num_bits);
  /// Note: asymmetric by default, unlike LinearQuantizer (as in FastForward).
  TORCH_ARG(bool, symmetric) = false;
  TORCH_ARG(bool, allow_one_sided) = true;
  TORCH_ARG(quantization::Granularity, granularity) = quantization::Granularity::per_tensor();
};

/// Computes the range of every call's data (per tile) and quantizes with it. No parameters;
/// the gradient is the identity to the data and nothing flows to the computed scale/offset.
class DynamicLinearQuantizer : public Quantizer {
 public:
  explicit DynamicLinearQuantizer(DynamicLinearQuantizerOptions options = {});
  at::Tensor quantize(const at::Tensor& data) override;
  void reset_parameters() override {}
  void pretty_print(std::ostream& stream) const override;

  DynamicLinearQuantizerOptions options;
};

}  // namespace fastforward::nn
