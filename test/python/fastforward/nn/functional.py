"""Test double of `fastforward.nn.functional`.

One function per operator of ffquant's default operator table (`ffquant optable list`), with the
table's parameter names, so that positional and keyword calls produced by ffquant bind the same
way. Each op calls the torch function and then `output_quantizer` (if given). Parameters that
the table does not declare are deliberately NOT accepted: a call that passes them is an ffquant
bug (the call should not have been rewritten) and must fail loudly.
"""

import operator

import torch
import torch.nn.functional as F
from torch import Tensor


def _out(result, output_quantizer):
    return result if output_quantizer is None else output_quantizer(result)


def _binary(name, torch_fn, py_op, input, other):
    """`input <op> other` where at least one side is a tensor.

    A Python number on the left (from `2 * x`) is handled with the Python operator, i.e.
    the reflected tensor method, which is what the original expression evaluates.
    """
    if isinstance(input, Tensor):
        return torch_fn(input, other)
    if isinstance(other, Tensor):
        return py_op(input, other)
    raise TypeError(
        f"fastforward.nn.functional.{name} called without a tensor operand: "
        f"{type(input).__name__}, {type(other).__name__}"
    )


# --- linear / convolutions --------------------------------------------------------------------


def linear(input, weight, bias=None, *, output_quantizer=None):
    return _out(F.linear(input, weight, bias), output_quantizer)


def conv1d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1, *, output_quantizer=None):
    return _out(F.conv1d(input, weight, bias, stride, padding, dilation, groups), output_quantizer)


def conv2d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1, *, output_quantizer=None):
    return _out(F.conv2d(input, weight, bias, stride, padding, dilation, groups), output_quantizer)


def conv3d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1, *, output_quantizer=None):
    return _out(F.conv3d(input, weight, bias, stride, padding, dilation, groups), output_quantizer)


def conv_transpose1d(input, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1, dilation=1, *, output_quantizer=None):
    return _out(F.conv_transpose1d(input, weight, bias, stride, padding, output_padding, groups, dilation), output_quantizer)


def conv_transpose2d(input, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1, dilation=1, *, output_quantizer=None):
    return _out(F.conv_transpose2d(input, weight, bias, stride, padding, output_padding, groups, dilation), output_quantizer)


def conv_transpose3d(input, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1, dilation=1, *, output_quantizer=None):
    return _out(F.conv_transpose3d(input, weight, bias, stride, padding, output_padding, groups, dilation), output_quantizer)


# --- pooling ----------------------------------------------------------------------------------


def avg_pool1d(input, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True, *, output_quantizer=None):
    return _out(F.avg_pool1d(input, kernel_size, stride, padding, ceil_mode, count_include_pad), output_quantizer)


def avg_pool2d(input, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True, *, output_quantizer=None):
    return _out(F.avg_pool2d(input, kernel_size, stride, padding, ceil_mode, count_include_pad), output_quantizer)


def avg_pool3d(input, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True, *, output_quantizer=None):
    return _out(F.avg_pool3d(input, kernel_size, stride, padding, ceil_mode, count_include_pad), output_quantizer)


def max_pool2d(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False, *, output_quantizer=None):
    return _out(F.max_pool2d(input, kernel_size, stride, padding, dilation, ceil_mode), output_quantizer)


# --- activations / normalisation ----------------------------------------------------------------


def softmax(input, dim, dtype=None, *, output_quantizer=None):
    return _out(F.softmax(input, dim, dtype=dtype), output_quantizer)


def relu(input, *, output_quantizer=None):
    return _out(torch.relu(input), output_quantizer)


def sigmoid(input, *, output_quantizer=None):
    return _out(torch.sigmoid(input), output_quantizer)


def silu(input, *, output_quantizer=None):
    return _out(F.silu(input), output_quantizer)


def gelu(input, approximate="none", *, output_quantizer=None):
    return _out(F.gelu(input, approximate=approximate), output_quantizer)


def dropout(input, p=0.5, training=True, inplace=False, *, output_quantizer=None):
    return _out(F.dropout(input, p, training, inplace), output_quantizer)


def embedding(input, weight, padding_idx=None, max_norm=None, norm_type=2.0, scale_grad_by_freq=False, sparse=False, *, output_quantizer=None):
    return _out(F.embedding(input, weight, padding_idx, max_norm, norm_type, scale_grad_by_freq, sparse), output_quantizer)


def layer_norm(input, normalized_shape, weight=None, bias=None, eps=1e-5, *, output_quantizer=None):
    return _out(F.layer_norm(input, normalized_shape, weight, bias, eps), output_quantizer)


def rms_norm(input, normalized_shape, weight=None, eps=None, *, output_quantizer=None):
    # torch 1.13 has no rms_norm: same definition as torch>=2.4's F.rms_norm.
    if isinstance(normalized_shape, int):
        normalized_shape = (normalized_shape,)
    if eps is None:
        eps = torch.finfo(input.dtype).eps
    dims = tuple(range(-len(normalized_shape), 0))
    result = input * torch.rsqrt(input.pow(2).mean(dims, keepdim=True) + eps)
    if weight is not None:
        result = result * weight
    return _out(result, output_quantizer)


# --- matrix products --------------------------------------------------------------------------


def matmul(input, other, *, output_quantizer=None):
    return _out(torch.matmul(input, other), output_quantizer)


def mm(input, mat2, *, output_quantizer=None):
    return _out(torch.mm(input, mat2), output_quantizer)


def bmm(input, mat2, *, output_quantizer=None):
    return _out(torch.bmm(input, mat2), output_quantizer)


