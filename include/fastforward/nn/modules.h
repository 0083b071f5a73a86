// Quantized counterparts of the standard torch::nn modules.
//
// Each `Quantized<X>Impl` derives from `torch::nn::<X>Impl`, so parameters keep their names
// (weight, bias, running_mean, ...) and `module->as<torch::nn::<X>>()` still finds it, and from
// QuantizedModule for its quantizers. It is constructible from the float module's arguments or
// Options, and from a float module (Impl or holder), in which case it shares that module's
// parameter and buffer tensors. Quantizers, in registration order (as FastForward):
//   input_quantizer  (activation/input)
//   weight_quantizer (parameter/weight, shape of the weight)   - layers with a weight
//   bias_quantizer   (parameter/bias, shape of the bias)       - empty slot without a bias
//   output_quantizer (activation/output)
// Embedding has no input quantizer (its input is indices).
//
// The quantized modules are not Cloneable: clone() on them returns the float module's copy.
#pragma once

#include "fastforward/nn/functional.h"
#include "fastforward/nn/quantized_module.h"
#include "fastforward/quantization/annotation.h"

#include <sstream>
#include <string>

namespace fastforward::nn {

namespace detail {
/// "torch::nn::Linear(...)" -> "fastforward::nn::QuantizedLinear(...)".
std::string quantized_description(const std::string& float_description);

inline QuantizerMetadata parameter_metadata(const std::string& tag, const at::Tensor& parameter) {
  QuantizerMetadata metadata{tag};
  metadata.shape = parameter.sizes().vec();
  return metadata;
}

/// The float part of a quantized standard module: the float Impl's constructors, construction from
/// a float module (Impl or holder) sharing its parameters and buffers, and printing under the
/// quantized name. Sharing needs the explicit Module assignment because torch::nn::Module is a
/// virtual base: the most derived class initializes it (default), so the float Impl's copy
/// constructor alone would not carry the registered parameters over.
template <class FloatImpl>
class SharedFloatModule : public FloatImpl {
 public:
  using FloatImpl::FloatImpl;
  explicit SharedFloatModule(const FloatImpl& float_module) : FloatImpl(float_module) {
    static_cast<torch::nn::Module&>(*this) = static_cast<const torch::nn::Module&>(float_module);
  }
  explicit SharedFloatModule(const torch::nn::ModuleHolder<FloatImpl>& float_module)
      : SharedFloatModule(*float_module) {}

  void pretty_print(std::ostream& stream) const override {
    std::ostringstream float_description;
    FloatImpl::pretty_print(float_description);
    stream << quantized_description(float_description.str());
  }
};

template <class Module>
auto disable_inplace(Module& module, int) -> decltype(module.options.inplace(false), bool()) {
  // Python's quantized activations force inplace=False: the input may be the caller's tensor.
  module.options.inplace(false);
  return true;
}
template <class Module>
bool disable_inplace(Module&, long) {
  return false;
}
}  // namespace detail

/// Common base of quantized layers with `weight` and optional `bias` parameters.
template <class FloatImpl>
class QuantizedWeightedImpl : public detail::SharedFloatModule<FloatImpl>, public QuantizedModule {
 public:
  using detail::SharedFloatModule<FloatImpl>::SharedFloatModule;

  QuantizerSlot input_quantizer =
      register_quantizer("input_quantizer", QuantizerMetadata::input());
  QuantizerSlot weight_quantizer = register_parameter_quantizer(
      "weight_quantizer", this->weight, tags::weight);
  QuantizerSlot bias_quantizer =
      register_parameter_quantizer("bias_quantizer", this->bias, tags::bias);
  QuantizerSlot output_quantizer =
      register_quantizer("output_quantizer", QuantizerMetadata::output());

