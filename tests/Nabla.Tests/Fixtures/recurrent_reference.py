"""Writes recurrent_reference.json: PyTorch's RNN, LSTM and GRU layers and cells on fixed inputs.

Run from the repository root with Debian's PyTorch (apt-get install -y python3-torch):

    /usr/bin/python3 tests/Nabla.Tests/Fixtures/recurrent_reference.py

The tests never run Python; RecurrentReferenceTests reads the committed JSON. For each case (a module
and a configuration) it holds the state dict (keys in PyTorch's order, float64), the input, the
initial state (when the case passes one), the module type and its arguments, the outputs (output, h_n, c_n), a fixed upstream gradient
per output, and the gradients that backward gives the input, the initial state and every parameter.
Packed cases go through pack_padded_sequence and pad_packed_sequence, so "output" is the padded
output (zeros past each length) and the upstream gradient is applied to it. Dropout is 0 throughout.
Python's json writes floats with repr, so every double round-trips.
"""

import json
import os

import torch
from torch import nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

I, T, B = 3, 4, 3

# name: (constructor, kwargs, input shape, initial state shapes (None: zeros), packed lengths, enforce_sorted)
MODULES = {
    "lstm": (nn.LSTM, dict(input_size=I, hidden_size=2), [T, B, I], ([1, B, 2], [1, B, 2]), None, True),
    "lstm_2layer_bidirectional_batch_first": (nn.LSTM, dict(input_size=I, hidden_size=2, num_layers=2, bidirectional=True, batch_first=True),
                                              [B, T, I], None, None, True),
    "lstm_proj_2layer_bidirectional": (nn.LSTM, dict(input_size=I, hidden_size=4, num_layers=2, bidirectional=True, proj_size=2),
                                       [T, B, I], ([4, B, 2], [4, B, 4]), None, True),
    "lstm_no_bias_unbatched": (nn.LSTM, dict(input_size=I, hidden_size=2, bias=False), [T, I], ([1, 2], [1, 2]), None, True),
    "gru": (nn.GRU, dict(input_size=I, hidden_size=2), [T, B, I], ([1, B, 2],), None, True),
    "gru_2layer_bidirectional_batch_first": (nn.GRU, dict(input_size=I, hidden_size=2, num_layers=2, bidirectional=True, batch_first=True),
                                             [B, T, I], None, None, True),
    "gru_no_bias": (nn.GRU, dict(input_size=I, hidden_size=2, bias=False), [T, B, I], None, None, True),
    "rnn_tanh_2layer_bidirectional": (nn.RNN, dict(input_size=I, hidden_size=2, num_layers=2, bidirectional=True),
                                      [T, B, I], ([4, B, 2],), None, True),
    "rnn_relu_batch_first": (nn.RNN, dict(input_size=I, hidden_size=2, nonlinearity="relu", batch_first=True), [B, T, I], None, None, True),
    "lstm_packed_unsorted_2layer_bidirectional": (nn.LSTM, dict(input_size=I, hidden_size=2, num_layers=2, bidirectional=True, batch_first=True),
                                                  [B, T, I], ([4, B, 2], [4, B, 2]), [2, 4, 3], False),
    "lstm_packed_proj_sorted": (nn.LSTM, dict(input_size=I, hidden_size=3, proj_size=2), [T, B, I], None, [4, 3, 1], True),
    "gru_packed_unsorted_bidirectional": (nn.GRU, dict(input_size=I, hidden_size=2, bidirectional=True), [T, B, I], ([2, B, 2],), [1, 4, 2], False),
    "rnn_relu_packed_2layer": (nn.RNN, dict(input_size=I, hidden_size=2, num_layers=2, nonlinearity="relu"), [T, B, I], None, [3, 3, 1], True),
}

