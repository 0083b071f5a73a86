# ffquant-args: --no-type-inference
import torch


def risky(x):
    return x


class TryForms(torch.nn.Module):
    def forward(self, x, y):
        try:
            a = risky(x)
            b = a * 2
        except ValueError as e:
            b = y * 3
        else:
            b = b + 1
        finally:
            c = y - 1
        return torch.relu(x) * y


class TryDefinitionsSurvive(torch.nn.Module):
    def forward(self, x):
        try:
            h = risky(x)
            g = risky(h)
        except ValueError:
            h = x.view(-1)
        finally:
            f = risky(x)
        return torch.relu(h) + f