 protected:
  QuantizerSlot register_parameter_quantizer(const std::string& name, const at::Tensor& parameter,
                                             const std::string& tag) {
    if (!parameter.defined()) return register_quantizer(name, std::shared_ptr<Quantizer>());
    return register_quantizer(name, detail::parameter_metadata(tag, parameter));
  }
};

class QuantizedLinearImpl : public QuantizedWeightedImpl<torch::nn::LinearImpl> {
 public:
  using QuantizedWeightedImpl::QuantizedWeightedImpl;
  at::Tensor forward(const at::Tensor& input);
};
TORCH_MODULE(QuantizedLinear);

/// Conv1d/2d/3d. Unlike FastForward, a non-zeros `padding_mode` is honoured (as the float module).
template <size_t D, class FloatImpl>
class QuantizedConvImpl : public QuantizedWeightedImpl<FloatImpl> {
 public:
  using QuantizedWeightedImpl<FloatImpl>::QuantizedWeightedImpl;
  at::Tensor forward(const at::Tensor& input);
};
using QuantizedConv1dImpl = QuantizedConvImpl<1, torch::nn::Conv1dImpl>;
using QuantizedConv2dImpl = QuantizedConvImpl<2, torch::nn::Conv2dImpl>;
using QuantizedConv3dImpl = QuantizedConvImpl<3, torch::nn::Conv3dImpl>;
TORCH_MODULE(QuantizedConv1d);
TORCH_MODULE(QuantizedConv2d);
TORCH_MODULE(QuantizedConv3d);

template <size_t D, class FloatImpl>
class QuantizedConvTransposeImpl : public QuantizedWeightedImpl<FloatImpl> {
 public:
  using QuantizedWeightedImpl<FloatImpl>::QuantizedWeightedImpl;
  at::Tensor forward(const at::Tensor& input,
                     const c10::optional<at::IntArrayRef>& output_size = c10::nullopt);
};
using QuantizedConvTranspose1dImpl = QuantizedConvTransposeImpl<1, torch::nn::ConvTranspose1dImpl>;
using QuantizedConvTranspose2dImpl = QuantizedConvTransposeImpl<2, torch::nn::ConvTranspose2dImpl>;
using QuantizedConvTranspose3dImpl = QuantizedConvTransposeImpl<3, torch::nn::ConvTranspose3dImpl>;
TORCH_MODULE(QuantizedConvTranspose1d);
TORCH_MODULE(QuantizedConvTranspose2d);
TORCH_MODULE(QuantizedConvTranspose3d);

/// BatchNorm with quantized affine parameters; running statistics update as in the float module.
template <class FloatImpl>
class QuantizedBatchNormImpl : public QuantizedWeightedImpl<FloatImpl> {
 public:
  using QuantizedWeightedImpl<FloatImpl>::QuantizedWeightedImpl;
  at::Tensor forward(const at::Tensor& input);
};
using QuantizedBatchNorm1dImpl = QuantizedBatchNormImpl<torch::nn::BatchNorm1dImpl>;
using QuantizedBatchNorm2dImpl = QuantizedBatchNormImpl<torch::nn::BatchNorm2dImpl>;
using QuantizedBatchNorm3dImpl = QuantizedBatchNormImpl<torch::nn::BatchNorm3dImpl>;
TORCH_MODULE(QuantizedBatchNorm1d);
TORCH_MODULE(QuantizedBatchNorm2d);
TORCH_MODULE(QuantizedBatchNorm3d);

class QuantizedLayerNormImpl : public QuantizedWeightedImpl<torch::nn::LayerNormImpl> {
 public:
  using QuantizedWeightedImpl::QuantizedWeightedImpl;
  at::Tensor forward(const at::Tensor& input);
};
TORCH_MODULE(QuantizedLayerNorm);

class QuantizedEmbeddingImpl : public detail::SharedFloatModule<torch::nn::EmbeddingImpl>,
                               public QuantizedModule {
 public:
  using SharedFloatModule::SharedFloatModule;
  at::Tensor forward(const at::Tensor& indices);

  QuantizerSlot weight_quantizer =
      register_quantizer("weight_quantizer", detail::parameter_metadata(tags::weight, weight));
  QuantizerSlot output_quantizer =
      register_quantizer("output_quantizer", QuantizerMetadata::output());
};
TORCH_MODULE(QuantizedEmbedding);

namespace detail {
/// The Python name of the functional op a parameter-free float module runs ("relu" for ReLU), as
/// operator annotation reports it; specialized next to each quantized activation below.
template <class FloatImpl>
const char* functional_op_name();
}  // namespace detail

/// Parameter-free modules: quantize the input, run the float module, quantize the output.
template <class FloatImpl>
class QuantizedActivationImpl : public detail::SharedFloatModule<FloatImpl>,
                                public QuantizedModule {
 public:
  using detail::SharedFloatModule<FloatImpl>::SharedFloatModule;
  QuantizedActivationImpl() = default;

  at::Tensor forward(const at::Tensor& input) {
    const auto x = input_quantizer(input);
    // The float module's forward bypasses the functional layer: name its op for annotation.
    return output_quantizer(quantization::detail::trace_operator(
        detail::functional_op_name<FloatImpl>(), {x}, FloatImpl::forward(x)));
  }

  QuantizerSlot input_quantizer =
      register_quantizer("input_quantizer", QuantizerMetadata::input());
  QuantizerSlot output_quantizer =
      register_quantizer("output_quantizer", QuantizerMetadata::output());

 private:
  bool inplace_disabled_ = detail::disable_inplace(*this, 0);
};

#define FASTFORWARD_QUANTIZED_ACTIVATION(Name, op_name)                             \
  template <>                                                                         \
  inline const char* detail::functional_op_name<torch::nn::Name##Impl>() {            \
    return op_name;                                                                   \
  }                                                                                   \
  using Quantized##Name##Impl = QuantizedActivationImpl<torch::nn::Name##Impl>;       \
  TORCH_MODULE(Quantized##Name);
FASTFORWARD_QUANTIZED_ACTIVATION(ReLU, "relu")
FASTFORWARD_QUANTIZED_ACTIVATION(GELU, "gelu")
FASTFORWARD_QUANTIZED_ACTIVATION(SiLU, "silu")
FASTFORWARD_QUANTIZED_ACTIVATION(Sigmoid, "sigmoid")
FASTFORWARD_QUANTIZED_ACTIVATION(Softmax, "softmax")
FASTFORWARD_QUANTIZED_ACTIVATION(Dropout, "dropout")
FASTFORWARD_QUANTIZED_ACTIVATION(MaxPool1d, "max_pool1d")
FASTFORWARD_QUANTIZED_ACTIVATION(MaxPool2d, "max_pool2d")
FASTFORWARD_QUANTIZED_ACTIVATION(AvgPool1d, "avg_pool1d")
FASTFORWARD_QUANTIZED_ACTIVATION(AvgPool2d, "avg_pool2d")
FASTFORWARD_QUANTIZED_ACTIVATION(AdaptiveAvgPool1d, "adaptive_avg_pool1d")
FASTFORWARD_QUANTIZED_ACTIVATION(AdaptiveAvgPool2d, "adaptive_avg_pool2d")
#undef FASTFORWARD_QUANTIZED_ACTIVATION

}  // namespace fastforward::nn
