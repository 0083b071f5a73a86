# ffquant-args: --no-type-inference
import torch


class ForLoop(torch.nn.Module):
    def forward(self, xs, y):
        acc = y.new_zeros(1)
        for a, b in xs:
            acc = acc + torch.relu(a) * b
        for i in range(3):
            y = y * 2
        return acc, y
