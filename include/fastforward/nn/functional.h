// Quantization-aware functional ops: the C++ dispatch targets of ffquant's operator table.
//
// Calling convention (the same for every op, and what generated code spells):
//   * the arguments of the matching ATen / torch C++ function, in ATen order, with ATen's defaults;
//   * then `output_quantizer` LAST: a QuantizerSlot, a std::shared_ptr<Quantizer> (or subclass),
//     a Quantizer&, or `{}` / nullptr for none. Because it is last, every argument before it is
//     spelled out when it is given, e.g.
//       fastforward::nn::functional::add(a, b, /*alpha=*/1, quantizer_add);
//       fastforward::nn::functional::conv2d(x, w, b, /*stride=*/1, /*padding=*/0,
//                                           /*dilation=*/1, /*groups=*/1, quantizer_conv2d);
//   * where `other` may be a number, there are Tensor and Scalar overloads (and Scalar-first
//     overloads for add/sub/mul/div/remainder/pow, mirroring `2 - x`).
//
// Protocol (spec §7.1): in strict mode (fastforward::get_strict_quantization()) a missing output
// quantizer raises QuantizationError (a stub counts as present); then the float op runs on the
// (fake-quantized, hence float) inputs; then the output quantizer, if any, is applied. Inputs are
// not checked for being quantized: see docs/compatibility.md, "C++ runtime".
#pragma once

#include "fastforward/nn/quantized_module.h"

#include <string>
#include <vector>

