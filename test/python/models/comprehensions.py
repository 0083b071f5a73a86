"""Comprehensions, torch.cat, torch.stack, tuple returns, conditional expressions."""

import torch


class Branch(torch.nn.Module):
    def __init__(self, n: int) -> None:
        super().__init__()
        self.proj = torch.nn.Linear(n, n)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.relu(self.proj(x))


class CompNet(torch.nn.Module):
    def __init__(self, n: int, k: int) -> None:
        super().__init__()
        self.branches = torch.nn.ModuleList([Branch(n) for _ in range(k)])

    def forward(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor, int]:
        outs = [b(x) for b in self.branches]
        scaled = [o * w for w, o in zip([1.0, 2.0, 3.0], outs)]
        pos = [o for o in scaled if o.sum() > 0]
        joined = torch.cat(scaled, dim=-1)
        stacked = torch.stack([o.sum(-1) for o in outs], dim=0)
        by_name = {f"b{i}": o.mean() for i, o in enumerate(outs)}
        total = sum(v for v in by_name.values())
        return joined + total, stacked if len(pos) > 0 else -stacked, len(pos)


def make_model(cls=None):
    torch.manual_seed(0)
    return (cls or CompNet)(4, 3)


def make_inputs():
    torch.manual_seed(1)
    return [(torch.randn(2, 4),), (-torch.ones(2, 4),)]
