# ffquant-args: --no-type-inference
# ffquant-args: --pattern "{x} * {y} => {y} + {x}" --pattern "{x} + {y} => {x} - {y}" --pattern "{x} - {y} => {x} * {y}"
# Spec §9: the rules cycle on `ant + bat`; the guard stops before a text repeats: `bat * ant`.
import torch


class Model(torch.nn.Module):
    def forward(self, ant, bat):
        return ant + bat
