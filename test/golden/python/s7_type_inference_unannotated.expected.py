import fastforward
from s7_type_inference_unannotated import Unannotated, foo


class QuantizedUnannotated(fastforward.nn.QuantizedModule, Unannotated):
    def __init_quantization__(self) -> None:
        super().__init_quantization__()
        self.quantizer_add: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_relu: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer__tmp_1: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_x: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()

    def forward(self, x):
        x = self.quantizer_x(x)
        a = foo(foo(1))
        b = fastforward.nn.functional.add(2 * 3, x, output_quantizer=self.quantizer_add)
        _tmp_1 = foo(x)
        _tmp_1 = self.quantizer__tmp_1(_tmp_1)
        c = fastforward.nn.functional.relu(_tmp_1, output_quantizer=self.quantizer_relu)
        return a, b, c
