import fastforward
from static_class_methods import Net


class QuantizedNet(fastforward.nn.QuantizedModule, Net):
    def __init_quantization__(self) -> None:
        super().__init_quantization__()
        self.quantizer_relu: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_w: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_scale_mul: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_scale_x: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_scale_factor: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_shift_sub: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_shift__tmp_1: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_shift_scale_mul: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_shift_scale_x: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_shift_scale_factor: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()

    def forward(self, x):
        y = self.scale(x, quantizer_mul=self.quantizer_scale_mul, quantizer_x=self.quantizer_scale_x, quantizer_factor=self.quantizer_scale_factor)
        z = QuantizedNet.shift(y, quantizer_sub=self.quantizer_shift_sub, quantizer__tmp_1=self.quantizer_shift__tmp_1, quantizer_scale_mul=self.quantizer_shift_scale_mul, quantizer_scale_x=self.quantizer_shift_scale_x, quantizer_scale_factor=self.quantizer_shift_scale_factor)
        w = self.identity(z)
        w = self.quantizer_w(w)
        return fastforward.nn.functional.relu(w, output_quantizer=self.quantizer_relu)

    @staticmethod
    def scale(x, *, factor=2, quantizer_mul: fastforward.nn.Quantizer, quantizer_x: fastforward.nn.Quantizer, quantizer_factor: fastforward.nn.Quantizer):
        x = quantizer_x(x)
        factor = quantizer_factor(factor)
        return fastforward.nn.functional.mul(x, factor, output_quantizer=quantizer_mul)

    @classmethod
    def shift(cls, x, *, quantizer_sub: fastforward.nn.Quantizer, quantizer__tmp_1: fastforward.nn.Quantizer, quantizer_scale_mul: fastforward.nn.Quantizer, quantizer_scale_x: fastforward.nn.Quantizer, quantizer_scale_factor: fastforward.nn.Quantizer):
        _tmp_1 = cls.scale(x, quantizer_mul=quantizer_scale_mul, quantizer_x=quantizer_scale_x, quantizer_factor=quantizer_scale_factor)
        _tmp_1 = quantizer__tmp_1(_tmp_1)
        return fastforward.nn.functional.sub(_tmp_1, 1, output_quantizer=quantizer_sub)

    @staticmethod
    def identity(x):
        return x
