import fastforward
import torch
from s6_helpers_call_sites import MyModuleWithHelper, no_quant


# helper function that uses a helper
# itself
def quantized_helper(x, y, *, quantizer_add: fastforward.nn.Quantizer, quantizer__tmp_1: fastforward.nn.Quantizer, quantizer__tmp_2: fastforward.nn.Quantizer, quantizer_inner_helper_sub_1: fastforward.nn.Quantizer, quantizer_inner_helper_x_1: fastforward.nn.Quantizer, quantizer_inner_helper_y_1: fastforward.nn.Quantizer, quantizer_inner_helper_sub_2: fastforward.nn.Quantizer, quantizer_inner_helper_x_2: fastforward.nn.Quantizer, quantizer_inner_helper_y_2: fastforward.nn.Quantizer):
    _tmp_1 = quantized_inner_helper(x, y, quantizer_sub=quantizer_inner_helper_sub_1, quantizer_x=quantizer_inner_helper_x_1, quantizer_y=quantizer_inner_helper_y_1)
    _tmp_1 = quantizer__tmp_1(_tmp_1)
    _tmp_2 = quantized_inner_helper(y, x, quantizer_sub=quantizer_inner_helper_sub_2, quantizer_x=quantizer_inner_helper_x_2, quantizer_y=quantizer_inner_helper_y_2)
    _tmp_2 = quantizer__tmp_2(_tmp_2)
    return fastforward.nn.functional.add(_tmp_1, _tmp_2, output_quantizer=quantizer_add)


def quantized_inner_helper(x, y, *, quantizer_sub: fastforward.nn.Quantizer, quantizer_x: fastforward.nn.Quantizer, quantizer_y: fastforward.nn.Quantizer):
    x = quantizer_x(x)
    y = quantizer_y(y)
    return fastforward.nn.functional.sub(x, y, output_quantizer=quantizer_sub)


class QuantizedMyModuleWithHelper(fastforward.nn.QuantizedModule, MyModuleWithHelper):
    def __init_quantization__(self) -> None:
        super().__init_quantization__()
        self.quantizer_helper_add: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_helper__tmp_1: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_helper__tmp_2: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_helper_inner_helper_sub_1: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_helper_inner_helper_x_1: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_helper_inner_helper_y_1: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_helper_inner_helper_sub_2: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_helper_inner_helper_x_2: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_helper_inner_helper_y_2: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()

    def forward(self, x: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
        _tmp_3 = no_quant(x)
        return quantized_helper(_tmp_3, y, quantizer_add=self.quantizer_helper_add, quantizer__tmp_1=self.quantizer_helper__tmp_1, quantizer__tmp_2=self.quantizer_helper__tmp_2, quantizer_inner_helper_sub_1=self.quantizer_helper_inner_helper_sub_1, quantizer_inner_helper_x_1=self.quantizer_helper_inner_helper_x_1, quantizer_inner_helper_y_1=self.quantizer_helper_inner_helper_y_1, quantizer_inner_helper_sub_2=self.quantizer_helper_inner_helper_sub_2, quantizer_inner_helper_x_2=self.quantizer_helper_inner_helper_x_2, quantizer_inner_helper_y_2=self.quantizer_helper_inner_helper_y_2)
