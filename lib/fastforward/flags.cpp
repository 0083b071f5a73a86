// Strict-mode flag and the enable/disable quantization guards.
#include "fastforward/quantization/flags.h"

#include "fastforward/nn/quantized_module.h"

#include <atomic>

namespace fastforward {

namespace {
std::atomic<bool> strict_quantization_flag{true};
}

bool get_strict_quantization() { return strict_quantization_flag.load(); }
void set_strict_quantization(bool strict) { strict_quantization_flag.store(strict); }

StrictQuantization::StrictQuantization(bool strict) : previous_(get_strict_quantization()) {
  set_strict_quantization(strict);
}
StrictQuantization::~StrictQuantization() { set_strict_quantization(previous_); }

namespace quantization {

at::Tensor DisableQuantizationOverride::operator()(nn::Quantizer&,
                                                   const nn::QuantizerCallback& callback,
                                                   const at::Tensor& data) {
  return enabled ? callback(data) : data;
}

DisableQuantization::DisableQuantization(torch::nn::Module& module) {
  for (const auto& entry : nn::named_quantizers(module)) {
    handles_.push_back(
        entry.second->register_override(std::make_shared<DisableQuantizationOverride>()));
  }
}

DisableQuantization::~DisableQuantization() {
  for (auto& handle : handles_) handle.remove();
}

EnableQuantization::EnableQuantization(torch::nn::Module& module) {
  for (const auto& entry : nn::named_quantizers(module, /*skip_stubs=*/false)) {
    for (const auto& attached : entry.second->overrides()) {
      if (auto disabler = std::dynamic_pointer_cast<DisableQuantizationOverride>(attached)) {
        previous_.emplace_back(disabler, disabler->enabled);
        disabler->enabled = true;
      }
    }
  }
}

EnableQuantization::~EnableQuantization() {
  for (auto& [disabler, enabled] : previous_) disabler->enabled = enabled;
}

}  // namespace quantization
}  // namespace fastforward
