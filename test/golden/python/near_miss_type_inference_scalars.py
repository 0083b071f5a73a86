import torch


class Scalars(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.scale: float = 0.5
        self.heads = 8

    def forward(self, x: torch.Tensor, n: int, f: float) -> torch.Tensor:
        m: int = n * 2
        s = self.scale * 2.0
        h = self.heads % 2
        b, t = x.shape
        k = x.size(-1) // 2
        neg = -n
        return x * s + m
