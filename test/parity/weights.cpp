#include <torch/torch.h>

struct WeightsImpl : torch::nn::Module {
  WeightsImpl() {
    weight = register_parameter("weight", torch::randn({4, 4}));
    bias = register_parameter("bias", torch::randn({4}));
  }
  torch::Tensor forward(torch::Tensor x) { return torch::nn::functional::linear(x, weight, bias); }
  torch::Tensor weight, bias;
};
