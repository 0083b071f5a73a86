"""Loops: for over range, for over a list of tensors, while with break/continue."""

import torch
import torch.nn.functional as F


class LoopNet(torch.nn.Module):
    def __init__(self, n: int, steps: int) -> None:
        super().__init__()
        self.steps = steps
        self.weight = torch.nn.Parameter(torch.randn(n, n) / n)
        self.bias = torch.nn.Parameter(torch.randn(n))

    def forward(self, x: torch.Tensor, extras: list[torch.Tensor]) -> torch.Tensor:
        for _ in range(self.steps):
            x = F.linear(x, self.weight, self.bias)
            x = torch.relu(x)
        for e in extras:
            x = x + e
        i = 0
        while True:
            i += 1
            if i % 2 == 0:
                continue
            x = x * 0.5
            if i >= 5:
                break
        acc = torch.zeros_like(x)
        k = 0
        while k < 3:
            acc = acc + x * k
            k += 1
        return acc


def make_model(cls=None):
    torch.manual_seed(0)
    return (cls or LoopNet)(6, 3)


def make_inputs():
    torch.manual_seed(1)
    return [(torch.randn(2, 6), [torch.randn(2, 6) for _ in range(3)]),
            (torch.randn(5, 6), [])]
