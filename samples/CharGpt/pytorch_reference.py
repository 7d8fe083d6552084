# The same training in PyTorch (nanoGPT's CPU configuration of shakespeare_char, written out in one file), for a
# reference loss on the same machine: /usr/bin/python3 samples/CharGpt/pytorch_reference.py SEED (Debian's PyTorch 1.13
# has no scaled_dot_product_attention, so attention is the masked softmax of nanoGPT's fallback path). Run from the
# repository root; prints the losses every 250 steps as the sample does.
import math, sys, time, torch, torch.nn as nn, torch.nn.functional as F
torch.set_num_threads(1); seed = int(sys.argv[1]); torch.manual_seed(seed)
text = open('../shared/data/tinyshakespeare.txt').read(); chars = sorted(set(text)); stoi = {c: i for i, c in enumerate(chars)}
data = torch.tensor([stoi[c] for c in text], dtype=torch.long); n = int(len(data) * 0.9); train, val = data[:n], data[n:]
V, T, L, H, C, B = len(chars), 64, 4, 4, 128, 12
class Block(nn.Module):
    def __init__(s):
        super().__init__(); s.ln_1 = nn.LayerNorm(C, elementwise_affine=True); s.c_attn = nn.Linear(C, 3 * C, bias=False); s.c_proj = nn.Linear(C, C, bias=False)
        s.ln_2 = nn.LayerNorm(C); s.c_fc = nn.Linear(C, 4 * C, bias=False); s.m_proj = nn.Linear(4 * C, C, bias=False)
        s.register_buffer('mask', torch.tril(torch.ones(T, T)).view(1, 1, T, T))
    def forward(s, x):
        b, t, c = x.shape
        q, k, v = s.c_attn(F.layer_norm(x, (C,), s.ln_1.weight)).split(C, dim=2)
        q, k, v = [z.view(b, t, H, c // H).transpose(1, 2) for z in (q, k, v)]
        att = (q @ k.transpose(-2, -1)) / math.sqrt(c // H); att = att.masked_fill(s.mask[:, :, :t, :t] == 0, float('-inf')).softmax(-1)
        x = x + s.c_proj((att @ v).transpose(1, 2).contiguous().view(b, t, c))
        return x + s.m_proj(F.gelu(s.c_fc(F.layer_norm(x, (C,), s.ln_2.weight))))
class GPT(nn.Module):
    def __init__(s):
        super().__init__(); s.wte = nn.Embedding(V, C); s.wpe = nn.Embedding(T, C); s.h = nn.ModuleList([Block() for _ in range(L)]); s.ln_f = nn.LayerNorm(C)
        for name, p in s.named_parameters():
            if p.dim() >= 2: nn.init.normal_(p, 0, 0.02 / math.sqrt(2 * L) if name.endswith('c_proj.weight') or name.endswith('m_proj.weight') else 0.02)
    def forward(s, idx, y):
        x = s.wte(idx) + s.wpe(torch.arange(idx.shape[1]))
        for blk in s.h: x = blk(x)
        return F.cross_entropy((F.layer_norm(x, (C,), s.ln_f.weight) @ s.wte.weight.t()).view(-1, V), y.view(-1))
m = GPT()
ps = [p for n_, p in m.named_parameters() if not n_.endswith('.bias')]   # bias=False layer norms: the biases are unused, leave them out
opt = torch.optim.AdamW([{'params': [p for p in ps if p.dim() >= 2], 'weight_decay': 0.1}, {'params': [p for p in ps if p.dim() < 2], 'weight_decay': 0.0}], lr=1e-3, betas=(0.9, 0.99))
def batch(d):
    ix = torch.randint(len(d) - T, (B,)); return torch.stack([d[i:i + T] for i in ix]), torch.stack([d[i + 1:i + 1 + T] for i in ix])
def lr_at(it):
    if it < 100: return 1e-3 * (it + 1) / 101
    r = (it - 100) / 1900; return 1e-4 + 0.5 * (1 + math.cos(math.pi * r)) * 9e-4
start = time.time()
for it in range(2001):
    if it % 250 == 0:
        m.eval()
        with torch.no_grad(): l = [sum(m(*batch(d)).item() for _ in range(20)) / 20 for d in (train, val)]
        m.train(); print(f"step {it}: train loss {l[0]:.4f}, val loss {l[1]:.4f}, {time.time() - start:.0f} s", flush=True)
    if it == 2000: break
    for g in opt.param_groups: g['lr'] = lr_at(it)
    loss = m(*batch(train)); loss.backward(); torch.nn.utils.clip_grad_norm_(ps, 1.0); opt.step(); opt.zero_grad(set_to_none=True)
