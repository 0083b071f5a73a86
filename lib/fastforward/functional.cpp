// Functional ops: strict check, float op, output quantizer (spec §7.1), one definition per op.
#include "fastforward/nn/functional.h"

#include "fastforward/quantization/annotation.h"
#include "fastforward/quantization/flags.h"

#include <functional>
#include <initializer_list>
#include <limits>

namespace fastforward::nn::functional {

namespace {

// The tensor inputs of an op, named only so operator annotation can find the quantizers that
// produced them. References: listing them costs nothing when no annotation runs.
using TensorInputs = std::initializer_list<std::reference_wrapper<const at::Tensor>>;

std::vector<at::Tensor> to_vector(TensorInputs inputs) {
  return std::vector<at::Tensor>(inputs.begin(), inputs.end());
}
std::vector<at::Tensor> to_vector(at::TensorList inputs) { return inputs.vec(); }

// The whole call protocol (quantized_call below takes a braced list of inputs): inputs are
// fake-quantized floats already, so only the output quantizer needs handling.
template <class Inputs, class FloatOp>
at::Tensor quantized_call_impl(const char* op_name, const OutputQuantizer& output_quantizer,
                               const Inputs& inputs, FloatOp&& float_op) {
  if (!output_quantizer && get_strict_quantization()) {
    throw QuantizationError(std::string("'output_quantizer' must be provided to ") + op_name +
                            " in strict quantization mode (a QuantizerStub is enough); or run "
                            "under fastforward::StrictQuantization(false)");
  }
  // Operator annotation (quantization/annotation.h) is the only reader of the inputs; one
  // thread-local load decides whether it runs.
  if (C10_UNLIKELY(quantization::detail::active_operator_trace != nullptr)) {
    const auto input_tensors = to_vector(inputs);
    quantization::detail::trace_operator_inputs(op_name, input_tensors);
    return output_quantizer.apply(
        quantization::detail::trace_operator_output(op_name, float_op(), input_tensors));
  }
  return output_quantizer.apply(float_op());
}

template <class FloatOp>
at::Tensor quantized_call(const char* op_name, const OutputQuantizer& output_quantizer,
                          TensorInputs inputs, FloatOp&& float_op) {
  return quantized_call_impl(op_name, output_quantizer, inputs, std::forward<FloatOp>(float_op));
}

// Mirrors how C++ spells `scalar op tensor` (ATen's TensorOperators.h).
at::Tensor filled_like(const at::Scalar& value, const at::Tensor& shape_source) {
  return at::empty_like(shape_source, at::MemoryFormat::Preserve).fill_(value);
}

}  // namespace

at::Tensor linear(const at::Tensor& input, const at::Tensor& weight, const at::Tensor& bias,
                  const OutputQuantizer& output_quantizer) {
  return quantized_call("linear", output_quantizer, {input, weight, bias},
                        [&] { return at::linear(input, weight, bias); });
}

#define FASTFORWARD_DEFINE_CONV(name)                                                        \
  at::Tensor name(const at::Tensor& input, const at::Tensor& weight, const at::Tensor& bias, \
                  at::IntArrayRef stride, at::IntArrayRef padding, at::IntArrayRef dilation, \
                  int64_t groups, const OutputQuantizer& output_quantizer) {                 \
    return quantized_call(#name, output_quantizer, {input, weight, bias}, [&] {              \
      return at::name(input, weight, bias, stride, padding, dilation, groups);               \
    });                                                                                      \
  }                                                                                          \
  at::Tensor name(const at::Tensor& input, const at::Tensor& weight, const at::Tensor& bias, \
                  at::IntArrayRef stride, torch::enumtype::kSame, at::IntArrayRef dilation,  \
                  int64_t groups, const OutputQuantizer& output_quantizer) {                 \
    return quantized_call(#name, output_quantizer, {input, weight, bias}, [&] {              \
      return at::name(input, weight, bias, stride, "same", dilation, groups);                \
    });                                                                                      \
  }                                                                                          \
  at::Tensor name(const at::Tensor& input, const at::Tensor& weight, const at::Tensor& bias, \
                  at::IntArrayRef stride, torch::enumtype::kValid, at::IntArrayRef dilation, \
                  int64_t groups, const OutputQuantizer& output_quantizer) {                 \
    return quantized_call(#name, output_quantizer, {input, weight, bias}, [&] {              \
      return at::name(input, weight, bias, stride, "valid", dilation, groups);               \
    });                                                                                      \
  }
