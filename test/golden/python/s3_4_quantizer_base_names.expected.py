import fastforward
from s3_4_quantizer_base_names import BaseNames


class QuantizedBaseNames(fastforward.nn.QuantizedModule, BaseNames):
    def __init_quantization__(self) -> None:
        super().__init_quantization__()
        self.quantizer_sigmoid_1: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_sigmoid_2: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_sigmoid_3: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_negative: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_x: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()

    def forward(self, x):
        x = self.quantizer_x(x)
        a = fastforward.nn.functional.sigmoid(x, output_quantizer=self.quantizer_sigmoid_1)
        b = fastforward.nn.functional.sigmoid(a, output_quantizer=self.quantizer_sigmoid_2)
        c = fastforward.nn.functional.sigmoid(b, output_quantizer=self.quantizer_sigmoid_3)
        d = fastforward.nn.functional.negative(c, output_quantizer=self.quantizer_negative)
        return d
