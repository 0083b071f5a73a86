import fastforward
from self_reference import Net, apply


def quantized_self_ref(x, depth, *, quantizer_mul: fastforward.nn.Quantizer, quantizer_x: fastforward.nn.Quantizer):
    x = quantizer_x(x)
    if depth > 0:
        return apply(quantized_self_ref, x)
    return fastforward.nn.functional.mul(x, 3, output_quantizer=quantizer_mul)


class QuantizedNet(fastforward.nn.QuantizedModule, Net):
    def __init_quantization__(self) -> None:
        super().__init_quantization__()
        self.quantizer_self_ref_mul: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_self_ref_x: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()

    def forward(self, x):
        return quantized_self_ref(x, 1, quantizer_mul=self.quantizer_self_ref_mul, quantizer_x=self.quantizer_self_ref_x)
