// LinearQuantizer and DynamicLinearQuantizer: lazy affine parameters and per-call ranges.
#include "fastforward/nn/linear_quantizer.h"

namespace fastforward::nn {

namespace {
void print_affine_options(std::ostream& stream, int64_t num_bits, bool symmetric,
                          const quantization::Granularity& granularity) {
  stream << "num_bits=" << num_bits << ", symmetric=" << std::boolalpha << symmetric
         << ", granularity=" << granularity.to_string();
}
}  // namespace

LinearQuantizer::LinearQuantizer(LinearQuantizerOptions options_)
    : Quantizer("LinearQuantizer"), options(std::move(options_)) {
  TORCH_CHECK(options.num_bits() >= 2 && options.num_bits() <= 32,
              "num_bits must be in [2, 32], got ", options.num_bits());
  scale = register_parameter("scale", torch::empty({0}));
  if (options.symmetric() && options.allow_one_sided()) {
    offset = register_buffer("offset", torch::empty({0}));
  } else if (!options.symmetric()) {
    offset = register_parameter("offset", torch::empty({0}));
  }
}

void LinearQuantizer::materialize(int64_t parameter_count) {
  torch::NoGradGuard no_grad;
  scale.set_data(torch::ones({parameter_count}, scale.options()));
  if (offset.defined()) offset.set_data(torch::zeros({parameter_count}, offset.options()));
}

void LinearQuantizer::reset_parameters() {
  torch::NoGradGuard no_grad;
  scale.set_data(torch::empty({0}, scale.options()));
  if (offset.defined()) offset.set_data(torch::empty({0}, offset.options()));
}

std::pair<at::Tensor, at::Tensor> LinearQuantizer::quantization_range() const {
  if (has_uninitialized_params()) return {};
  torch::NoGradGuard no_grad;
  // The unrounded offset, so a range set on the quantizer reads back exactly.
  const auto shift = offset.defined() ? offset : torch::zeros_like(scale);
  return {(integer_minimum() + shift) * scale, (integer_maximum() + shift) * scale};
}

void LinearQuantizer::set_quantization_range(const at::Tensor& min, const at::Tensor& max) {
  TORCH_CHECK(min.numel() == max.numel(), "range bounds have ", min.numel(), " and ",
              max.numel(), " elements");
  if (has_uninitialized_params() || scale.numel() != min.numel()) materialize(min.numel());
  const auto parameters = quantization::parameters_for_range(
      min, max, options.num_bits(), options.symmetric(), options.allow_one_sided());
  torch::NoGradGuard no_grad;
  scale.copy_(parameters.scale);
  if (offset.defined()) {
    if (parameters.offset) {
      offset.copy_(*parameters.offset);
    } else {
      offset.zero_();
    }
  }
}

void LinearQuantizer::set_quantization_range(double min, double max) {
  set_quantization_range(torch::tensor({min}, torch::kFloat), torch::tensor({max}, torch::kFloat));
}

at::Tensor LinearQuantizer::quantize(const at::Tensor& data) {
  if (has_uninitialized_params()) {
    throw QuantizationError(
        "LinearQuantizer is uninitialized: set its quantization range (for example with "
        "fastforward::quantization::EstimateRanges) or load its state before using it");
  }
  return quantization::fake_quantize_affine(data, scale, offset, options.num_bits(),
                                            options.granularity().tile_shape(data.sizes()));
}

void LinearQuantizer::pretty_print(std::ostream& stream) const {
  stream << "fastforward::nn::LinearQuantizer(";
  print_affine_options(stream, options.num_bits(), options.symmetric(), options.granularity());
  if (has_uninitialized_params()) stream << ", uninitialized";
  stream << ")";
}

DynamicLinearQuantizer::DynamicLinearQuantizer(DynamicLinearQuantizerOptions options_)
    : Quantizer("DynamicLinearQuantizer"), options(std::move(options_)) {
  TORCH_CHECK(options.num_bits() >= 2 && options.num_bits() <= 32,
              "num_bits must be in [2, 32], got ", options.num_bits());
}

at::Tensor DynamicLinearQuantizer::quantize(const at::Tensor& data) {
  if (data.numel() == 0) throw QuantizationError("cannot quantize an empty tensor dynamically");
  const auto tile_shape = options.granularity().tile_shape(data.sizes());
  at::Tensor quantized;
  {
    torch::NoGradGuard no_grad;
    const auto [min, max] = quantization::per_tile_min_max(data, tile_shape);
    const auto parameters = quantization::parameters_for_range(
        min, max, options.num_bits(), options.symmetric(), options.allow_one_sided());
    const auto rounded_offset =
        parameters.offset ? at::round(*parameters.offset) : at::Tensor();
    quantized = quantization::fake_quantize_affine(data, parameters.scale, rounded_offset,
                                                   options.num_bits(), tile_shape);
  }
  if (!data.requires_grad() || !at::GradMode::is_enabled()) return quantized;
  return quantization::straight_through(data, quantized);
}

void DynamicLinearQuantizer::pretty_print(std::ostream& stream) const {
  stream << "fastforward::nn::DynamicLinearQuantizer(";
  print_affine_options(stream, options.num_bits(), options.symmetric(), options.granularity());
  stream << ")";
}

}  // namespace fastforward::nn