namespace fastforward::nn::functional {

using fastforward::nn::OutputQuantizer;

// Linear and convolution.
at::Tensor linear(const at::Tensor& input, const at::Tensor& weight, const at::Tensor& bias = {},
                  const OutputQuantizer& output_quantizer = {});

#define FASTFORWARD_DECLARE_CONV(name)                                                          \
  at::Tensor name(const at::Tensor& input, const at::Tensor& weight, const at::Tensor& bias = {}, \
                  at::IntArrayRef stride = 1, at::IntArrayRef padding = 0,                      \
                  at::IntArrayRef dilation = 1, int64_t groups = 1,                             \
                  const OutputQuantizer& output_quantizer = {});                                \
  /* padding given as torch::kSame / torch::kValid, like the string form of torch's conv */     \
  at::Tensor name(const at::Tensor& input, const at::Tensor& weight, const at::Tensor& bias,      \
                  at::IntArrayRef stride, torch::enumtype::kSame padding,                      \
                  at::IntArrayRef dilation = 1, int64_t groups = 1,                             \
                  const OutputQuantizer& output_quantizer = {});                                \
  at::Tensor name(const at::Tensor& input, const at::Tensor& weight, const at::Tensor& bias,      \
                  at::IntArrayRef stride, torch::enumtype::kValid padding,                     \
                  at::IntArrayRef dilation = 1, int64_t groups = 1,                             \
                  const OutputQuantizer& output_quantizer = {});
FASTFORWARD_DECLARE_CONV(conv1d)
FASTFORWARD_DECLARE_CONV(conv2d)
FASTFORWARD_DECLARE_CONV(conv3d)
#undef FASTFORWARD_DECLARE_CONV

#define FASTFORWARD_DECLARE_CONV_TRANSPOSE(name)                                                \
  at::Tensor name(const at::Tensor& input, const at::Tensor& weight, const at::Tensor& bias = {}, \
                  at::IntArrayRef stride = 1, at::IntArrayRef padding = 0,                      \
                  at::IntArrayRef output_padding = 0, int64_t groups = 1,                       \
                  at::IntArrayRef dilation = 1, const OutputQuantizer& output_quantizer = {});
FASTFORWARD_DECLARE_CONV_TRANSPOSE(conv_transpose1d)
FASTFORWARD_DECLARE_CONV_TRANSPOSE(conv_transpose2d)
FASTFORWARD_DECLARE_CONV_TRANSPOSE(conv_transpose3d)
#undef FASTFORWARD_DECLARE_CONV_TRANSPOSE

/// torch.nn.functional.unfold (im2col).
at::Tensor unfold(const at::Tensor& input, at::IntArrayRef kernel_size,
                  at::IntArrayRef dilation = 1, at::IntArrayRef padding = 0,
                  at::IntArrayRef stride = 1, const OutputQuantizer& output_quantizer = {});

// Pooling, resizing, padding.
at::Tensor avg_pool1d(const at::Tensor& input, at::IntArrayRef kernel_size,
                      at::IntArrayRef stride = {}, at::IntArrayRef padding = 0,
                      bool ceil_mode = false, bool count_include_pad = true,
                      const OutputQuantizer& output_quantizer = {});
#define FASTFORWARD_DECLARE_AVG_POOL(name)                                                   \
  at::Tensor name(const at::Tensor& input, at::IntArrayRef kernel_size,                        \
                  at::IntArrayRef stride = {}, at::IntArrayRef padding = 0,                    \
                  bool ceil_mode = false, bool count_include_pad = true,                       \
                  const OutputQuantizer& output_quantizer = {});                               \
  /* ATen's extra divisor_override; no default, so the short form above stays unambiguous */   \
  at::Tensor name(const at::Tensor& input, at::IntArrayRef kernel_size, at::IntArrayRef stride,  \
                  at::IntArrayRef padding, bool ceil_mode, bool count_include_pad,             \
                  c10::optional<int64_t> divisor_override,                                     \
                  const OutputQuantizer& output_quantizer = {});
FASTFORWARD_DECLARE_AVG_POOL(avg_pool2d)
FASTFORWARD_DECLARE_AVG_POOL(avg_pool3d)
#undef FASTFORWARD_DECLARE_AVG_POOL
at::Tensor max_pool2d(const at::Tensor& input, at::IntArrayRef kernel_size,
                      at::IntArrayRef stride = {}, at::IntArrayRef padding = 0,
                      at::IntArrayRef dilation = 1, bool ceil_mode = false,
                      const OutputQuantizer& output_quantizer = {});
/// `mode`: "nearest", "linear", "bilinear", "bicubic", "trilinear", "area", "nearest-exact".
at::Tensor interpolate(const at::Tensor& input,
                       c10::optional<std::vector<int64_t>> size = c10::nullopt,
                       c10::optional<std::vector<double>> scale_factor = c10::nullopt,
                       const std::string& mode = "nearest",
                       c10::optional<bool> align_corners = c10::nullopt,
                       c10::optional<bool> recompute_scale_factor = c10::nullopt,
                       bool antialias = false, const OutputQuantizer& output_quantizer = {});
/// `mode`: "constant" (default), "reflect", "replicate", "circular".
at::Tensor pad(const at::Tensor& input, at::IntArrayRef pad, const std::string& mode = "constant",
               c10::optional<double> value = c10::nullopt,
               const OutputQuantizer& output_quantizer = {});

// Normalization and embedding.
at::Tensor layer_norm(const at::Tensor& input, at::IntArrayRef normalized_shape,
                      const at::Tensor& weight = {}, const at::Tensor& bias = {},
                      double eps = 1e-5, const OutputQuantizer& output_quantizer = {});
/// Root-mean-square normalization as torch.nn.functional.rms_norm (absent from LibTorch 1.13):
/// computed in float (double for double input), eps defaults to that type's epsilon.
at::Tensor rms_norm(const at::Tensor& input, at::IntArrayRef normalized_shape,
                    const at::Tensor& weight = {}, c10::optional<double> eps = c10::nullopt,
                    const OutputQuantizer& output_quantizer = {});
at::Tensor embedding(const at::Tensor& input, const at::Tensor& weight,
                     c10::optional<int64_t> padding_idx = c10::nullopt,
                     c10::optional<double> max_norm = c10::nullopt, double norm_type = 2.0,
                     bool scale_grad_by_freq = false, bool sparse = false,
                     const OutputQuantizer& output_quantizer = {});

// Activations.
at::Tensor relu(const at::Tensor& input, const OutputQuantizer& output_quantizer = {});
at::Tensor sigmoid(const at::Tensor& input, const OutputQuantizer& output_quantizer = {});
at::Tensor silu(const at::Tensor& input, const OutputQuantizer& output_quantizer = {});
at::Tensor gelu(const at::Tensor& input, const std::string& approximate = "none",
                const OutputQuantizer& output_quantizer = {});
at::Tensor softmax(const at::Tensor& input, int64_t dim,
                   c10::optional<at::ScalarType> dtype = c10::nullopt,
                   const OutputQuantizer& output_quantizer = {});
at::Tensor dropout(const at::Tensor& input, double p = 0.5, bool training = true,
                   bool inplace = false, const OutputQuantizer& output_quantizer = {});

// Matrix products.
at::Tensor matmul(const at::Tensor& input, const at::Tensor& other,
                  const OutputQuantizer& output_quantizer = {});
at::Tensor mm(const at::Tensor& input, const at::Tensor& mat2,
              const OutputQuantizer& output_quantizer = {});
at::Tensor bmm(const at::Tensor& input, const at::Tensor& mat2,
               const OutputQuantizer& output_quantizer = {});

// Elementwise binary ops.
at::Tensor add(const at::Tensor& input, const at::Tensor& other, const at::Scalar& alpha = 1,
               const OutputQuantizer& output_quantizer = {});
at::Tensor add(const at::Tensor& input, const at::Scalar& other, const at::Scalar& alpha = 1,
               const OutputQuantizer& output_quantizer = {});
at::Tensor add(const at::Scalar& input, const at::Tensor& other, const at::Scalar& alpha = 1,
               const OutputQuantizer& output_quantizer = {});
at::Tensor sub(const at::Tensor& input, const at::Tensor& other, const at::Scalar& alpha = 1,
               const OutputQuantizer& output_quantizer = {});
at::Tensor sub(const at::Tensor& input, const at::Scalar& other, const at::Scalar& alpha = 1,
               const OutputQuantizer& output_quantizer = {});
at::Tensor sub(const at::Scalar& input, const at::Tensor& other, const at::Scalar& alpha = 1,
               const OutputQuantizer& output_quantizer = {});

#define FASTFORWARD_DECLARE_BINARY(name, second)                                           \
  at::Tensor name(const at::Tensor& input, const at::Tensor& second,                        \
                  const OutputQuantizer& output_quantizer = {});                            \
  at::Tensor name(const at::Tensor& input, const at::Scalar& second,                        \
                  const OutputQuantizer& output_quantizer = {});
FASTFORWARD_DECLARE_BINARY(mul, other)
FASTFORWARD_DECLARE_BINARY(div, other)
FASTFORWARD_DECLARE_BINARY(pow, exponent)
FASTFORWARD_DECLARE_BINARY(floor_divide, other)
FASTFORWARD_DECLARE_BINARY(remainder, other)
FASTFORWARD_DECLARE_BINARY(bitwise_left_shift, other)
FASTFORWARD_DECLARE_BINARY(bitwise_right_shift, other)
FASTFORWARD_DECLARE_BINARY(bitwise_and, other)
FASTFORWARD_DECLARE_BINARY(bitwise_or, other)
FASTFORWARD_DECLARE_BINARY(bitwise_xor, other)
#undef FASTFORWARD_DECLARE_BINARY

// Scalar-first forms, as `2 * x`, `2 / x`, `2 % x`, `2 ** x` are spelled in C++/Python.
at::Tensor mul(const at::Scalar& input, const at::Tensor& other,
               const OutputQuantizer& output_quantizer = {});
at::Tensor div(const at::Scalar& input, const at::Tensor& other,
               const OutputQuantizer& output_quantizer = {});
at::Tensor remainder(const at::Scalar& input, const at::Tensor& other,
                     const OutputQuantizer& output_quantizer = {});
at::Tensor pow(const at::Scalar& input, const at::Tensor& exponent,
               const OutputQuantizer& output_quantizer = {});

// Elementwise unary ops.
at::Tensor negative(const at::Tensor& input, const OutputQuantizer& output_quantizer = {});
at::Tensor positive(const at::Tensor& input, const OutputQuantizer& output_quantizer = {});
at::Tensor bitwise_not(const at::Tensor& input, const OutputQuantizer& output_quantizer = {});
at::Tensor exp(const at::Tensor& input, const OutputQuantizer& output_quantizer = {});
at::Tensor sin(const at::Tensor& input, const OutputQuantizer& output_quantizer = {});
at::Tensor cos(const at::Tensor& input, const OutputQuantizer& output_quantizer = {});

// Reductions. The table's forms (`sum(input, dim)`, `cumsum(input, dim)`) and ATen's longer
// forms are separate overloads; the extra ATen arguments have no defaults to keep them apart.
at::Tensor sum(const at::Tensor& input, const OutputQuantizer& output_quantizer = {});
at::Tensor sum(const at::Tensor& input, at::OptionalIntArrayRef dim,
               const OutputQuantizer& output_quantizer = {});
at::Tensor sum(const at::Tensor& input, at::OptionalIntArrayRef dim, bool keepdim,
               c10::optional<at::ScalarType> dtype = c10::nullopt,
               const OutputQuantizer& output_quantizer = {});
at::Tensor cumsum(const at::Tensor& input, int64_t dim,
                  const OutputQuantizer& output_quantizer = {});
at::Tensor cumsum(const at::Tensor& input, int64_t dim, c10::optional<at::ScalarType> dtype,
                  const OutputQuantizer& output_quantizer = {});

// Shape and indexing.
at::Tensor permute(const at::Tensor& input, at::IntArrayRef dims,
                   const OutputQuantizer& output_quantizer = {});
at::Tensor cat(at::TensorList tensors, int64_t dim = 0,
               const OutputQuantizer& output_quantizer = {});
at::Tensor index_add(const at::Tensor& input, int64_t dim, const at::Tensor& index,
                     const at::Tensor& source, const at::Scalar& alpha = 1,
                     const OutputQuantizer& output_quantizer = {});

// Constructors shaped like their input: `ones_like(input, quantizer)`, or ATen's form with
// TensorOptions (dtype, layout, device, requires_grad) and memory format.
#define FASTFORWARD_DECLARE_LIKE(name)                                                        \
  at::Tensor name(const at::Tensor& input, const OutputQuantizer& output_quantizer = {});     \
  at::Tensor name(const at::Tensor& input, at::TensorOptions options,                         \
                  c10::optional<at::MemoryFormat> memory_format = c10::nullopt,               \
                  const OutputQuantizer& output_quantizer = {});
FASTFORWARD_DECLARE_LIKE(ones_like)
FASTFORWARD_DECLARE_LIKE(zeros_like)
FASTFORWARD_DECLARE_LIKE(empty_like)
#undef FASTFORWARD_DECLARE_LIKE
at::Tensor full_like(const at::Tensor& input, const at::Scalar& fill_value,
                     const OutputQuantizer& output_quantizer = {});
at::Tensor full_like(const at::Tensor& input, const at::Scalar& fill_value,
                     at::TensorOptions options,
                     c10::optional<at::MemoryFormat> memory_format = c10::nullopt,
                     const OutputQuantizer& output_quantizer = {});

}  // namespace fastforward::nn::functional
