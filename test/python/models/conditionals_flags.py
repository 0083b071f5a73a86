"""Conditionals on flags with the other branches taken (complements conditionals.py)."""

import torch


class Gate(torch.nn.Module):
    def __init__(self, mode: str, use_bias: bool) -> None:
        super().__init__()
        self.mode = mode
        self.use_bias = use_bias

    def forward(self, x: torch.Tensor, scale: float) -> torch.Tensor:
        if self.mode == "square":
            y = x * x
        elif self.mode == "neg":
            y = -x
        else:
            y = torch.sigmoid(x)
        if not self.use_bias:
            y = y - scale
        else:
            y = y + scale
        return torch.exp(y) if scale > 0 else torch.cos(y)


class FlagNet(torch.nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.a = Gate("square", False)
        self.b = Gate("neg", True)
        self.c = Gate("other", False)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.a(x, 0.5) + self.b(x, -1.0) + self.c(x, 2.0)


def make_model(cls=None):
    torch.manual_seed(0)
    return (cls or FlagNet)()


def make_inputs():
    torch.manual_seed(1)
    return [(torch.randn(3, 4),)]
