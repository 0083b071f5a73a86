# Type inference on (the default).
import torch


class Net(torch.nn.Module):
    def forward(self, t: torch.Tensor) -> torch.Tensor:
        x, y, z = t.shape
        w = x * y + z
        a, b = t.size()
        c = a - b
        n = t.size(0)
        m = n // 2
        s = t.shape
        u, v = s
        k = -u
        return t.reshape(w, c, m, k)
