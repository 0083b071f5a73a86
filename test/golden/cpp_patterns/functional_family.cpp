// ffquant-args: --pattern "torch::nn::functional::{func}({a}, {b}) => my_own::{func}({a}, {b})"
// The tutorial's pattern, for C++: a placeholder matches a name component or a whole expression;
// comments and whitespace do not matter; a call with three arguments is a near miss.
#include <torch/torch.h>

namespace my_own {
torch::Tensor conv2d(const torch::Tensor& a, const torch::Tensor& b) { return a * b; }
torch::Tensor linear(const torch::Tensor& a, const torch::Tensor& b) { return a + b; }
} // namespace my_own

struct ExampleImpl : torch::nn::Module {
  torch::Tensor forward(torch::Tensor x) {
    auto y = torch::nn::functional::conv2d(x, x);
    auto z = torch::nn::functional::linear(y, /* weight */ y);
    return torch::nn::functional::linear(z, z, z);
  }
};
