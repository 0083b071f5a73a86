import fastforward
from methods_other_than_forward import MultipleMethods


class QuantizedMultipleMethods(fastforward.nn.QuantizedModule, MultipleMethods):
    def __init_quantization__(self) -> None:
        super().__init_quantization__()
        self.quantizer_relu: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_x: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_static_helper_mul: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_static_helper_x: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer__cls_helper_sigmoid: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer__cls_helper_x: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()

    def forward(self, x):
        y = self.helper(x)
        z = QuantizedMultipleMethods.static_helper(y, quantizer_mul=self.quantizer_static_helper_mul, quantizer_x=self.quantizer_static_helper_x)
        w = self._cls_helper(z, quantizer_sigmoid=self.quantizer__cls_helper_sigmoid, quantizer_x=self.quantizer__cls_helper_x)
        return self.unused_no_ops(w)

    def helper(self, x):
        x = self.quantizer_x(x)
        return fastforward.nn.functional.relu(x, output_quantizer=self.quantizer_relu)

    @staticmethod
    def static_helper(x, *, quantizer_mul: fastforward.nn.Quantizer, quantizer_x: fastforward.nn.Quantizer):
        x = quantizer_x(x)
        return fastforward.nn.functional.mul(x, 2, output_quantizer=quantizer_mul)

    @classmethod
    def _cls_helper(cls, x, *, quantizer_sigmoid: fastforward.nn.Quantizer, quantizer_x: fastforward.nn.Quantizer):
        x = quantizer_x(x)
        return fastforward.nn.functional.sigmoid(x, output_quantizer=quantizer_sigmoid)

    def unused_no_ops(self, x):
        return x
