#include <torch/torch.h>

struct MethodsImpl : torch::nn::Module {
  torch::Tensor forward(torch::Tensor x) {
    auto y = block(x);
    return torch::relu(y);
  }
  torch::Tensor block(torch::Tensor x) { return torch::sigmoid(x) * x; }
};
