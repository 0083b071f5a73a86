# ffquant-args: --no-type-inference
import torch


class Semicolons(torch.nn.Module):
    def forward(self, x, c):
        a = x * 2; b = a + x
        if c: b = torch.relu(b); a = b
        return a - b