# --- arithmetic / bitwise ---------------------------------------------------------------------


def add(input, other, alpha=1, *, output_quantizer=None):
    if alpha != 1:
        return _out(torch.add(input, other, alpha=alpha), output_quantizer)
    return _out(_binary("add", torch.add, operator.add, input, other), output_quantizer)


def sub(input, other, alpha=1, *, output_quantizer=None):
    if alpha != 1:
        return _out(torch.sub(input, other, alpha=alpha), output_quantizer)
    return _out(_binary("sub", torch.sub, operator.sub, input, other), output_quantizer)


def mul(input, other, *, output_quantizer=None):
    return _out(_binary("mul", torch.mul, operator.mul, input, other), output_quantizer)


def div(input, other, *, output_quantizer=None):
    return _out(_binary("div", torch.div, operator.truediv, input, other), output_quantizer)


def pow(input, exponent, *, output_quantizer=None):
    return _out(_binary("pow", torch.pow, operator.pow, input, exponent), output_quantizer)


def floor_divide(input, other, *, output_quantizer=None):
    return _out(_binary("floor_divide", torch.floor_divide, operator.floordiv, input, other), output_quantizer)


def remainder(input, other, *, output_quantizer=None):
    return _out(_binary("remainder", torch.remainder, operator.mod, input, other), output_quantizer)


def bitwise_left_shift(input, other, *, output_quantizer=None):
    return _out(_binary("bitwise_left_shift", torch.bitwise_left_shift, operator.lshift, input, other), output_quantizer)


def bitwise_right_shift(input, other, *, output_quantizer=None):
    return _out(_binary("bitwise_right_shift", torch.bitwise_right_shift, operator.rshift, input, other), output_quantizer)


def bitwise_and(input, other, *, output_quantizer=None):
    return _out(_binary("bitwise_and", torch.bitwise_and, operator.and_, input, other), output_quantizer)


def bitwise_or(input, other, *, output_quantizer=None):
    return _out(_binary("bitwise_or", torch.bitwise_or, operator.or_, input, other), output_quantizer)


def bitwise_xor(input, other, *, output_quantizer=None):
    return _out(_binary("bitwise_xor", torch.bitwise_xor, operator.xor, input, other), output_quantizer)


def bitwise_not(input, *, output_quantizer=None):
    return _out(torch.bitwise_not(input), output_quantizer)


def negative(input, *, output_quantizer=None):
    return _out(torch.negative(input), output_quantizer)


def positive(input, *, output_quantizer=None):
    return _out(torch.positive(input), output_quantizer)


def sum(input, dim=None, *, output_quantizer=None):
    result = torch.sum(input) if dim is None else torch.sum(input, dim)
    return _out(result, output_quantizer)


def exp(input, *, output_quantizer=None):
    return _out(torch.exp(input), output_quantizer)


def sin(input, *, output_quantizer=None):
    return _out(torch.sin(input), output_quantizer)


def cos(input, *, output_quantizer=None):
    return _out(torch.cos(input), output_quantizer)


# --- shape / misc -----------------------------------------------------------------------------


def permute(input, dims, *, output_quantizer=None):
    return _out(torch.permute(input, dims), output_quantizer)


def cat(tensors, dim=0, *, output_quantizer=None):
    return _out(torch.cat(tensors, dim), output_quantizer)


def index_add(input, dim, index, source, alpha=1, *, output_quantizer=None):
    return _out(torch.index_add(input, dim, index, source, alpha=alpha), output_quantizer)


def cumsum(input, dim, *, output_quantizer=None):
    return _out(torch.cumsum(input, dim), output_quantizer)


def pad(input, pad, mode="constant", value=None, *, output_quantizer=None):
    if value is None:
        return _out(F.pad(input, pad, mode), output_quantizer)
    return _out(F.pad(input, pad, mode, value), output_quantizer)


def interpolate(input, size=None, scale_factor=None, mode="nearest", align_corners=None, recompute_scale_factor=None, antialias=False, *, output_quantizer=None):
    return _out(F.interpolate(input, size, scale_factor, mode, align_corners, recompute_scale_factor, antialias), output_quantizer)


def unfold(input, kernel_size, dilation=1, padding=0, stride=1, *, output_quantizer=None):
    return _out(F.unfold(input, kernel_size, dilation, padding, stride), output_quantizer)


def _like(torch_fn, input, dtype, layout, device, requires_grad, memory_format, *extra):
    kwargs = {"dtype": dtype, "layout": layout, "device": device, "requires_grad": requires_grad}
    if memory_format is not None:
        kwargs["memory_format"] = memory_format
    return torch_fn(input, *extra, **kwargs)


def ones_like(input, dtype=None, layout=None, device=None, requires_grad=False, memory_format=None, *, output_quantizer=None):
    return _out(_like(torch.ones_like, input, dtype, layout, device, requires_grad, memory_format), output_quantizer)


def zeros_like(input, dtype=None, layout=None, device=None, requires_grad=False, memory_format=None, *, output_quantizer=None):
    return _out(_like(torch.zeros_like, input, dtype, layout, device, requires_grad, memory_format), output_quantizer)


def empty_like(input, dtype=None, layout=None, device=None, requires_grad=False, memory_format=None, *, output_quantizer=None):
    return _out(_like(torch.empty_like, input, dtype, layout, device, requires_grad, memory_format), output_quantizer)


def full_like(input, fill_value, dtype=None, layout=None, device=None, requires_grad=False, memory_format=None, *, output_quantizer=None):
    return _out(_like(torch.full_like, input, dtype, layout, device, requires_grad, memory_format, fill_value), output_quantizer)