FASTFORWARD_DEFINE_CONV(conv1d)
FASTFORWARD_DEFINE_CONV(conv2d)
FASTFORWARD_DEFINE_CONV(conv3d)
#undef FASTFORWARD_DEFINE_CONV

#define FASTFORWARD_DEFINE_CONV_TRANSPOSE(name)                                                    \
  at::Tensor name(const at::Tensor& input, const at::Tensor& weight, const at::Tensor& bias,       \
                  at::IntArrayRef stride, at::IntArrayRef padding, at::IntArrayRef output_padding, \
                  int64_t groups, at::IntArrayRef dilation,                                        \
                  const OutputQuantizer& output_quantizer) {                                       \
    return quantized_call(#name, output_quantizer, {input, weight, bias}, [&] {                    \
      return at::name(input, weight, bias, stride, padding, output_padding, groups, dilation);     \
    });                                                                                            \
  }
FASTFORWARD_DEFINE_CONV_TRANSPOSE(conv_transpose1d)
FASTFORWARD_DEFINE_CONV_TRANSPOSE(conv_transpose2d)
FASTFORWARD_DEFINE_CONV_TRANSPOSE(conv_transpose3d)
#undef FASTFORWARD_DEFINE_CONV_TRANSPOSE

at::Tensor unfold(const at::Tensor& input, at::IntArrayRef kernel_size, at::IntArrayRef dilation,
                  at::IntArrayRef padding, at::IntArrayRef stride,
                  const OutputQuantizer& output_quantizer) {
  // One value stands for both spatial dimensions, as in torch.nn.functional.unfold.
  auto pair = [](at::IntArrayRef values) {
    return values.size() == 1 ? std::vector<int64_t>{values[0], values[0]} : values.vec();
  };
  return quantized_call("unfold", output_quantizer, {input}, [&] {
    return at::im2col(input, pair(kernel_size), pair(dilation), pair(padding), pair(stride));
  });
}

at::Tensor avg_pool1d(const at::Tensor& input, at::IntArrayRef kernel_size,
                      at::IntArrayRef stride, at::IntArrayRef padding, bool ceil_mode,
                      bool count_include_pad, const OutputQuantizer& output_quantizer) {
  return quantized_call("avg_pool1d", output_quantizer, {input}, [&] {
    return at::avg_pool1d(input, kernel_size, stride, padding, ceil_mode, count_include_pad);
  });
}

#define FASTFORWARD_DEFINE_AVG_POOL(name)                                                        \
  at::Tensor name(const at::Tensor& input, at::IntArrayRef kernel_size, at::IntArrayRef stride,  \
                  at::IntArrayRef padding, bool ceil_mode, bool count_include_pad,               \
                  const OutputQuantizer& output_quantizer) {                                     \
    return name(input, kernel_size, stride, padding, ceil_mode, count_include_pad, c10::nullopt, \
                output_quantizer);                                                               \
  }                                                                                              \
  at::Tensor name(const at::Tensor& input, at::IntArrayRef kernel_size, at::IntArrayRef stride,  \
                  at::IntArrayRef padding, bool ceil_mode, bool count_include_pad,               \
                  c10::optional<int64_t> divisor_override,                                       \
                  const OutputQuantizer& output_quantizer) {                                     \
    return quantized_call(#name, output_quantizer, {input}, [&] {                                \
      return at::name(input, kernel_size, stride, padding, ceil_mode, count_include_pad,         \
                      divisor_override);                                                         \
    });                                                                                          \
  }
