import fastforward
from recursion import Net


def quantized_rec(x, n, *, quantizer_mul: fastforward.nn.Quantizer, quantizer_sub: fastforward.nn.Quantizer, quantizer_x: fastforward.nn.Quantizer, quantizer_n: fastforward.nn.Quantizer):
    x = quantizer_x(x)
    n = quantizer_n(n)
    if n == 0:
        return x
    _tmp_1 = fastforward.nn.functional.mul(x, 2, output_quantizer=quantizer_mul)
    _tmp_2 = fastforward.nn.functional.sub(n, 1, output_quantizer=quantizer_sub)
    return quantized_rec(_tmp_1, _tmp_2, quantizer_mul=quantizer_mul, quantizer_sub=quantizer_sub, quantizer_x=quantizer_x, quantizer_n=quantizer_n)


class QuantizedNet(fastforward.nn.QuantizedModule, Net):
    def __init_quantization__(self) -> None:
        super().__init_quantization__()
        self.quantizer_rec_mul: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_rec_sub: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_rec_x: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_rec_n: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()

    def forward(self, x):
        return quantized_rec(x, 3, quantizer_mul=self.quantizer_rec_mul, quantizer_sub=self.quantizer_rec_sub, quantizer_x=self.quantizer_rec_x, quantizer_n=self.quantizer_rec_n)
