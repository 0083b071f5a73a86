// Saving and loading quantizer state, and loading float checkpoints into quantized models.
#pragma once

#include <torch/torch.h>

#include <map>
#include <string>
#include <vector>

namespace fastforward::quantization {

/// Parameters and buffers of every non-stub quantizer under `module`, keyed
/// "<quantizer path>.<name>" (e.g. "0.weight_quantizer.scale"), as FastForward's
/// quantizer_state_dict.
std::map<std::string, at::Tensor> quantizer_state_dict(const torch::nn::Module& module);

/// Copies matching entries into the quantizers under `module`, materializing lazy parameters to
/// the stored shape. Returns the keys of `state` that matched no quantizer tensor.
std::vector<std::string> load_quantizer_state_dict(torch::nn::Module& module,
                                                   const std::map<std::string, at::Tensor>& state);

/// Writes quantizer_state_dict(module) to `path` (torch pickle format, a dict of tensors that
/// Python's torch.load also reads). Quantizer types and options are not stored: load into a model
/// whose quantizers were configured the same way.
void save_quantizer_state(const torch::nn::Module& module, const std::string& path);
/// Reads a file written by save_quantizer_state; every stored key must match a quantizer tensor.
void load_quantizer_state(torch::nn::Module& module, const std::string& path);

/// Loads a checkpoint written by `torch::save(float_model, path)` into a model whose parameters
/// and buffers have the same names (a quantized model built from the float one), ignoring the
/// quantizers. Every non-quantizer parameter and buffer must be present in the checkpoint.
void load_float_checkpoint(torch::nn::Module& model, const std::string& path);

}  // namespace fastforward::quantization
