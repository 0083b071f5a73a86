// A residual block declared in a header; its constructor and forward are in split_block.cpp.
// ffquant-golden: not an input (split_block.cpp is; it includes this header)
#pragma once

#include <torch/torch.h>

torch::nn::Conv2d conv1x1(int64_t in, int64_t out);

class SplitBlockImpl : public torch::nn::Module {
 public:
  explicit SplitBlockImpl(int64_t channels);
  torch::Tensor forward(const torch::Tensor& x);

 private:
  torch::nn::Conv2d project{nullptr};
  double scale_ = 0.5;
};
TORCH_MODULE(SplitBlock);
