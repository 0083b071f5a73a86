import fastforward
import torch
from infer_list_int_off import MyModuleWithHelper


def quantized_helper(x: torch.Tensor, y: list[int], *, quantizer_add_1: fastforward.nn.Quantizer, quantizer_add_2: fastforward.nn.Quantizer, quantizer_y_: fastforward.nn.Quantizer, quantizer_x: fastforward.nn.Quantizer, quantizer_y: fastforward.nn.Quantizer):
    x = quantizer_x(x)
    y = quantizer_y(y)
    y = fastforward.nn.functional.add(y, y, output_quantizer=quantizer_add_1)
    for y_ in y:
        y_ = quantizer_y_(y_)
        x = fastforward.nn.functional.add(x, y_, output_quantizer=quantizer_add_2)
    return x


class QuantizedMyModuleWithHelper(fastforward.nn.QuantizedModule, MyModuleWithHelper):
    def __init_quantization__(self) -> None:
        super().__init_quantization__()
        self.quantizer_helper_add_1: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_helper_add_2: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_helper_y_: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_helper_x: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_helper_y: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return quantized_helper(x, [2], quantizer_add_1=self.quantizer_helper_add_1, quantizer_add_2=self.quantizer_helper_add_2, quantizer_y_=self.quantizer_helper_y_, quantizer_x=self.quantizer_helper_x, quantizer_y=self.quantizer_helper_y)