FASTFORWARD_DEFINE_AVG_POOL(avg_pool2d)
FASTFORWARD_DEFINE_AVG_POOL(avg_pool3d)
#undef FASTFORWARD_DEFINE_AVG_POOL

at::Tensor max_pool2d(const at::Tensor& input, at::IntArrayRef kernel_size,
                      at::IntArrayRef stride, at::IntArrayRef padding, at::IntArrayRef dilation,
                      bool ceil_mode, const OutputQuantizer& output_quantizer) {
  return quantized_call("max_pool2d", output_quantizer, {input}, [&] {
    return at::max_pool2d(input, kernel_size, stride, padding, dilation, ceil_mode);
  });
}

namespace {
torch::nn::functional::InterpolateFuncOptions::mode_t interpolate_mode(const std::string& mode) {
  if (mode == "nearest") return torch::kNearest;
  if (mode == "linear") return torch::kLinear;
  if (mode == "bilinear") return torch::kBilinear;
  if (mode == "bicubic") return torch::kBicubic;
  if (mode == "trilinear") return torch::kTrilinear;
  if (mode == "area") return torch::kArea;
  if (mode == "nearest-exact") return torch::kNearestExact;
  TORCH_CHECK(false, "interpolate: unknown mode '", mode, "'");
}
}  // namespace

at::Tensor interpolate(const at::Tensor& input, c10::optional<std::vector<int64_t>> size,
                       c10::optional<std::vector<double>> scale_factor, const std::string& mode,
                       c10::optional<bool> align_corners,
                       c10::optional<bool> recompute_scale_factor, bool antialias,
                       const OutputQuantizer& output_quantizer) {
  return quantized_call("interpolate", output_quantizer, {input}, [&] {
    auto options = torch::nn::functional::InterpolateFuncOptions()
                       .mode(interpolate_mode(mode))
                       .align_corners(align_corners)
                       .recompute_scale_factor(recompute_scale_factor)
                       .antialias(antialias);
    if (size) options.size(*size);
    if (scale_factor) options.scale_factor(*scale_factor);
    return torch::nn::functional::interpolate(input, options);
  });
}

at::Tensor pad(const at::Tensor& input, at::IntArrayRef pad, const std::string& mode,
               c10::optional<double> value, const OutputQuantizer& output_quantizer) {
  return quantized_call("pad", output_quantizer, {input},
                        [&] { return at::pad(input, pad, mode, value); });
}

at::Tensor layer_norm(const at::Tensor& input, at::IntArrayRef normalized_shape,
                      const at::Tensor& weight, const at::Tensor& bias, double eps,
                      const OutputQuantizer& output_quantizer) {
  return quantized_call("layer_norm", output_quantizer, {input, weight, bias}, [&] {
    return at::layer_norm(input, normalized_shape, weight, bias, eps);
  });
}

at::Tensor rms_norm(const at::Tensor& input, at::IntArrayRef normalized_shape,
                    const at::Tensor& weight, c10::optional<double> eps,
                    const OutputQuantizer& output_quantizer) {
  return quantized_call("rms_norm", output_quantizer, {input, weight}, [&] {
    const auto rank = static_cast<int64_t>(input.dim());
    const auto normalized_rank = static_cast<int64_t>(normalized_shape.size());
    TORCH_CHECK(normalized_rank <= rank &&
                    input.sizes().slice(rank - normalized_rank) == normalized_shape,
                "rms_norm: normalized_shape ", normalized_shape,
                " does not match the trailing dimensions of input ", input.sizes());
    std::vector<int64_t> reduced_dims;
    for (int64_t d = rank - normalized_rank; d < rank; ++d) reduced_dims.push_back(d);
    // As torch: accumulate in float (double stays double), eps defaults to that type's epsilon.
    const bool is_double = input.scalar_type() == at::kDouble;
    const auto compute_type = is_double ? at::kDouble : at::kFloat;
    const double epsilon = eps ? *eps
                               : (is_double ? std::numeric_limits<double>::epsilon()
                                            : std::numeric_limits<float>::epsilon());
    const auto upcast = input.to(compute_type);
    const auto inverse_rms =
        at::rsqrt(upcast.pow(2).mean(reduced_dims, /*keepdim=*/true).add(epsilon));
    auto result = upcast.mul(inverse_rms).to(input.scalar_type());
    return weight.defined() ? result.mul(weight) : result;
  });
}

