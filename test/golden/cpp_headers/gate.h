// A module class defined in a header: the quantized copy is a header too, including this one.
#pragma once

#include <torch/torch.h>

struct GateImpl : torch::nn::Module {
  GateImpl() : proj(register_module("proj", torch::nn::Linear(4, 4))) {}
  torch::Tensor forward(const torch::Tensor& x) { return torch::sigmoid(proj(x)) * x; }
  torch::nn::Linear proj{nullptr};
};
TORCH_MODULE(Gate);
