// An LSTM language model: an LSTM passed through unquantized, tuples unpacked with std::tie.
#include <torch/torch.h>

struct LanguageModelImpl : torch::nn::Module {
  LanguageModelImpl(int64_t vocab, int64_t hidden)
      : embed(register_module("embed", torch::nn::Embedding(vocab, hidden))),
        lstm(register_module("lstm", torch::nn::LSTM(torch::nn::LSTMOptions(hidden, hidden).batch_first(true)))),
        out(register_module("out", torch::nn::Linear(hidden, vocab))) {}

  std::tuple<torch::Tensor, torch::Tensor> forward(const torch::Tensor& tokens) {
    torch::Tensor output;
    std::tuple<torch::Tensor, torch::Tensor> state;
    std::tie(output, state) = lstm->forward(embed(tokens));
    auto logits = out(output) * 2.0;
    return std::make_tuple(torch::log_softmax(logits, -1), std::get<0>(state));
  }

  torch::nn::Embedding embed{nullptr};
  torch::nn::LSTM lstm{nullptr};
  torch::nn::Linear out{nullptr};
};
TORCH_MODULE(LanguageModel);
