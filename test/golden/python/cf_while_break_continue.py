# ffquant-args: --no-type-inference
import torch


def step(x):
    return x


class WhileLoop(torch.nn.Module):
    def forward(self, x, n):
        y = step(x)
        while n > 0:
            n = n - 1
            if n == 3:
                continue
            z = step(y)
            if n == 1:
                y = step(z)
                break
            y = torch.relu(y) * z
        return torch.sigmoid(y)


class ForBreak(torch.nn.Module):
    def forward(self, xs):
        out = None
        for x in xs:
            if x is None:
                continue
            out = torch.relu(x)
            if out.sum() > 0:
                break
        return out
