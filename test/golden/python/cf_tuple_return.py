# ffquant-args: --no-type-inference
import torch


class TupleReturn(torch.nn.Module):
    def forward(self, x, y):
        h = self.z
        return x + y, torch.sigmoid(x), h, (x, y)

    def pair(self, x):
        return x, x
