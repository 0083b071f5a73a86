# ffquant-args: --no-type-inference
import torch


class AugAssign(torch.nn.Module):
    def forward(self, x, y, a, i):
        x += y
        self.acc += y
        a[i] *= y
        x -= 1
        return x