at::Tensor embedding(const at::Tensor& input, const at::Tensor& weight,
                     c10::optional<int64_t> padding_idx, c10::optional<double> max_norm,
                     double norm_type, bool scale_grad_by_freq, bool sparse,
                     const OutputQuantizer& output_quantizer) {
  return quantized_call("embedding", output_quantizer, {input, weight}, [&] {
    return torch::nn::functional::detail::embedding(input, weight, padding_idx, max_norm,
                                                    norm_type, scale_grad_by_freq, sparse);
  });
}

at::Tensor relu(const at::Tensor& input, const OutputQuantizer& output_quantizer) {
  return quantized_call("relu", output_quantizer, {input}, [&] { return at::relu(input); });
}

at::Tensor sigmoid(const at::Tensor& input, const OutputQuantizer& output_quantizer) {
  return quantized_call("sigmoid", output_quantizer, {input}, [&] { return at::sigmoid(input); });
}

at::Tensor silu(const at::Tensor& input, const OutputQuantizer& output_quantizer) {
  return quantized_call("silu", output_quantizer, {input}, [&] { return at::silu(input); });
}

at::Tensor gelu(const at::Tensor& input, const std::string& approximate,
                const OutputQuantizer& output_quantizer) {
  return quantized_call("gelu", output_quantizer, {input},
                        [&] { return at::gelu(input, approximate); });
}

at::Tensor softmax(const at::Tensor& input, int64_t dim, c10::optional<at::ScalarType> dtype,
                   const OutputQuantizer& output_quantizer) {
  return quantized_call("softmax", output_quantizer, {input},
                        [&] { return at::softmax(input, dim, dtype); });
}

at::Tensor dropout(const at::Tensor& input, double p, bool training, bool inplace,
                   const OutputQuantizer& output_quantizer) {
  return quantized_call("dropout", output_quantizer, {input}, [&] {
    if (inplace) {
      auto target = input;
      return at::dropout_(target, p, training);
    }
    return at::dropout(input, p, training);
  });
}

at::Tensor matmul(const at::Tensor& input, const at::Tensor& other,
                  const OutputQuantizer& output_quantizer) {
  return quantized_call("matmul", output_quantizer, {input, other},
                        [&] { return at::matmul(input, other); });
}

at::Tensor mm(const at::Tensor& input, const at::Tensor& mat2,
              const OutputQuantizer& output_quantizer) {
  return quantized_call("mm", output_quantizer, {input, mat2}, [&] { return at::mm(input, mat2); });
}

at::Tensor bmm(const at::Tensor& input, const at::Tensor& mat2,
               const OutputQuantizer& output_quantizer) {
  return quantized_call("bmm", output_quantizer, {input, mat2},
                        [&] { return at::bmm(input, mat2); });
}

at::Tensor add(const at::Tensor& input, const at::Tensor& other, const at::Scalar& alpha,
               const OutputQuantizer& output_quantizer) {
  return quantized_call("add", output_quantizer, {input, other},
                        [&] { return at::add(input, other, alpha); });
}

at::Tensor add(const at::Tensor& input, const at::Scalar& other, const at::Scalar& alpha,
               const OutputQuantizer& output_quantizer) {
  return quantized_call("add", output_quantizer, {input},
                        [&] { return at::add(input, other, alpha); });
}

