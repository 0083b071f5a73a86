# ffquant-args: --no-type-inference --pattern "torch.relu({a}) => torch.sigmoid({a})"
# Matching ignores whitespace, comments and trailing commas.
import torch


class Model(torch.nn.Module):
    def forward(self, x):
        a = torch.relu(x)
        b = torch.relu(
            x,  # trailing comma and a comment
        )
        c = torch . relu ( a )
        return a + b + c
