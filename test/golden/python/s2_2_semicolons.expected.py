import fastforward
from s2_2_semicolons import Semicolons


class QuantizedSemicolons(fastforward.nn.QuantizedModule, Semicolons):
    def __init_quantization__(self) -> None:
        super().__init_quantization__()
        self.quantizer_mul: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_add: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_relu: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_sub: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_a: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_x: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()

    def forward(self, x, c):
        x = self.quantizer_x(x)
        a = fastforward.nn.functional.mul(x, 2, output_quantizer=self.quantizer_mul); b = fastforward.nn.functional.add(a, x, output_quantizer=self.quantizer_add)
        if c: 
            b = fastforward.nn.functional.relu(b, output_quantizer=self.quantizer_relu)
            a = b
            a = self.quantizer_a(a)
        return fastforward.nn.functional.sub(a, b, output_quantizer=self.quantizer_sub)