at::Tensor add(const at::Scalar& input, const at::Tensor& other, const at::Scalar& alpha,
               const OutputQuantizer& output_quantizer) {
  return quantized_call("add", output_quantizer, {other},
                        [&] { return filled_like(input, other).add_(other, alpha); });
}

at::Tensor sub(const at::Tensor& input, const at::Tensor& other, const at::Scalar& alpha,
               const OutputQuantizer& output_quantizer) {
  return quantized_call("sub", output_quantizer, {input, other},
                        [&] { return at::sub(input, other, alpha); });
}

at::Tensor sub(const at::Tensor& input, const at::Scalar& other, const at::Scalar& alpha,
               const OutputQuantizer& output_quantizer) {
  return quantized_call("sub", output_quantizer, {input},
                        [&] { return at::sub(input, other, alpha); });
}

at::Tensor sub(const at::Scalar& input, const at::Tensor& other, const at::Scalar& alpha,
               const OutputQuantizer& output_quantizer) {
  return quantized_call("sub", output_quantizer, {other},
                        [&] { return filled_like(input, other).sub_(other, alpha); });
}

#define FASTFORWARD_DEFINE_BINARY(name, second)                      \
  at::Tensor name(const at::Tensor& input, const at::Tensor& second, \
                  const OutputQuantizer& output_quantizer) {         \
    return quantized_call(#name, output_quantizer, {input, second},  \
                          [&] { return at::name(input, second); });  \
  }                                                                  \
  at::Tensor name(const at::Tensor& input, const at::Scalar& second, \
                  const OutputQuantizer& output_quantizer) {         \
    return quantized_call(#name, output_quantizer, {input},          \
                          [&] { return at::name(input, second); });  \
  }
FASTFORWARD_DEFINE_BINARY(mul, other)
FASTFORWARD_DEFINE_BINARY(div, other)
FASTFORWARD_DEFINE_BINARY(pow, exponent)
FASTFORWARD_DEFINE_BINARY(floor_divide, other)
FASTFORWARD_DEFINE_BINARY(remainder, other)
FASTFORWARD_DEFINE_BINARY(bitwise_left_shift, other)
FASTFORWARD_DEFINE_BINARY(bitwise_right_shift, other)
FASTFORWARD_DEFINE_BINARY(bitwise_and, other)
FASTFORWARD_DEFINE_BINARY(bitwise_or, other)
FASTFORWARD_DEFINE_BINARY(bitwise_xor, other)
#undef FASTFORWARD_DEFINE_BINARY

at::Tensor mul(const at::Scalar& input, const at::Tensor& other,
               const OutputQuantizer& output_quantizer) {
  return quantized_call("mul", output_quantizer, {other}, [&] { return at::mul(other, input); });
}

at::Tensor div(const at::Scalar& input, const at::Tensor& other,
               const OutputQuantizer& output_quantizer) {
  return quantized_call("div", output_quantizer, {other},
                        [&] { return filled_like(input, other).div_(other); });
}

at::Tensor remainder(const at::Scalar& input, const at::Tensor& other,
                     const OutputQuantizer& output_quantizer) {
  return quantized_call("remainder", output_quantizer, {other},
                        [&] { return at::remainder(input, other); });
}

at::Tensor pow(const at::Scalar& input, const at::Tensor& exponent,
               const OutputQuantizer& output_quantizer) {
  return quantized_call("pow", output_quantizer, {exponent},
                        [&] { return at::pow(input, exponent); });
}