# name: (constructor, kwargs, input shape, state shapes (None: zeros))
CELLS = {
    "lstm_cell": (nn.LSTMCell, dict(input_size=I, hidden_size=2), [B, I], ([B, 2], [B, 2])),
    "lstm_cell_unbatched_no_bias": (nn.LSTMCell, dict(input_size=I, hidden_size=2, bias=False), [I], None),
    "gru_cell": (nn.GRUCell, dict(input_size=I, hidden_size=2), [B, I], ([B, 2],)),
    "rnn_cell_tanh": (nn.RNNCell, dict(input_size=I, hidden_size=2), [B, I], ([B, 2],)),
    "rnn_cell_relu_no_bias": (nn.RNNCell, dict(input_size=I, hidden_size=2, bias=False, nonlinearity="relu"), [B, I], None),
}


def tensor(t):
    return {"shape": list(t.shape), "values": [float(v) for v in t.detach().reshape(-1).tolist()]}


def leaf(shape):
    return torch.randn(shape, dtype=torch.float64, requires_grad=True)


def finish(case, module, x, states, outputs):
    """Backward from fixed upstream gradients; records outputs and gradients."""
    names = ["output", "h_n", "c_n"]
    loss = 0
    for name, out in zip(names, outputs):
        if out is None:
            continue
        upstream = torch.randn(out.shape, dtype=torch.float64)
        case[name] = tensor(out)
        case["grad_" + name] = tensor(upstream)
        loss = loss + (out * upstream).sum()
    loss.backward()
    case["grad_input"] = tensor(x.grad)
    for name, s in zip(["h0", "c0"], states):
        case["grad_" + name] = tensor(s.grad)
    case["grads"] = {k: tensor(p.grad) for k, p in module.named_parameters()}
    return case


def start(seed, ctor, kwargs, shape, state_shapes):
    """The module (float64, seeded), its input and initial states, and the case's record of them."""
    torch.manual_seed(seed)
    module = ctor(**kwargs).double()
    x = leaf(shape)
    states = [leaf(s) for s in state_shapes] if state_shapes else []
    case = {"type": ctor.__name__, "kwargs": kwargs, "state_dict": {k: tensor(v) for k, v in module.state_dict().items()}, "input": tensor(x)}
    for name, s in zip(["h0", "c0"], states):
        case[name] = tensor(s)
    hx = None if not states else (states[0] if len(states) == 1 else tuple(states))
    return module, x, states, hx, case


def module_case(seed, ctor, kwargs, shape, state_shapes, lengths, enforce_sorted):
    module, x, states, hx, case = start(seed, ctor, kwargs, shape, state_shapes)
    batch_first = kwargs.get("batch_first", False)
    if lengths is None:
        output, h = module(x, hx)
    else:
        packed = pack_padded_sequence(x, torch.tensor(lengths), batch_first=batch_first, enforce_sorted=enforce_sorted)
        case["lengths"] = lengths
        case["enforce_sorted"] = enforce_sorted
        case["batch_sizes"] = packed.batch_sizes.tolist()
        case["sorted_indices"] = None if packed.sorted_indices is None else packed.sorted_indices.tolist()
        packed_output, h = module(packed, hx)
        output, output_lengths = pad_packed_sequence(packed_output, batch_first=batch_first)
        assert output_lengths.tolist() == lengths
    h_n, c_n = h if isinstance(h, tuple) else (h, None)
    return finish(case, module, x, states, [output, h_n, c_n])


def cell_case(seed, ctor, kwargs, shape, state_shapes):
    module, x, states, hx, case = start(seed, ctor, kwargs, shape, state_shapes)
    h = module(x, hx)
    h1, c1 = h if isinstance(h, tuple) else (h, None)
    return finish(case, module, x, states, [None, h1, c1])


def main():
    cases = {}
    for seed, (name, spec) in enumerate(MODULES.items()):
        cases[name] = module_case(seed, *spec)
    for seed, (name, spec) in enumerate(CELLS.items(), start=100):
        cases[name] = cell_case(seed, *spec)
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "recurrent_reference.json")
    with open(path, "w") as f:
        json.dump({"torch": torch.__version__, "cases": cases}, f, separators=(",", ":"))
        f.write("\n")


if __name__ == "__main__":
    main()
