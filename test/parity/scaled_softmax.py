import torch


class ScaledSoftmax(torch.nn.Module):
    def forward(self, x, y):
        s = x * 2.0 + y
        return torch.softmax(s, 1)
