"""Conditionals: if/elif/else on shapes and on constructor flags, conditional expressions."""

import torch
import torch.nn.functional as F


class CondNet(torch.nn.Module):
    def __init__(self, mode: str, use_bias: bool) -> None:
        super().__init__()
        self.mode = mode
        self.use_bias = use_bias
        self.weight = torch.nn.Parameter(torch.randn(4, 4))
        self.bias = torch.nn.Parameter(torch.randn(4))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if x.shape[0] > 2:
            y = torch.relu(x)
        elif x.shape[0] == 2:
            y = torch.sigmoid(x)
        else:
            y = x * 2.0
        if self.mode == "linear":
            y = F.linear(y, self.weight, self.bias if self.use_bias else None)
        elif self.mode == "square":
            y = y * y
        else:
            y = -y
        z = y + 1.0 if self.use_bias else y - 1.0
        if x.dim() == 2 and not self.use_bias:
            z = z.sum(1)
        return z


def make_model(cls=None):
    torch.manual_seed(0)
    return (cls or CondNet)("linear", True)


def make_inputs():
    torch.manual_seed(1)
    return [(torch.randn(3, 4),), (torch.randn(2, 4),), (torch.randn(1, 4),)]