#define FASTFORWARD_DEFINE_UNARY(name)                                                     \
  at::Tensor name(const at::Tensor& input, const OutputQuantizer& output_quantizer) {     \
    return quantized_call(#name, output_quantizer, {input}, [&] { return at::name(input); });      \
  }
FASTFORWARD_DEFINE_UNARY(negative)
FASTFORWARD_DEFINE_UNARY(positive)
FASTFORWARD_DEFINE_UNARY(bitwise_not)
FASTFORWARD_DEFINE_UNARY(exp)
FASTFORWARD_DEFINE_UNARY(sin)
FASTFORWARD_DEFINE_UNARY(cos)
#undef FASTFORWARD_DEFINE_UNARY

at::Tensor sum(const at::Tensor& input, const OutputQuantizer& output_quantizer) {
  return quantized_call("sum", output_quantizer, {input}, [&] { return at::sum(input); });
}

at::Tensor sum(const at::Tensor& input, at::OptionalIntArrayRef dim,
               const OutputQuantizer& output_quantizer) {
  return sum(input, dim, /*keepdim=*/false, c10::nullopt, output_quantizer);
}

at::Tensor sum(const at::Tensor& input, at::OptionalIntArrayRef dim, bool keepdim,
               c10::optional<at::ScalarType> dtype, const OutputQuantizer& output_quantizer) {
  return quantized_call("sum", output_quantizer, {input}, [&] {
    return dim.has_value() ? at::sum(input, dim, keepdim, dtype) : at::sum(input, dtype);
  });
}

at::Tensor cumsum(const at::Tensor& input, int64_t dim, const OutputQuantizer& output_quantizer) {
  return cumsum(input, dim, c10::nullopt, output_quantizer);
}

at::Tensor cumsum(const at::Tensor& input, int64_t dim, c10::optional<at::ScalarType> dtype,
                  const OutputQuantizer& output_quantizer) {
  return quantized_call("cumsum", output_quantizer, {input},
                        [&] { return at::cumsum(input, dim, dtype); });
}

at::Tensor permute(const at::Tensor& input, at::IntArrayRef dims,
                   const OutputQuantizer& output_quantizer) {
  return quantized_call("permute", output_quantizer, {input}, [&] { return input.permute(dims); });
}

at::Tensor cat(at::TensorList tensors, int64_t dim, const OutputQuantizer& output_quantizer) {
  return quantized_call_impl("cat", output_quantizer, tensors,
                             [&] { return at::cat(tensors, dim); });
}

at::Tensor index_add(const at::Tensor& input, int64_t dim, const at::Tensor& index,
                     const at::Tensor& source, const at::Scalar& alpha,
                     const OutputQuantizer& output_quantizer) {
  return quantized_call("index_add", output_quantizer, {input, index, source},
                        [&] { return at::index_add(input, dim, index, source, alpha); });
}

#define FASTFORWARD_DEFINE_LIKE(name)                                                         \
  at::Tensor name(const at::Tensor& input, const OutputQuantizer& output_quantizer) {         \
    return quantized_call(#name, output_quantizer, {input}, [&] { return at::name(input); }); \
  }                                                                                           \
  at::Tensor name(const at::Tensor& input, at::TensorOptions options,                         \
                  c10::optional<at::MemoryFormat> memory_format,                              \
                  const OutputQuantizer& output_quantizer) {                                  \
    return quantized_call(#name, output_quantizer, {input},                                   \
                          [&] { return at::name(input, options, memory_format); });           \
  }
FASTFORWARD_DEFINE_LIKE(ones_like)
FASTFORWARD_DEFINE_LIKE(zeros_like)
FASTFORWARD_DEFINE_LIKE(empty_like)
#undef FASTFORWARD_DEFINE_LIKE

at::Tensor full_like(const at::Tensor& input, const at::Scalar& fill_value,
                     const OutputQuantizer& output_quantizer) {
  return quantized_call("full_like", output_quantizer, {input},
                        [&] { return at::full_like(input, fill_value); });
}

at::Tensor full_like(const at::Tensor& input, const at::Scalar& fill_value,
                     at::TensorOptions options, c10::optional<at::MemoryFormat> memory_format,
                     const OutputQuantizer& output_quantizer) {
  return quantized_call("full_like", output_quantizer, {input}, [&] {
    return at::full_like(input, fill_value, options, memory_format);
  });
}

}  // namespace fastforward::nn::functional
