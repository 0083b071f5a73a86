import fastforward
from module import Model


class QuantizedModel(fastforward.nn.QuantizedModule, Model):
    def __init_quantization__(self) -> None:
        super().__init_quantization__()
        self.quantizer_sigmoid: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_add: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer__tmp_2: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_x_1: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_relu: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_x_2: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()

    def forward(self, x):
        x = self.quantizer_x_1(x)
        _tmp_1 = fastforward.nn.functional.sigmoid(x, output_quantizer=self.quantizer_sigmoid)
        _tmp_2 = self.other(x)
        _tmp_2 = self.quantizer__tmp_2(_tmp_2)
        return fastforward.nn.functional.add(_tmp_1, _tmp_2, output_quantizer=self.quantizer_add)

    def other(self, x):
        x = self.quantizer_x_2(x)
        return fastforward.nn.functional.relu(x, output_quantizer=self.quantizer_relu)
