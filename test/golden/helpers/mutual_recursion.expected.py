import fastforward
from mutual_recursion import Net


def quantized_even(x, n, *, quantizer_add: fastforward.nn.Quantizer, quantizer_sub: fastforward.nn.Quantizer, quantizer_x: fastforward.nn.Quantizer, quantizer_n: fastforward.nn.Quantizer, quantizer_odd_mul: fastforward.nn.Quantizer, quantizer_odd_sub: fastforward.nn.Quantizer, quantizer_odd_x: fastforward.nn.Quantizer, quantizer_odd_n: fastforward.nn.Quantizer):
    x = quantizer_x(x)
    n = quantizer_n(n)
    if n == 0:
        return fastforward.nn.functional.add(x, 1, output_quantizer=quantizer_add)
    _tmp_1 = fastforward.nn.functional.sub(n, 1, output_quantizer=quantizer_sub)
    return quantized_odd(x, _tmp_1, quantizer_mul=quantizer_odd_mul, quantizer_sub=quantizer_odd_sub, quantizer_x=quantizer_odd_x, quantizer_n=quantizer_odd_n, quantizer_even_add=quantizer_add, quantizer_even_sub=quantizer_sub, quantizer_even_x=quantizer_x, quantizer_even_n=quantizer_n)


def quantized_odd(x, n, *, quantizer_mul: fastforward.nn.Quantizer, quantizer_sub: fastforward.nn.Quantizer, quantizer_x: fastforward.nn.Quantizer, quantizer_n: fastforward.nn.Quantizer, quantizer_even_add: fastforward.nn.Quantizer, quantizer_even_sub: fastforward.nn.Quantizer, quantizer_even_x: fastforward.nn.Quantizer, quantizer_even_n: fastforward.nn.Quantizer):
    x = quantizer_x(x)
    n = quantizer_n(n)
    _tmp_2 = fastforward.nn.functional.mul(x, 2, output_quantizer=quantizer_mul)
    _tmp_3 = fastforward.nn.functional.sub(n, 1, output_quantizer=quantizer_sub)
    return quantized_even(_tmp_2, _tmp_3, quantizer_add=quantizer_even_add, quantizer_sub=quantizer_even_sub, quantizer_x=quantizer_even_x, quantizer_n=quantizer_even_n, quantizer_odd_mul=quantizer_mul, quantizer_odd_sub=quantizer_sub, quantizer_odd_x=quantizer_x, quantizer_odd_n=quantizer_n)


class QuantizedNet(fastforward.nn.QuantizedModule, Net):
    def __init_quantization__(self) -> None:
        super().__init_quantization__()
        self.quantizer_even_add: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_even_sub: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_even_x: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_even_n: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_even_odd_mul: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_even_odd_sub: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_even_odd_x: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_even_odd_n: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()

    def forward(self, x):
        return quantized_even(x, 4, quantizer_add=self.quantizer_even_add, quantizer_sub=self.quantizer_even_sub, quantizer_x=self.quantizer_even_x, quantizer_n=self.quantizer_even_n, quantizer_odd_mul=self.quantizer_even_odd_mul, quantizer_odd_sub=self.quantizer_even_odd_sub, quantizer_odd_x=self.quantizer_even_odd_x, quantizer_odd_n=self.quantizer_even_odd_n)
