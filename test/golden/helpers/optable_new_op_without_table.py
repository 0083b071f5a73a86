# ffquant-args: --no-type-inference
# The same module without the custom table: F.bilinear is not an op, nothing changes.
import torch
import torch.nn.functional as F


class MyBilinear(torch.nn.Bilinear):
    def forward(self, input1: torch.Tensor, input2: torch.Tensor) -> torch.Tensor:
        return F.bilinear(input1, input2, self.weight, self.bias)
