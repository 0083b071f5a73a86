// The module map and quantize_model, including in-place rebuilding of containers.
#include "fastforward/nn/quantize_model.h"

#include <mutex>
#include <set>

namespace fastforward::nn {

namespace {

ModuleConversionMap& registered_conversions() {
  static ModuleConversionMap conversions = [] {
    ModuleConversionMap map;
    auto add = [&map](std::type_index type, ModuleConverter converter) {
      map[type] = std::move(converter);
    };
    namespace tnn = torch::nn;
    add(typeid(tnn::LinearImpl), quantized_module_converter<tnn::LinearImpl, QuantizedLinearImpl>());
    add(typeid(tnn::Conv1dImpl), quantized_module_converter<tnn::Conv1dImpl, QuantizedConv1dImpl>());
    add(typeid(tnn::Conv2dImpl), quantized_module_converter<tnn::Conv2dImpl, QuantizedConv2dImpl>());
    add(typeid(tnn::Conv3dImpl), quantized_module_converter<tnn::Conv3dImpl, QuantizedConv3dImpl>());
    add(typeid(tnn::ConvTranspose1dImpl),
        quantized_module_converter<tnn::ConvTranspose1dImpl, QuantizedConvTranspose1dImpl>());
    add(typeid(tnn::ConvTranspose2dImpl),
        quantized_module_converter<tnn::ConvTranspose2dImpl, QuantizedConvTranspose2dImpl>());
    add(typeid(tnn::ConvTranspose3dImpl),
        quantized_module_converter<tnn::ConvTranspose3dImpl, QuantizedConvTranspose3dImpl>());
    add(typeid(tnn::BatchNorm1dImpl),
        quantized_module_converter<tnn::BatchNorm1dImpl, QuantizedBatchNorm1dImpl>());
    add(typeid(tnn::BatchNorm2dImpl),
        quantized_module_converter<tnn::BatchNorm2dImpl, QuantizedBatchNorm2dImpl>());
    add(typeid(tnn::BatchNorm3dImpl),
        quantized_module_converter<tnn::BatchNorm3dImpl, QuantizedBatchNorm3dImpl>());
    add(typeid(tnn::LayerNormImpl),
        quantized_module_converter<tnn::LayerNormImpl, QuantizedLayerNormImpl>());
    add(typeid(tnn::EmbeddingImpl),
        quantized_module_converter<tnn::EmbeddingImpl, QuantizedEmbeddingImpl>());
    add(typeid(tnn::ReLUImpl), quantized_module_converter<tnn::ReLUImpl, QuantizedReLUImpl>());
    add(typeid(tnn::GELUImpl), quantized_module_converter<tnn::GELUImpl, QuantizedGELUImpl>());
    add(typeid(tnn::SiLUImpl), quantized_module_converter<tnn::SiLUImpl, QuantizedSiLUImpl>());
    add(typeid(tnn::SigmoidImpl),
        quantized_module_converter<tnn::SigmoidImpl, QuantizedSigmoidImpl>());
    add(typeid(tnn::SoftmaxImpl),
        quantized_module_converter<tnn::SoftmaxImpl, QuantizedSoftmaxImpl>());
    add(typeid(tnn::DropoutImpl),
        quantized_module_converter<tnn::DropoutImpl, QuantizedDropoutImpl>());
    add(typeid(tnn::MaxPool1dImpl),
        quantized_module_converter<tnn::MaxPool1dImpl, QuantizedMaxPool1dImpl>());
    add(typeid(tnn::MaxPool2dImpl),
        quantized_module_converter<tnn::MaxPool2dImpl, QuantizedMaxPool2dImpl>());
    add(typeid(tnn::AvgPool1dImpl),
        quantized_module_converter<tnn::AvgPool1dImpl, QuantizedAvgPool1dImpl>());
    add(typeid(tnn::AvgPool2dImpl),
        quantized_module_converter<tnn::AvgPool2dImpl, QuantizedAvgPool2dImpl>());
    add(typeid(tnn::AdaptiveAvgPool1dImpl),
        quantized_module_converter<tnn::AdaptiveAvgPool1dImpl, QuantizedAdaptiveAvgPool1dImpl>());
    add(typeid(tnn::AdaptiveAvgPool2dImpl),
        quantized_module_converter<tnn::AdaptiveAvgPool2dImpl, QuantizedAdaptiveAvgPool2dImpl>());
    // Passed through unquantized: recurrent layers (no quantized version yet) and modules that
    // do not change values.
    for (std::type_index skipped : {std::type_index(typeid(tnn::LSTMImpl)),
                                    std::type_index(typeid(tnn::GRUImpl)),
                                    std::type_index(typeid(tnn::RNNImpl)),
                                    std::type_index(typeid(tnn::IdentityImpl)),
                                    std::type_index(typeid(tnn::FlattenImpl))}) {
      add(skipped, nullptr);
    }
    return map;
  }();
  return conversions;
}

std::mutex& registry_mutex() {
  static std::mutex mutex;
  return mutex;
}

bool is_container(const torch::nn::Module& module) {
  return dynamic_cast<const torch::nn::SequentialImpl*>(&module) ||
         dynamic_cast<const torch::nn::ModuleListImpl*>(&module) ||
         dynamic_cast<const torch::nn::ModuleDictImpl*>(&module);
}

bool is_left_alone(const torch::nn::Module& module) {
  return dynamic_cast<const Quantizer*>(&module) || dynamic_cast<const QuantizedModule*>(&module);
}

class ModelQuantizer {
 public:
  ModelQuantizer(ModuleConversionMap map, bool recursive)
      : map_(std::move(map)), recursive_(recursive) {}

