#include <torch/torch.h>

struct ScaledSoftmaxImpl : torch::nn::Module {
  torch::Tensor forward(torch::Tensor x, torch::Tensor y) {
    auto s = x * 2.0 + y;
    return torch::softmax(s, 1);
  }
};
