"""A small residual network: the bundled example that the README's first command quantizes."""

import torch
import torch.nn.functional as F
from torch import nn


def scaled_residual(x: torch.Tensor, residual: torch.Tensor, scale: float) -> torch.Tensor:
    """Adds a scaled residual. `scale` is a float, but it feeds a quantized `mul`, so it is quantized."""
    return x + residual * scale


class ResidualBlock(nn.Module):
    def __init__(self, channels: int) -> None:
        super().__init__()
        self.conv1 = nn.Conv2d(channels, channels, 3, padding=1)
        self.conv2 = nn.Conv2d(channels, channels, 3, padding=1)
        self.scale: float = 0.5

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        out = F.relu(self.conv1(x))
        out = self.conv2(out)
        return F.relu(scaled_residual(out, x, self.scale))


class TinyResNet(nn.Module):
    def __init__(self, channels: int = 8, blocks: int = 2, classes: int = 10) -> None:
        super().__init__()
        self.stem = nn.Conv2d(3, channels, 3, padding=1)
        self.blocks = nn.ModuleList([ResidualBlock(channels) for _ in range(blocks)])
        self.head = nn.Linear(channels, classes)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = F.relu(self.stem(x))
        for block in self.blocks:
            x = block(x)
        if x.shape[-1] > 1:
            x = F.avg_pool2d(x, x.shape[-1])
        x = x.flatten(1)
        return F.softmax(self.head(x), dim=-1)
