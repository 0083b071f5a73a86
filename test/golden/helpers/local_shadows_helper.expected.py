import fastforward
from local_shadows_helper import Net


def quantized_outer(x, *, quantizer_relu: fastforward.nn.Quantizer, quantizer_add: fastforward.nn.Quantizer, quantizer_y: fastforward.nn.Quantizer, quantizer__tmp_1: fastforward.nn.Quantizer, quantizer_scale_mul: fastforward.nn.Quantizer, quantizer_scale_x: fastforward.nn.Quantizer):
    y = quantized_scale(x, quantizer_mul=quantizer_scale_mul, quantizer_x=quantizer_scale_x)
    y = quantizer_y(y)
    # A local that merely shares the helper's name is not a reference to it.
    def inner(scale):
        return scale
    _tmp_1 = inner(y)
    _tmp_1 = quantizer__tmp_1(_tmp_1)
    _tmp_2 = fastforward.nn.functional.relu(y, output_quantizer=quantizer_relu)
    return fastforward.nn.functional.add(_tmp_1, _tmp_2, output_quantizer=quantizer_add)


def quantized_scale(x, *, quantizer_mul: fastforward.nn.Quantizer, quantizer_x: fastforward.nn.Quantizer):
    x = quantizer_x(x)
    return fastforward.nn.functional.mul(x, 2, output_quantizer=quantizer_mul)


class QuantizedNet(fastforward.nn.QuantizedModule, Net):
    def __init_quantization__(self) -> None:
        super().__init_quantization__()
        self.quantizer_outer_relu: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_outer_add: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_outer_y: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_outer__tmp_1: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_outer_scale_mul: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_outer_scale_x: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()

    def forward(self, x):
        return quantized_outer(x, quantizer_relu=self.quantizer_outer_relu, quantizer_add=self.quantizer_outer_add, quantizer_y=self.quantizer_outer_y, quantizer__tmp_1=self.quantizer_outer__tmp_1, quantizer_scale_mul=self.quantizer_outer_scale_mul, quantizer_scale_x=self.quantizer_outer_scale_x)
