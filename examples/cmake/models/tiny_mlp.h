// A small LibTorch model; the build generates its quantized copy (QuantizedTinyMlp).
#pragma once

#include <torch/torch.h>

#include "tiny_mlp_config.h"

struct TinyMlpImpl : torch::nn::Module {
  TinyMlpImpl(int64_t in, int64_t hidden, int64_t out)
      : fc1(register_module("fc1", torch::nn::Linear(in, hidden))),
        fc2(register_module("fc2", torch::nn::Linear(hidden, out))) {}

  torch::Tensor forward(torch::Tensor x) {
    auto h = torch::relu(fc1(x));
    return fc2(h) + x.sum(1, /*keepdim=*/true) * kSkipScale;
  }

  torch::nn::Linear fc1{nullptr}, fc2{nullptr};
};
TORCH_MODULE(TinyMlp);
