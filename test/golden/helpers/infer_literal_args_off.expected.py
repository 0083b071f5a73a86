import fastforward
from infer_literal_args_off import Net


def quantized_helper(n, *, quantizer_mul: fastforward.nn.Quantizer, quantizer_n: fastforward.nn.Quantizer):
    n = quantizer_n(n)
    return fastforward.nn.functional.mul(n, 2, output_quantizer=quantizer_mul)


def quantized_other(x, *, quantizer_add: fastforward.nn.Quantizer, quantizer_x: fastforward.nn.Quantizer):
    x = quantizer_x(x)
    return fastforward.nn.functional.add(x, 1, output_quantizer=quantizer_add)


class QuantizedNet(fastforward.nn.QuantizedModule, Net):
    def __init_quantization__(self) -> None:
        super().__init_quantization__()
        self.quantizer_mul_1: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_mul_2: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer__tmp_1: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_y: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_helper_mul: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_helper_n: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_other_add: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_other_x: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()

    def forward(self, x):
        k = quantized_helper(1, quantizer_mul=self.quantizer_helper_mul, quantizer_n=self.quantizer_helper_n)
        c = 2 * 3
        _tmp_1 = float(k)
        _tmp_1 = self.quantizer__tmp_1(_tmp_1)
        f = fastforward.nn.functional.mul(_tmp_1, 0.5, output_quantizer=self.quantizer_mul_1)
        y = quantized_other(x, quantizer_add=self.quantizer_other_add, quantizer_x=self.quantizer_other_x)
        y = self.quantizer_y(y)
        return fastforward.nn.functional.mul(y, f, output_quantizer=self.quantizer_mul_2)
