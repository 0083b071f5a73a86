import fastforward
from decision6_param_kinds import ParamKinds


class QuantizedParamKinds(fastforward.nn.QuantizedModule, ParamKinds):
    def __init_quantization__(self) -> None:
        super().__init_quantization__()
        self.quantizer_relu: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_mul: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_add_1: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_add_2: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_add_3: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_args_0: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_kw_k: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_x: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_y: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_z: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()

    def forward(self, x, /, y, *args, z, **kw):
        """Docstring stays first."""
        x = self.quantizer_x(x)
        y = self.quantizer_y(y)
        z = self.quantizer_z(z)
        _tmp_1 = fastforward.nn.functional.relu(x, output_quantizer=self.quantizer_relu)
        _tmp_2 = fastforward.nn.functional.mul(y, z, output_quantizer=self.quantizer_mul)
        _tmp_3 = fastforward.nn.functional.add(_tmp_1, _tmp_2, output_quantizer=self.quantizer_add_1)
        _tmp_4 = fastforward.nn.functional.add(_tmp_3, self.quantizer_args_0(args[0]), output_quantizer=self.quantizer_add_2)
        return fastforward.nn.functional.add(_tmp_4, self.quantizer_kw_k(kw["k"]), output_quantizer=self.quantizer_add_3)
