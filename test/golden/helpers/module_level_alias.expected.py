import fastforward
from module_level_alias import Net


def quantized_h(x, *, quantizer_add: fastforward.nn.Quantizer, quantizer_x: fastforward.nn.Quantizer):
    x = quantizer_x(x)
    return fastforward.nn.functional.add(x, 1, output_quantizer=quantizer_add)


class QuantizedNet(fastforward.nn.QuantizedModule, Net):
    def __init_quantization__(self) -> None:
        super().__init_quantization__()
        self.quantizer_helper_add: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_helper_x: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()

    def forward(self, x):
        return quantized_h(x, quantizer_add=self.quantizer_helper_add, quantizer_x=self.quantizer_helper_x)
