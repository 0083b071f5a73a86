// Global quantization flags (strict mode) and the RAII guards that enable or disable quantization.
#pragma once

#include "fastforward/nn/quantizer.h"

#include <memory>
#include <vector>

namespace fastforward {

/// Strict mode (default on): functional ops require an output quantizer (a stub counts).
bool get_strict_quantization();
/// Sets strict mode permanently; prefer the StrictQuantization guard.
void set_strict_quantization(bool strict);

/// Sets strict mode on construction and restores the previous value on destruction.
class StrictQuantization {
 public:
  explicit StrictQuantization(bool strict);
  ~StrictQuantization();
  StrictQuantization(const StrictQuantization&) = delete;
  StrictQuantization& operator=(const StrictQuantization&) = delete;

 private:
  bool previous_;
};

namespace quantization {

/// Override that returns the data unquantized while disabled. Starts disabled.
class DisableQuantizationOverride : public nn::QuantizerOverride {
 public:
  at::Tensor operator()(nn::Quantizer& quantizer, const nn::QuantizerCallback& callback,
                        const at::Tensor& data) override;
  bool enabled = false;
};

/// Disables every non-stub quantizer under `module` (and turns strict mode off) for its lifetime.
class DisableQuantization {
 public:
  explicit DisableQuantization(torch::nn::Module& module);
  ~DisableQuantization();
  DisableQuantization(const DisableQuantization&) = delete;
  DisableQuantization& operator=(const DisableQuantization&) = delete;

 private:
  std::vector<nn::OverrideHandle> handles_;
  StrictQuantization strict_off_{false};
};

/// Re-enables, for its lifetime, the quantizers under `module` that a DisableQuantization guard
/// disabled; nesting gives e.g. a quantized branch inside a float model.
class EnableQuantization {
 public:
  explicit EnableQuantization(torch::nn::Module& module);
  ~EnableQuantization();
  EnableQuantization(const EnableQuantization&) = delete;
  EnableQuantization& operator=(const EnableQuantization&) = delete;

 private:
  std::vector<std::pair<std::shared_ptr<DisableQuantizationOverride>, bool>> previous_;
};

}  // namespace quantization
}  // namespace fastforward
