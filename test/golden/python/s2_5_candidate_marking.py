# ffquant-args: --no-type-inference
import torch


class Marking(torch.nn.Module):
    def forward(self, x, n):
        a = x + 1
        b = -x
        c = ~x
        d = not x
        s = "%d" % n
        e = +x
        return a, b, c, d, s, e
