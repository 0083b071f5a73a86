import fastforward
from whitespace_and_comments import Model


class QuantizedModel(fastforward.nn.QuantizedModule, Model):
    def __init_quantization__(self) -> None:
        super().__init_quantization__()
        self.quantizer_sigmoid_1: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_sigmoid_2: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_sigmoid_3: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_add_1: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_add_2: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_x: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()

    def forward(self, x):
        x = self.quantizer_x(x)
        a = fastforward.nn.functional.sigmoid(x, output_quantizer=self.quantizer_sigmoid_1)
        b = fastforward.nn.functional.sigmoid(x, output_quantizer=self.quantizer_sigmoid_2)
        c = fastforward.nn.functional.sigmoid(a, output_quantizer=self.quantizer_sigmoid_3)
        _tmp_1 = fastforward.nn.functional.add(a, b, output_quantizer=self.quantizer_add_1)
        return fastforward.nn.functional.add(_tmp_1, c, output_quantizer=self.quantizer_add_2)
