import fastforward
from helper_signatures import Net


def quantized_with_kwonly(x, *, alpha=1.0, quantizer_mul: fastforward.nn.Quantizer, quantizer_x: fastforward.nn.Quantizer, quantizer_alpha: fastforward.nn.Quantizer):
    x = quantizer_x(x)
    alpha = quantizer_alpha(alpha)
    return fastforward.nn.functional.mul(x, alpha, output_quantizer=quantizer_mul)


def quantized_with_varargs(x, *rest, quantizer_add: fastforward.nn.Quantizer, quantizer_x: fastforward.nn.Quantizer, **options):
    x = quantizer_x(x)
    return fastforward.nn.functional.add(x, 1, output_quantizer=quantizer_add)


def quantized_with_posonly(x, /, y, *, quantizer_sub: fastforward.nn.Quantizer, quantizer_x: fastforward.nn.Quantizer, quantizer_y: fastforward.nn.Quantizer):
    x = quantizer_x(x)
    y = quantizer_y(y)
    return fastforward.nn.functional.sub(x, y, output_quantizer=quantizer_sub)


class QuantizedNet(fastforward.nn.QuantizedModule, Net):
    def __init_quantization__(self) -> None:
        super().__init_quantization__()
        self.quantizer_with_kwonly_mul: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_with_kwonly_x: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_with_kwonly_alpha: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_with_varargs_add: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_with_varargs_x: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_with_posonly_sub: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_with_posonly_x: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_with_posonly_y: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()

    def forward(self, x, y):
        a = quantized_with_kwonly(x, alpha=0.5, quantizer_mul=self.quantizer_with_kwonly_mul, quantizer_x=self.quantizer_with_kwonly_x, quantizer_alpha=self.quantizer_with_kwonly_alpha)
        b = quantized_with_varargs(a, 1, 2, mode="fast", quantizer_add=self.quantizer_with_varargs_add, quantizer_x=self.quantizer_with_varargs_x)
        return quantized_with_posonly(b, y, quantizer_sub=self.quantizer_with_posonly_sub, quantizer_x=self.quantizer_with_posonly_x, quantizer_y=self.quantizer_with_posonly_y)
