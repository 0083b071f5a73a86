import torch
import torch.nn.functional as F


class Net(torch.nn.Module):
    def forward(self, x):
        return F.relu(x) + 1
