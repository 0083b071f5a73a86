import fastforward
from elsewhere import external_helper
from helper_near_misses import Box, Net, helper


class QuantizedNet(fastforward.nn.QuantizedModule, Net):
    def __init_quantization__(self) -> None:
        super().__init_quantization__()

    def forward(self, x, box):
        a = external_helper(x)
        b = box.helper(x)
        c = Box(x)
        d = self.inherited(x)
        f = helper
        return a, b, c, d, f
