// Compiles only with -DFFQUANT_TEST_WIDTH=..., which the test gives through compile_commands.json.
#include <torch/torch.h>

struct WideImpl : torch::nn::Module {
  WideImpl() : fc(register_module("fc", torch::nn::Linear(FFQUANT_TEST_WIDTH, FFQUANT_TEST_WIDTH))) {}
  torch::Tensor forward(torch::Tensor x) { return torch::relu(fc(x)); }
  torch::nn::Linear fc{nullptr};
};
