# ffquant-args: --no-type-inference
import torch


def foo(x):
    return x


class SpecExample(torch.nn.Module):
    def forward(self, x, c):
        if c:
            x = foo(x)
        return torch.relu(x)


class Exhaustive(torch.nn.Module):
    def forward(self, x, c, d):
        if c:
            y = foo(x)
        elif d:
            y = torch.sigmoid(x)
        else:
            y = x.view(-1)
        return torch.relu(y)


class EarlyReturn(torch.nn.Module):
    def forward(self, x, c):
        y = foo(x)
        if c:
            y = x.view(-1)
            return y
        if x is None:
            raise ValueError("no")
        return torch.relu(y)

