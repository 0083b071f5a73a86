import torch


class A(torch.nn.Module):
    def forward(self, x):
        return x +
