"""Python operators on tensors: unary - + ~, // % ** << >> & | ^ and reflected forms."""

import torch


class OpNet(torch.nn.Module):
    def forward(self, x: torch.Tensor, bits: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        a = -x + (+x) * 2
        b = 3.0 - x
        c = 2 ** x
        d = x // 0.5 + x % 0.75
        e = 1.0 / (x.abs() + 1.0)
        f = (bits << 2) | (bits >> 1)
        g = (bits & 6) ^ ~bits
        return a + b + c + d + e, f + g


def make_model(cls=None):
    torch.manual_seed(0)
    return (cls or OpNet)()


def make_inputs():
    torch.manual_seed(1)
    return [(torch.randn(3, 4), torch.randint(0, 16, (3, 4)))]
