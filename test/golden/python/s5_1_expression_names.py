# ffquant-args: --no-type-inference
import torch


class ExprNames(torch.nn.Module):
    def forward(self, x, k, y, i):
        a = x * self.w_in
        b = x * k.T
        c = x * y[1 + 2]
        d = x * y[1 - 2]
        e = x * y[2 * 3]
        f = x * y[4 // 2]
        g = x * y[4 / 3]
        h = x * (x, y)[0]
        l = x * [i]
        m = x * y[i][:, 0]
        return a, b, c, d, e, f, g, h, l, m
