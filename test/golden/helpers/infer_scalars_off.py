# ffquant-args: --no-type-inference
import torch


class Net(torch.nn.Module):
    def forward(self, x: torch.Tensor, n: int, f: float, m):
        a = n + 1
        b = -f
        c = int(f) * n
        d = torch.tensor(2.0) * a
        e = m + 1
        return x * c + d + b + e
