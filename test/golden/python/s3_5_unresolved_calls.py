# ffquant-args: --no-type-inference
import torch


class Unresolved(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.l1 = torch.nn.Linear(4, 4)

    def forward(self, x, fn):
        h = self.l1(x)
        g = fn(h)
        v = h.view(-1)
        return torch.relu(h) + g + v
