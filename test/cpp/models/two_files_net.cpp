// A net in its own file using the block of split_block.h/.cpp: converted together in one run
// (`ffquant autoquantize split_block.cpp two_files_net.cpp`), the copy uses the block's copy.
// ffquant-golden: not an input (the multi-file run is tested by test/cpp/CMakeLists.txt)
#include "split_block.h"

struct TwoFilesNetImpl : torch::nn::Module {
  TwoFilesNetImpl() : block(register_module("block", SplitBlock(3))) {}
  torch::Tensor forward(torch::Tensor x) { return torch::relu(block(x)); }
  SplitBlock block{nullptr};
};
TORCH_MODULE(TwoFilesNet);
