"""`with torch.no_grad():`, try/except/finally, assert."""

import torch
import torch.nn.functional as F


class CtxNet(torch.nn.Module):
    def __init__(self, n: int) -> None:
        super().__init__()
        self.weight = torch.nn.Parameter(torch.randn(n, n))
        self.register_buffer("running", torch.zeros(n))

    def forward(self, x: torch.Tensor, idx: int) -> torch.Tensor:
        assert x.dim() == 2
        with torch.no_grad():
            stats = x.mean(0)
            ref = F.linear(x, self.weight)
        try:
            row = x[idx]
        except IndexError:
            row = torch.zeros_like(x[0])
        finally:
            base = ref * 0.5
        try:
            extra = torch.cat([x, row.unsqueeze(0)], dim=1)
        except RuntimeError:
            extra = x + row
        return base + extra + stats


def make_model(cls=None):
    torch.manual_seed(0)
    return (cls or CtxNet)(3)


def make_inputs():
    torch.manual_seed(1)
    return [(torch.randn(4, 3), 2), (torch.randn(4, 3), 10)]
