# ffquant-args: --no-type-inference
import torch


class KeyAfterIsolation(torch.nn.Module):
    def forward(self, x, y, i):
        return x * y[i + 1]