  // Same walk as convert(), without changes: collects the types that have no entry.
  void collect_missing(const torch::nn::Module& module, std::set<std::string>& missing) const {
    if (is_left_alone(module)) return;
    if (!is_container(module)) {
      const auto found = map_.find(typeid(module));
      if (found == map_.end()) {
        missing.insert(module.name());
        return;
      }
      if (!found->second || !recursive_) return;
    }
    for (const auto& child : module.children()) collect_missing(*child, missing);
  }

  ConvertedModule convert(const std::shared_ptr<torch::nn::Module>& module,
                          const torch::nn::AnyModule* callable) const {
    auto unchanged = [&] {
      return ConvertedModule{module, callable ? *callable : torch::nn::AnyModule()};
    };
    if (is_left_alone(*module)) return unchanged();
    if (is_container(*module)) {
      rebuild_container(module);
      return unchanged();
    }
    const auto& converter = map_.at(typeid(*module));
    if (!converter) return unchanged();
    auto converted = converter(module);
    if (recursive_) convert_children(*converted.module);
    return converted;
  }

 private:
  void convert_children(torch::nn::Module& parent) const {
    for (const auto& child : parent.named_children()) {
      auto converted = convert(child.value(), nullptr);
      if (converted.module != child.value()) parent.replace_module(child.key(), converted.module);
    }
  }

  // Containers are rebuilt into a fresh object that is then assigned over the old one, so every
  // holder of the container sees the converted elements (Sequential::forward included).
  void rebuild_container(const std::shared_ptr<torch::nn::Module>& module) const {
    if (auto* sequential = dynamic_cast<torch::nn::SequentialImpl*>(module.get())) {
      torch::nn::SequentialImpl rebuilt;
      const auto names = sequential->named_children().keys();
      size_t index = 0;
      for (auto& element : *sequential) {
        auto converted = convert(element.ptr(), &element);
        rebuilt.push_back(names.at(index++), converted.callable);
      }
      copy_container_state(*sequential, rebuilt);
      *sequential = rebuilt;
    } else if (auto* list = dynamic_cast<torch::nn::ModuleListImpl*>(module.get())) {
      torch::nn::ModuleListImpl rebuilt;
      for (const auto& element : *list) rebuilt.push_back(convert(element, nullptr).module);
      copy_container_state(*list, rebuilt);
      *list = rebuilt;
    } else if (auto* dict = dynamic_cast<torch::nn::ModuleDictImpl*>(module.get())) {
      std::vector<std::pair<std::string, std::shared_ptr<torch::nn::Module>>> converted;
      for (const auto& item : dict->items()) {
        converted.emplace_back(item.first, convert(item.second, nullptr).module);
      }
      torch::nn::ModuleDictImpl rebuilt(converted);
      copy_container_state(*dict, rebuilt);
      *dict = rebuilt;
    }
  }

  static void copy_container_state(const torch::nn::Module& from, torch::nn::Module& to) {
    if (!from.is_training()) to.eval();
  }

  ModuleConversionMap map_;
  bool recursive_;
};

}  // namespace

void register_module_conversion(std::type_index float_type, ModuleConverter converter) {
  std::lock_guard<std::mutex> lock(registry_mutex());
  registered_conversions()[float_type] = std::move(converter);
}

ModuleConversionMap quantized_module_map() {
  std::lock_guard<std::mutex> lock(registry_mutex());
  return registered_conversions();
}

std::shared_ptr<torch::nn::Module> quantize_model(const std::shared_ptr<torch::nn::Module>& model,
                                                  const QuantizeModelOptions& options) {
  TORCH_CHECK(model, "quantize_model needs a module");
  ModuleConversionMap map =
      options.ignore_global_module_map() ? ModuleConversionMap() : quantized_module_map();
  for (const auto& entry : options.extra_conversion()) map[entry.first] = entry.second;
  const ModelQuantizer quantizer(std::move(map), options.recursive());

  std::set<std::string> missing;
  quantizer.collect_missing(*model, missing);
  if (!missing.empty()) {
    std::string message = "quantize_model: no quantized module is registered for";
    const char* separator = " ";
    for (const auto& type : missing) {
      message += separator + type;
      separator = ", ";
    }
    throw QuantizationError(message);
  }
  return quantizer.convert(model, nullptr).module;
}

}  // namespace fastforward::nn
