"""A small Python model; the build generates its quantized version as an artifact."""

import torch
import torch.nn.functional as F


class TinyConvNet(torch.nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.conv = torch.nn.Conv2d(3, 8, 3, padding=1)
        self.fc = torch.nn.Linear(8, 10)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        y = F.relu(self.conv(x))
        y = y.mean(dim=(2, 3))
        return self.fc(y)
