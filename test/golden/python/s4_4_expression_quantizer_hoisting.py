# ffquant-args: --no-type-inference
import torch
import torch.nn.functional as F


class AllBranches(torch.nn.Module):
    def forward(self, x, c, d):
        if c:
            x = F.linear(x, self.weight, self.bias)
        elif d:
            x = F.linear(x, self.weight, self.alt_bias)
        else:
            x = F.linear(x, self.weight)
        return x


class SingleIf(torch.nn.Module):
    def forward(self, x, c):
        if c:
            x = F.linear(x, self.weight)
        return x


class TwoIfs(torch.nn.Module):
    def forward(self, x, c, d):
        if c:
            x = x * self.scale
        if d:
            x = x + self.shift
        return x


class InLoop(torch.nn.Module):
    def forward(self, x, n):
        for i in range(n):
            x = x * self.scale
        return x


class Reassign(torch.nn.Module):
    def forward(self, q, k):
        k = _repeat(k)
        # comment stays below the quantizer
        s = q @ k.T
        return s


def _repeat(k):
    return k


class Inline(torch.nn.Module):
    def forward(self, y, idx, flag, length):
        a = y[idx] * 0
        b = [flag] * length
        return a, b


class Root(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.m1 = AllBranches()
        self.m2 = SingleIf()
        self.m3 = TwoIfs()
        self.m4 = InLoop()
        self.m5 = Reassign()
        self.m6 = Inline()

    def forward(self, x):
        return x
