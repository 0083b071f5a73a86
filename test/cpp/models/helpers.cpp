// Free helper functions called from forward get quantized copies with their quantizers passed
// in; a helper that needs none is called as it is.
#include <torch/torch.h>

torch::Tensor gate(const torch::Tensor& x, const torch::Tensor& y) { return torch::sigmoid(x) * y; }

torch::Tensor twice_gate(torch::Tensor x) { return gate(x, x) + gate(x, x * 0.5); }

int64_t width() { return 3; }

struct GatedImpl : torch::nn::Module {
  GatedImpl() : fc(register_module("fc", torch::nn::Linear(width(), 3))) {}
  torch::Tensor forward(torch::Tensor x) { return twice_gate(fc(x)); }
  torch::nn::Linear fc{nullptr};
};
TORCH_MODULE(Gated);
