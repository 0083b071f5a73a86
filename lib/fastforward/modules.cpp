// Forward passes of the quantized standard modules.
#include "fastforward/nn/modules.h"

namespace torch::nn {
// LibTorch declares BatchNormImplBase::pretty_print in its headers but does not export the
// instantiations (hidden visibility); the vtables of classes derived from BatchNorm{1,2,3}dImpl
// need a definition, so this library provides one.
template <size_t D, typename Derived>
void BatchNormImplBase<D, Derived>::pretty_print(std::ostream& stream) const {
  stream << std::boolalpha << "torch::nn::BatchNorm" << D << "d(" << this->options.num_features()
         << ", eps=" << this->options.eps() << ", momentum=";
  if (this->options.momentum()) {
    stream << *this->options.momentum();
  } else {
    stream << "None";
  }
  stream << ", affine=" << this->options.affine()
         << ", track_running_stats=" << this->options.track_running_stats() << ")";
}
template void BatchNormImplBase<1, BatchNorm1dImpl>::pretty_print(std::ostream&) const;
template void BatchNormImplBase<2, BatchNorm2dImpl>::pretty_print(std::ostream&) const;
template void BatchNormImplBase<3, BatchNorm3dImpl>::pretty_print(std::ostream&) const;
}  // namespace torch::nn

