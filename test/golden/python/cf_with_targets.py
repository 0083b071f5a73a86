# ffquant-args: --no-type-inference
import torch


def ctx(x):
    return x


class WithTargets(torch.nn.Module):
    def forward(self, x, y):
        with ctx(x) as xx, ctx(y) as yy:
            out = torch.relu(xx) + yy
        with torch.no_grad():
            out = out * 2
        with ctx(x) as (p, q):
            r = p - q
        return out, r
