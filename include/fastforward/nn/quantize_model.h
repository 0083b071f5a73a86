// quantize_model: converts the standard float modules of a model into their quantized versions.
#pragma once

#include "fastforward/nn/modules.h"

#include <functional>
#include <map>
#include <memory>
#include <typeindex>

namespace fastforward::nn {

/// A converted module, plus the type-erased callable form a torch::nn::Sequential stores.
struct ConvertedModule {
  std::shared_ptr<torch::nn::Module> module;
  torch::nn::AnyModule callable;
};

/// Builds the quantized module for a float module. An empty converter means "skip": keep the
/// module as it is and do not look inside it (FastForward's SKIP_QUANTIZATION).
using ModuleConverter = std::function<ConvertedModule(const std::shared_ptr<torch::nn::Module>&)>;
using ModuleConversionMap = std::map<std::type_index, ModuleConverter>;

/// The converter that shares the float module's parameters with a new `QuantizedImpl`.
template <class FloatImpl, class QuantizedImpl>
ModuleConverter quantized_module_converter() {
  return [](const std::shared_ptr<torch::nn::Module>& float_module) {
    auto quantized =
        std::make_shared<QuantizedImpl>(dynamic_cast<const FloatImpl&>(*float_module));
    return ConvertedModule{quantized, torch::nn::AnyModule(quantized)};
  };
}

/// Adds (or replaces: the last registration wins) an entry of the global module map.
void register_module_conversion(std::type_index float_type, ModuleConverter converter);
template <class FloatImpl, class QuantizedImpl>
void register_quantized_module() {
  register_module_conversion(typeid(FloatImpl),
                             quantized_module_converter<FloatImpl, QuantizedImpl>());
}
/// The global module map: the standard modules of fastforward/nn/modules.h, LSTM/GRU/RNN,
/// Identity and Flatten as skipped, plus whatever was registered.
ModuleConversionMap quantized_module_map();

struct QuantizeModelOptions {
  TORCH_ARG(bool, recursive) = true;
  /// Entries that win over the global map (empty converter = skip).
  TORCH_ARG(ModuleConversionMap, extra_conversion) = {};
  TORCH_ARG(bool, ignore_global_module_map) = false;
};

/// Converts `model` and returns the result (a new object when the root itself is converted;
/// containers are rebuilt in place so holders of them stay valid). Lookup is by exact Impl type.
/// Sequential, ModuleList and ModuleDict are converted element by element; a quantized module's
/// children are converted too; QuantizedModules and quantizers are left as they are. Every module
/// type without an entry is reported in one QuantizationError before anything changes.
///
/// Limit of C++: a custom float module's forward calls its members directly, so converting its
/// children cannot change what it computes; such modules need ffquant's generated quantized copy
/// (register it with register_module_conversion).
std::shared_ptr<torch::nn::Module> quantize_model(const std::shared_ptr<torch::nn::Module>& model,
                                                  const QuantizeModelOptions& options = {});

template <class ModuleType>
std::shared_ptr<torch::nn::Module> quantize_model(const torch::nn::ModuleHolder<ModuleType>& model,
                                                  const QuantizeModelOptions& options = {}) {
  return quantize_model(std::static_pointer_cast<torch::nn::Module>(model.ptr()), options);
}

}  // namespace fastforward::nn