namespace fastforward::nn {

namespace detail {
std::string quantized_description(const std::string& float_description) {
  const std::string float_prefix = "torch::nn::";
  if (float_description.compare(0, float_prefix.size(), float_prefix) == 0) {
    return "fastforward::nn::Quantized" + float_description.substr(float_prefix.size());
  }
  return "fastforward::nn::Quantized" + float_description;
}

namespace {
torch::nn::functional::PadFuncOptions::mode_t pad_mode_for(
    const torch::nn::detail::conv_padding_mode_t& padding_mode) {
  if (c10::get_if<torch::enumtype::kReflect>(&padding_mode)) return torch::kReflect;
  if (c10::get_if<torch::enumtype::kReplicate>(&padding_mode)) return torch::kReplicate;
  if (c10::get_if<torch::enumtype::kCircular>(&padding_mode)) return torch::kCircular;
  return torch::kConstant;
}

// `PaddingMode` is an IntArrayRef-like value, torch::kSame or torch::kValid.
template <size_t D, class PaddingMode>
at::Tensor convolution(const at::Tensor& input, const at::Tensor& weight, const at::Tensor& bias,
                       at::IntArrayRef stride, PaddingMode padding, at::IntArrayRef dilation,
                       int64_t groups, const OutputQuantizer& output_quantizer) {
  if constexpr (D == 1) {
    return functional::conv1d(input, weight, bias, stride, padding, dilation, groups,
                              output_quantizer);
  } else if constexpr (D == 2) {
    return functional::conv2d(input, weight, bias, stride, padding, dilation, groups,
                              output_quantizer);
  } else {
    return functional::conv3d(input, weight, bias, stride, padding, dilation, groups,
                              output_quantizer);
  }
}

// The output padding that makes a transposed convolution produce `output_size` (LibTorch's own
// helper for this is not exported).
template <size_t D>
std::vector<int64_t> output_padding_for(const at::Tensor& input,
                                        const c10::optional<at::IntArrayRef>& output_size,
                                        const torch::nn::detail::ConvNdOptions<D>& options,
                                        at::IntArrayRef padding) {
  if (!output_size) return at::IntArrayRef(options.output_padding()).vec();
  const int64_t spatial = input.dim() - 2;
  auto requested = output_size->vec();
  if (static_cast<int64_t>(requested.size()) == spatial + 2) {
    requested = std::vector<int64_t>(requested.begin() + 2, requested.end());
  }
  TORCH_CHECK(static_cast<int64_t>(requested.size()) == spatial, "output_size must have ",
              spatial, " or ", spatial + 2, " elements, got ", output_size->size());
  std::vector<int64_t> result;
  for (int64_t d = 0; d < spatial; ++d) {
    const int64_t stride = (*options.stride())[d];
    const int64_t smallest = (input.size(d + 2) - 1) * stride - 2 * padding[d] +
                             (*options.dilation())[d] * ((*options.kernel_size())[d] - 1) + 1;
    TORCH_CHECK(requested[d] >= smallest && requested[d] < smallest + stride,
                "requested an output size of ", output_size.value(), ", but valid sizes range from ",
                smallest, " to ", smallest + stride - 1, " in dimension ", d);
    result.push_back(requested[d] - smallest);
  }
  return result;
}

template <size_t D>
at::Tensor transposed_convolution(const at::Tensor& input, const at::Tensor& weight,
                                  const at::Tensor& bias, at::IntArrayRef stride,
                                  at::IntArrayRef padding, at::IntArrayRef output_padding,
                                  int64_t groups, at::IntArrayRef dilation,
                                  const OutputQuantizer& output_quantizer) {
  if constexpr (D == 1) {
    return functional::conv_transpose1d(input, weight, bias, stride, padding, output_padding,
                                        groups, dilation, output_quantizer);
  } else if constexpr (D == 2) {
    return functional::conv_transpose2d(input, weight, bias, stride, padding, output_padding,
                                        groups, dilation, output_quantizer);
  } else {
    return functional::conv_transpose3d(input, weight, bias, stride, padding, output_padding,
                                        groups, dilation, output_quantizer);
  }
}
}  // namespace
}  // namespace detail

at::Tensor QuantizedLinearImpl::forward(const at::Tensor& input) {
  const auto x = input_quantizer(input);
  const auto w = weight_quantizer(weight);
  const auto b = bias_quantizer(bias);
  return functional::linear(x, w, b, output_quantizer);
}

template <size_t D, class FloatImpl>
at::Tensor QuantizedConvImpl<D, FloatImpl>::forward(const at::Tensor& input) {
  auto x = this->input_quantizer(input);
  const auto w = this->weight_quantizer(this->weight);
  const auto b = this->bias_quantizer(this->bias);
  const auto& options = this->options;
  if (!c10::get_if<torch::enumtype::kZeros>(&options.padding_mode())) {
    x = quantization::detail::trace_operator(
        "pad", {x},
        torch::nn::functional::pad(
            x, torch::nn::functional::PadFuncOptions(this->_reversed_padding_repeated_twice)
                   .mode(detail::pad_mode_for(options.padding_mode()))));
    return detail::convolution<D>(x, w, b, options.stride(), at::IntArrayRef(0),
                                  options.dilation(), options.groups(), this->output_quantizer);
  }
  if (const auto* padding = c10::get_if<torch::ExpandingArray<D>>(&options.padding())) {
    return detail::convolution<D>(x, w, b, options.stride(), *padding, options.dilation(),
                                  options.groups(), this->output_quantizer);
  }
  if (c10::get_if<torch::enumtype::kSame>(&options.padding())) {
    return detail::convolution<D>(x, w, b, options.stride(), torch::kSame, options.dilation(),
                                  options.groups(), this->output_quantizer);
  }
  return detail::convolution<D>(x, w, b, options.stride(), torch::kValid, options.dilation(),
                                options.groups(), this->output_quantizer);
}

template <size_t D, class FloatImpl>
at::Tensor QuantizedConvTransposeImpl<D, FloatImpl>::forward(
    const at::Tensor& input, const c10::optional<at::IntArrayRef>& output_size) {
  const auto& options = this->options;
  TORCH_CHECK(c10::get_if<torch::enumtype::kZeros>(&options.padding_mode()),
              "only zeros padding_mode is supported for transposed convolutions");
  const auto x = this->input_quantizer(input);
  const auto w = this->weight_quantizer(this->weight);
  const auto b = this->bias_quantizer(this->bias);
  const auto output_padding =
      detail::output_padding_for<D>(input, output_size, options, this->padding());
  return detail::transposed_convolution<D>(x, w, b, options.stride(), this->padding(),
                                           output_padding, options.groups(), options.dilation(),
                                           this->output_quantizer);
}

template <class FloatImpl>
at::Tensor QuantizedBatchNormImpl<FloatImpl>::forward(const at::Tensor& input) {
  this->_check_input_dim(input);
  const auto& options = this->options;
  // Running statistics follow the float module exactly (momentum or cumulative average).
  double average_factor = options.momentum().value_or(0.0);
  if (this->is_training() && options.track_running_stats() &&
      this->num_batches_tracked.defined()) {
    this->num_batches_tracked += 1;
    if (!options.momentum()) {
      average_factor = 1.0 / this->num_batches_tracked.template item<double>();
    }
  }
  const auto x = this->input_quantizer(input);
  const auto w = this->weight_quantizer(this->weight);
  const auto b = this->bias_quantizer(this->bias);
  const auto output = torch::nn::functional::detail::batch_norm(
      x, this->running_mean, this->running_var, w, b,
      this->is_training() || !options.track_running_stats(), average_factor, options.eps());
  return this->output_quantizer(
      quantization::detail::trace_operator("batch_norm", {x, w, b}, output));
}

at::Tensor QuantizedLayerNormImpl::forward(const at::Tensor& input) {
  const auto x = input_quantizer(input);
  const auto w = weight_quantizer(weight);
  const auto b = bias_quantizer(bias);
  return functional::layer_norm(x, options.normalized_shape(), w, b, options.eps(),
                                output_quantizer);
}

at::Tensor QuantizedEmbeddingImpl::forward(const at::Tensor& indices) {
  const auto w = weight_quantizer(weight);
  return functional::embedding(indices, w, options.padding_idx(), options.max_norm(),
                               options.norm_type(), options.scale_grad_by_freq(),
                               options.sparse(), output_quantizer);
}

template class QuantizedConvImpl<1, torch::nn::Conv1dImpl>;
template class QuantizedConvImpl<2, torch::nn::Conv2dImpl>;
template class QuantizedConvImpl<3, torch::nn::Conv3dImpl>;
template class QuantizedConvTransposeImpl<1, torch::nn::ConvTranspose1dImpl>;
template class QuantizedConvTransposeImpl<2, torch::nn::ConvTranspose2dImpl>;
template class QuantizedConvTransposeImpl<3, torch::nn::ConvTranspose3dImpl>;
template class QuantizedBatchNormImpl<torch::nn::BatchNorm1dImpl>;
template class QuantizedBatchNormImpl<torch::nn::BatchNorm2dImpl>;
template class QuantizedBatchNormImpl<torch::nn::BatchNorm3dImpl>;

}  // namespace fastforward::nn
