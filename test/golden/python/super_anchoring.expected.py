import fastforward
from super_anchoring import Derived, Root


class QuantizedRoot(fastforward.nn.QuantizedModule, Root):
    def __init_quantization__(self) -> None:
        super().__init_quantization__()

    def forward(self, x):
        return self.d(x)


class QuantizedDerived(fastforward.nn.QuantizedModule, Derived):
    def __init_quantization__(self) -> None:
        super().__init_quantization__()
        self.quantizer_relu: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_add: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_y: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_z: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_mul: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer__tmp_2: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_build_relu: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_build_x: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()

    def forward(self, x):
        self.extra(x)
        self.build(x, quantizer_relu=self.quantizer_build_relu, quantizer_x=self.quantizer_build_x)
        y = super(Derived, self).forward(x)
        y = self.quantizer_y(y)
        z = super(Derived, self).forward(x)
        z = self.quantizer_z(z)
        _tmp_1 = fastforward.nn.functional.relu(y, output_quantizer=self.quantizer_relu)
        return fastforward.nn.functional.add(_tmp_1, z, output_quantizer=self.quantizer_add)

    def extra(self, x):
        _tmp_2 = super(Derived, self).extra(x)
        _tmp_2 = self.quantizer__tmp_2(_tmp_2)
        return fastforward.nn.functional.mul(_tmp_2, 2, output_quantizer=self.quantizer_mul)

    @classmethod
    def build(cls, x, *, quantizer_relu: fastforward.nn.Quantizer, quantizer_x: fastforward.nn.Quantizer):
        x = quantizer_x(x)
        _tmp_3 = fastforward.nn.functional.relu(x, output_quantizer=quantizer_relu)
        return super().build(_tmp_3)
