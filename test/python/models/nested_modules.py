"""Nested modules: a block class used by a net class, a ModuleList of blocks, Linear/Conv2d."""

import torch
import torch.nn.functional as F


class Block(torch.nn.Module):
    def __init__(self, n: int) -> None:
        super().__init__()
        self.fc = torch.nn.Linear(n, n)
        self.weight = torch.nn.Parameter(torch.randn(n, n) / n)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        h = self.fc(x)
        h = F.linear(h, self.weight)
        return x + torch.relu(h)


class Stem(torch.nn.Module):
    def __init__(self, channels: int) -> None:
        super().__init__()
        self.conv = torch.nn.Conv2d(1, channels, 3, padding=1)

    def forward(self, img: torch.Tensor) -> torch.Tensor:
        y = self.conv(img)
        y = F.max_pool2d(y, 2)
        return torch.flatten(y, 1)


class NestedNet(torch.nn.Module):
    def __init__(self, channels: int = 2, depth: int = 3) -> None:
        super().__init__()
        self.stem = Stem(channels)
        n = channels * 4 * 4
        self.blocks = torch.nn.ModuleList([Block(n) for _ in range(depth)])
        self.head = Block(n)

    def forward(self, img: torch.Tensor) -> torch.Tensor:
        x = self.stem(img)
        for block in self.blocks:
            x = block(x)
        return self.head(x)


def make_model(cls=None):
    torch.manual_seed(0)
    return (cls or NestedNet)(2, 3)


def make_inputs():
    torch.manual_seed(1)
    return [(torch.randn(2, 1, 8, 8),)]
