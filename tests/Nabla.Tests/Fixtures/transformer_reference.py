# Expected values for TransformerTests: PyTorch's MultiheadAttention and Transformer layers on fixed
# inputs (float64, dropout 0), with their state dicts, outputs and input gradients.
# Regenerate with Debian's PyTorch:  /usr/bin/python3 tests/Nabla.Tests/Fixtures/transformer_reference.py
import json, os, torch
torch.manual_seed(0)
torch.set_default_dtype(torch.float64)

def number(v):
    # JSON has no infinities: masks' -inf is written as a string.
    return v if v == v and abs(v) != float("inf") else str(v)

def tensor(t):
    return {"shape": list(t.shape), "values": [number(v) for v in t.detach().reshape(-1).tolist()]}

def case(name, module, inputs, run):
    module.eval()
    leaves = [x.clone().requires_grad_(x.dtype == torch.float64) for x in inputs]
    out = run(module, leaves)
    main = out[0] if isinstance(out, tuple) else out
    upstream = torch.randn_like(main)
    (main * upstream).sum().backward()
    return {
        "name": name,
        "state": {k: tensor(v) for k, v in module.state_dict().items()},
        "inputs": [tensor(x) if x.dtype == torch.float64 else {"shape": list(x.shape), "bools": x.reshape(-1).tolist()} for x in inputs],
        "output": tensor(main),
        "weights": tensor(out[1]) if isinstance(out, tuple) and out[1] is not None else None,
        "upstream": tensor(upstream),
        "grads": [tensor(x.grad) if x.grad is not None else None for x in leaves],
    }

E, H, N, L, S = 8, 2, 3, 5, 7
cases = []
mha = torch.nn.MultiheadAttention(E, H)
cases.append(case("mha self seq-first weights", mha, [torch.randn(L, N, E)], lambda m, x: m(x[0], x[0], x[0])))
mha = torch.nn.MultiheadAttention(E, H, batch_first=True)
cases.append(case("mha cross batch-first no weights", mha, [torch.randn(N, L, E), torch.randn(N, S, E)],
                  lambda m, x: m(x[0], x[1], x[1], need_weights=False)))
mask = torch.rand(L, S) > 0.7
mask[:, 0] = False
kpm = torch.zeros(N, S, dtype=torch.bool); kpm[1, 5:] = True
cases.append(case("mha masks per-head weights", mha, [torch.randn(N, L, E), torch.randn(N, S, E), mask, kpm],
                  lambda m, x: m(x[0], x[1], x[1], key_padding_mask=x[3], attn_mask=x[2], average_attn_weights=False)))
fmask = torch.randn(L, S)
cases.append(case("mha float mask no weights", mha, [torch.randn(N, L, E), torch.randn(N, S, E), fmask],
                  lambda m, x: m(x[0], x[1], x[1], attn_mask=x[2], need_weights=False)))
kv = torch.nn.MultiheadAttention(E, H, kdim=3, vdim=4, batch_first=True)
cases.append(case("mha kdim vdim", kv, [torch.randn(N, L, E), torch.randn(N, S, 3), torch.randn(N, S, 4)],
                  lambda m, x: m(x[0], x[1], x[2])))
for norm_first in (False, True):
    for act in ("relu", "gelu"):
        layer = torch.nn.TransformerEncoderLayer(E, H, dim_feedforward=16, dropout=0.0, activation=act, batch_first=True, norm_first=norm_first)
        causal = torch.triu(torch.full((L, L), float("-inf")), diagonal=1)
        cases.append(case(f"encoder layer norm_first={norm_first} {act}", layer, [torch.randn(N, L, E), causal],
                          lambda m, x: m(x[0], src_mask=x[1])))
layer = torch.nn.TransformerEncoderLayer(E, H, dim_feedforward=16, dropout=0.0, batch_first=True, norm_first=True)
encoder = torch.nn.TransformerEncoder(layer, num_layers=2, norm=torch.nn.LayerNorm(E), enable_nested_tensor=False)
with torch.no_grad():
    for p in encoder.layers[1].parameters(): p.add_(0.01 * torch.randn_like(p))   # make the two layers differ
cases.append(case("encoder 2 layers causal", encoder, [torch.randn(N, L, E), torch.triu(torch.full((L, L), float("-inf")), diagonal=1)],
                  lambda m, x: m(x[0], mask=x[1])))
dlayer = torch.nn.TransformerDecoderLayer(E, H, dim_feedforward=16, dropout=0.0, batch_first=False)
cases.append(case("decoder layer seq-first", dlayer, [torch.randn(L, N, E), torch.randn(S, N, E)], lambda m, x: m(x[0], x[1])))
decoder = torch.nn.TransformerDecoder(torch.nn.TransformerDecoderLayer(E, H, dim_feedforward=16, dropout=0.0, batch_first=True, norm_first=True), num_layers=2)
cases.append(case("decoder 2 layers causal", decoder, [torch.randn(N, L, E), torch.randn(N, S, E), torch.triu(torch.full((L, L), float("-inf")), diagonal=1)],
                  lambda m, x: m(x[0], x[1], tgt_mask=x[2])))
path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "transformer_reference.json")
with open(path, "w") as f:
    json.dump({"torch": torch.__version__, "cases": cases}, f)
print(f"wrote {len(cases)} cases to {path}")
