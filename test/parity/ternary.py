import torch


class Ternary(torch.nn.Module):
    def forward(self, x, flag: bool):
        y = torch.relu(x) if flag else torch.sigmoid(x)
        return y + x
