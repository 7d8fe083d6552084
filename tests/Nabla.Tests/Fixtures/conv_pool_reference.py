"""Writes conv_pool_reference.json: PyTorch's convolution, pooling and upsampling layers on fixed inputs.

Run from the repository root with Debian's PyTorch (apt-get install -y python3-torch):

    /usr/bin/python3 tests/Nabla.Tests/Fixtures/conv_pool_reference.py

The tests never run Python; ConvPoolReferenceTests reads the committed JSON and builds the same
modules by case name. For each case it holds the module's repr, its state dict (keys in PyTorch's
order, float64), the input, the output, a fixed upstream gradient, and the gradients that backward
gives the input and every parameter. Python's json writes floats with repr, so every double round-trips.
"""

import json
import os

import torch
from torch import nn

# name: (module, input shape)
CASES = {
    "conv1d": (lambda: nn.Conv1d(4, 6, 3, stride=2, padding=1, dilation=2, groups=2), [2, 4, 9]),
    "conv1d_same_even": (lambda: nn.Conv1d(2, 3, 4, padding="same", bias=False), [2, 2, 7]),
    "conv1d_valid_unbatched": (lambda: nn.Conv1d(2, 3, 3, padding="valid"), [2, 6]),
    "conv2d_tuples": (lambda: nn.Conv2d(2, 4, (3, 2), stride=(2, 1), padding=(1, 0), dilation=(1, 2)), [2, 2, 6, 7]),
    "conv2d_same_dilated": (lambda: nn.Conv2d(3, 2, (2, 3), padding="same", dilation=(3, 1)), [1, 3, 6, 5]),
    "conv_transpose1d": (lambda: nn.ConvTranspose1d(4, 6, 3, stride=2, padding=1, output_padding=1, groups=2, dilation=2), [2, 4, 5]),
    "conv_transpose2d": (lambda: nn.ConvTranspose2d(3, 2, 3, stride=2, padding=1, output_padding=1), [2, 3, 4, 3]),
    "conv_transpose2d_tuples_no_bias": (lambda: nn.ConvTranspose2d(2, 4, (2, 3), stride=(1, 2), padding=(0, 1), output_padding=(0, 1),
                                                                   groups=2, bias=False, dilation=(2, 1)), [1, 2, 3, 4]),
    "max_pool1d_ceil": (lambda: nn.MaxPool1d(3, stride=2, padding=1, ceil_mode=True), [2, 3, 8]),
    "max_pool2d_tuple_ceil": (lambda: nn.MaxPool2d((3, 2), stride=(2, 2), padding=(1, 0), ceil_mode=True), [1, 2, 6, 7]),
    "avg_pool1d_exclude_pad": (lambda: nn.AvgPool1d(3, stride=2, padding=1, ceil_mode=True, count_include_pad=False), [2, 2, 8]),
    "avg_pool2d_ceil_include_pad": (lambda: nn.AvgPool2d(3, stride=2, padding=1, ceil_mode=True), [1, 2, 6, 5]),
    "avg_pool2d_divisor_override": (lambda: nn.AvgPool2d((2, 3), stride=(1, 2), divisor_override=4), [1, 1, 4, 7]),
    "adaptive_max_pool2d": (lambda: nn.AdaptiveMaxPool2d((2, 3)), [2, 2, 5, 7]),
    "upsample_nearest2d_scale": (lambda: nn.Upsample(scale_factor=(2, 1.5)), [1, 2, 3, 4]),
    "upsample_nearest2d_size": (lambda: nn.Upsample(size=(5, 7)), [1, 1, 3, 4]),
    "upsample_nearest1d_scale": (lambda: nn.Upsample(scale_factor=2.5), [2, 1, 3]),
    "upsample_linear1d": (lambda: nn.Upsample(size=7, mode="linear"), [1, 2, 4]),
    "upsample_linear1d_align_corners": (lambda: nn.Upsample(scale_factor=1.7, mode="linear", align_corners=True), [1, 2, 5]),
    "upsample_bilinear2d_scale": (lambda: nn.Upsample(scale_factor=2, mode="bilinear"), [1, 2, 3, 3]),
    "upsample_bilinear2d_size_align_corners": (lambda: nn.Upsample(size=(4, 7), mode="bilinear", align_corners=True), [2, 1, 3, 5]),
    "upsample_bilinear2d_downsample": (lambda: nn.Upsample(size=(3, 2), mode="bilinear"), [1, 1, 7, 5]),
}


def tensor(t):
    return {"shape": list(t.shape), "values": [float(v) for v in t.detach().reshape(-1).tolist()]}


def run(seed, make, shape):
    torch.manual_seed(seed)
    module = make().double()
    x = torch.randn(shape, dtype=torch.float64, requires_grad=True)
    case = {"repr": repr(module), "state_dict": {k: tensor(v) for k, v in module.state_dict().items()}, "input": tensor(x)}
    out = module(x)
    upstream = torch.randn(out.shape, dtype=torch.float64)
    (out * upstream).sum().backward()
    case.update(output=tensor(out), grad_output=tensor(upstream), grad_input=tensor(x.grad),
                grads={k: tensor(p.grad) for k, p in module.named_parameters()})
    if isinstance(module, (nn.MaxPool1d, nn.MaxPool2d, nn.AdaptiveMaxPool2d)):
        module.return_indices = True
        case["indices"] = tensor(module(x)[1])
    return case


def main():
    cases = {name: run(seed, *spec) for seed, (name, spec) in enumerate(CASES.items())}
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "conv_pool_reference.json")
    with open(path, "w") as f:
        json.dump({"torch": torch.__version__, "cases": cases}, f, separators=(",", ":"))
        f.write("\n")


if __name__ == "__main__":
    main()
