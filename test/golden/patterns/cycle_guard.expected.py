import fastforward
from cycle_guard import Model


class QuantizedModel(fastforward.nn.QuantizedModule, Model):
    def __init_quantization__(self) -> None:
        super().__init_quantization__()
        self.quantizer_mul: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_ant: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_bat: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()

    def forward(self, ant, bat):
        ant = self.quantizer_ant(ant)
        bat = self.quantizer_bat(bat)
        return fastforward.nn.functional.mul(bat, ant, output_quantizer=self.quantizer_mul)
