// A VAE-like module whose forward calls its own methods; in-place Tensor methods keep their
// in-place meaning; a loop over a ModuleList-free vector of widths.
#include <torch/torch.h>

struct CoderImpl : torch::nn::Module {
  CoderImpl()
      : enc(register_module("enc", torch::nn::Linear(6, 4))),
        dec(register_module("dec", torch::nn::Linear(2, 6))) {}

  std::tuple<torch::Tensor, torch::Tensor> encode(torch::Tensor x) {
    auto h = torch::relu(enc(x));
    return std::make_tuple(h.slice(1, 0, 2), h.slice(1, 2, 4));
  }

  torch::Tensor reparameterize(torch::Tensor mu, torch::Tensor logvar) {
    auto std = logvar.mul(0.5).exp_();
    return mu + std * 0.1;
  }

  torch::Tensor decode(torch::Tensor z) { return torch::sigmoid(dec(z)); }

  torch::Tensor forward(torch::Tensor x) {
    torch::Tensor mu, logvar;
    std::tie(mu, logvar) = encode(x);
    auto z = reparameterize(mu, logvar);
    for (int i = 0; i < 2; ++i) {
      z = z - 0.5;
    }
    return decode(z);
  }

  torch::nn::Linear enc{nullptr}, dec{nullptr};
};
TORCH_MODULE(Coder);
