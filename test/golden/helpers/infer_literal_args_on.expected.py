import fastforward
from infer_literal_args_on import Net, helper


def quantized_other(x, *, quantizer_add: fastforward.nn.Quantizer, quantizer_x: fastforward.nn.Quantizer):
    x = quantizer_x(x)
    return fastforward.nn.functional.add(x, 1, output_quantizer=quantizer_add)


class QuantizedNet(fastforward.nn.QuantizedModule, Net):
    def __init_quantization__(self) -> None:
        super().__init_quantization__()
        self.quantizer_mul: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_f: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_y: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_other_add: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_other_x: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()

    def forward(self, x):
        k = helper(1)
        c = 2 * 3
        _tmp_1 = float(k)
        f = _tmp_1 * 0.5
        f = self.quantizer_f(f)
        y = quantized_other(x, quantizer_add=self.quantizer_other_add, quantizer_x=self.quantizer_other_x)
        y = self.quantizer_y(y)
        return fastforward.nn.functional.mul(y, f, output_quantizer=self.quantizer_mul)
