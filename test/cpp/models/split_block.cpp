// The definitions of the block declared in split_block.h (issue 7: a class in a header with its
// constructor and forward defined in a .cpp, private members, a free function returning a Conv2d).
#include "split_block.h"

torch::nn::Conv2d conv1x1(int64_t in, int64_t out) {
  return torch::nn::Conv2d(torch::nn::Conv2dOptions(in, out, 1));
}

SplitBlockImpl::SplitBlockImpl(int64_t channels)
    : project(register_module("project", conv1x1(channels, channels))) {}

torch::Tensor SplitBlockImpl::forward(const torch::Tensor& x) {
  auto y = project(x) * scale_;
  return torch::sigmoid(y + x);
}
