"""Writes optim_reference.json: PyTorch's trajectories for Nabla's optimiser and scheduler tests.

Run from the repository root with Debian's PyTorch (apt-get install -y python3-torch):

    /usr/bin/python3 tests/Nabla.Tests/Fixtures/optim_reference.py

The tests never run Python; they read the committed JSON (OptimReferenceTests, LbfgsTests,
SchedulerReferenceTests). Python's json writes floats with repr, so every double round-trips.

Sources. Debian ships PyTorch 1.13. Where 1.13's update is PyTorch 2.x's, the trajectory comes from
torch.optim itself. Where 2.x changed the algorithm or added an option, the trajectory comes from a
restatement of 2.x's single-tensor update (torch/optim/*.py of PyTorch 2.x) in torch ops below, and
each case's "source" says so:
  - NAdam: 1.13 multiplies mu_product by mu twice in mu_product_next (fixed in 2.0), and has no
    decoupled_weight_decay; every NAdam case uses the 2.x restatement.
  - RAdam: decoupled_weight_decay is 2.x only; the other RAdam cases use torch.optim.RAdam, and the
    restatement is checked against them here before anything is written.
Adadelta, Adamax and LBFGS are torch.optim's; so are the schedulers (1.13's schedules equal 2.x's
for the cases below: 2.x reorganised initial steps, not the values).
"""

import json
import math
import os

import torch

STEPS = 12


# ---- the problems -------------------------------------------------------------------------

def linear_model(dtype):
    """A tiny linear regression: w [2, 3] and b [3], loss mean((x @ w + b - y)^2)."""
    g = torch.Generator().manual_seed(0)
    x = torch.randn(5, 2, generator=g, dtype=torch.float64).to(dtype)
    y = torch.randn(5, 3, generator=g, dtype=torch.float64).to(dtype)
    w = torch.tensor([[0.5, -0.3, 0.8], [-1.2, 0.4, 0.1]], dtype=dtype, requires_grad=True)
    b = torch.tensor([0.2, -0.1, 0.05], dtype=dtype, requires_grad=True)

    def gradients():
        loss = ((x @ w + b - y) ** 2).mean()
        gw, gb = torch.autograd.grad(loss, [w, b])
        return [gw, gb]

    return [w, b], gradients


def flat(tensors):
    return [v for t in tensors for v in t.detach().reshape(-1).tolist()]


# ---- PyTorch 2.x updates restated (torch/optim/nadam.py and radam.py, single-tensor path) -------

class Restated:
    """A PyTorch 2.x single-tensor update: groups with defaults, state created on the first step."""

    def __init__(self, groups, **defaults):
        self.groups = [dict(defaults, **g) for g in groups]
        self.state = {}

    @torch.no_grad()
    def step(self):
        for group in self.groups:
            for p in group["params"]:
                s = self.state.setdefault(p, {})
                if not s:
                    s["step"] = torch.tensor(0.0)          # float32, as _get_scalar_dtype()
                    s.update(self.new_state(p))
                s["step"] += 1
                grad = p.grad
                wd = group["weight_decay"]
                if wd != 0:
                    if group["decoupled_weight_decay"]:
                        p.mul_(1 - group["lr"] * wd)
                    else:
                        grad = grad.add(p, alpha=wd)
                self.update(p, grad, s, s["step"].item(), group)


class Nadam2(Restated):
    def __init__(self, groups, lr=2e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0,
                 momentum_decay=4e-3, decoupled_weight_decay=False):
        super().__init__(groups, lr=lr, betas=betas, eps=eps, weight_decay=weight_decay,
                         momentum_decay=momentum_decay, decoupled_weight_decay=decoupled_weight_decay)

    @staticmethod
    def new_state(p):
        return dict(mu_product=torch.tensor(1.0), exp_avg=torch.zeros_like(p), exp_avg_sq=torch.zeros_like(p))   # mu_product float32

    @staticmethod
    def update(p, grad, s, step, group):
        (beta1, beta2), lr = group["betas"], group["lr"]
        bias_correction2 = 1 - beta2 ** step
        mu = beta1 * (1.0 - 0.5 * (0.96 ** (step * group["momentum_decay"])))
        mu_next = beta1 * (1.0 - 0.5 * (0.96 ** ((step + 1) * group["momentum_decay"])))
        s["mu_product"] *= mu
        s["exp_avg"].lerp_(grad, 1 - beta1)
        s["exp_avg_sq"].mul_(beta2).addcmul_(grad, grad, value=1 - beta2)
        denom = s["exp_avg_sq"].div(bias_correction2).sqrt()
        mu_product_next = s["mu_product"].item() * mu_next
        denom.add_(group["eps"])
        p.addcdiv_(grad, denom, value=(-lr * (1.0 - mu) / (1.0 - s["mu_product"].item())))
        p.addcdiv_(s["exp_avg"], denom, value=(-lr * mu_next) / (1.0 - mu_product_next))


class Radam2(Restated):
    def __init__(self, groups, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0,
                 decoupled_weight_decay=False):
        super().__init__(groups, lr=lr, betas=betas, eps=eps, weight_decay=weight_decay,
                         decoupled_weight_decay=decoupled_weight_decay)

    @staticmethod
    def new_state(p):
        return dict(exp_avg=torch.zeros_like(p), exp_avg_sq=torch.zeros_like(p))

    @staticmethod
    def update(p, grad, s, step, group):
        (beta1, beta2), lr = group["betas"], group["lr"]
        bias_correction1 = 1 - beta1 ** step
        bias_correction2 = 1 - beta2 ** step
        s["exp_avg"].lerp_(grad, 1 - beta1)
        s["exp_avg_sq"].mul_(beta2).addcmul_(grad, grad, value=1 - beta2)
        bias_corrected_exp_avg = s["exp_avg"] / bias_correction1
        rho_inf = 2 / (1 - beta2) - 1
        rho_t = rho_inf - 2 * step * (beta2 ** step) / bias_correction2
        if rho_t > 5.0:
            rect = math.sqrt((rho_t - 4) * (rho_t - 2) * rho_inf / ((rho_inf - 4) * (rho_inf - 2) * rho_t))
            adaptive_lr = math.sqrt(bias_correction2) / s["exp_avg_sq"].sqrt().add_(group["eps"])
            p.add_(bias_corrected_exp_avg * lr * adaptive_lr * rect, alpha=-1.0)
        else:
            p.add_(bias_corrected_exp_avg * lr, alpha=-1.0)


# ---- element-wise optimisers -------------------------------------------------------------------

# name: (optimiser, kwargs, dtype, lr of a second parameter group holding b, or None for one group)
ELEMENTWISE = {
    "adadelta": ("Adadelta", {}, torch.float64, None),
    "adadelta rho eps decay": ("Adadelta", dict(lr=0.5, rho=0.8, eps=1e-4, weight_decay=0.1), torch.float64, None),
    "adadelta groups": ("Adadelta", dict(lr=1.0), torch.float64, 0.3),
    "adadelta float32": ("Adadelta", dict(rho=0.95), torch.float32, None),
    "adamax": ("Adamax", {}, torch.float64, None),
    "adamax betas eps decay": ("Adamax", dict(lr=0.01, betas=(0.8, 0.99), eps=1e-6, weight_decay=0.05), torch.float64, None),
    "adamax groups": ("Adamax", dict(lr=0.02), torch.float64, 0.005),
    "adamax float32": ("Adamax", dict(lr=0.01), torch.float32, None),
    "nadam": ("NAdam", {}, torch.float64, None),
    "nadam betas momentum decay": ("NAdam", dict(lr=0.01, betas=(0.85, 0.995), eps=1e-6, momentum_decay=0.01), torch.float64, None),
    "nadam weight decay": ("NAdam", dict(lr=0.01, weight_decay=0.1), torch.float64, None),
    "nadam decoupled weight decay": ("NAdam", dict(lr=0.01, weight_decay=0.1, decoupled_weight_decay=True), torch.float64, None),
    "nadam groups": ("NAdam", dict(lr=0.01), torch.float64, 0.002),
    "nadam float32": ("NAdam", dict(lr=0.01, weight_decay=0.05), torch.float32, None),
    "radam": ("RAdam", {}, torch.float64, None),
    "radam betas decay": ("RAdam", dict(lr=0.01, betas=(0.8, 0.9), eps=1e-6, weight_decay=0.1), torch.float64, None),
    "radam decoupled weight decay": ("RAdam", dict(lr=0.01, betas=(0.8, 0.9), weight_decay=0.1, decoupled_weight_decay=True), torch.float64, None),
    "radam groups": ("RAdam", dict(lr=0.02, betas=(0.8, 0.9)), torch.float64, 0.005),
    "radam float32": ("RAdam", dict(lr=0.01, betas=(0.8, 0.9)), torch.float32, None),
}


def make_optimizer(kind, groups, kwargs, restated):
    if kind == "NAdam":
        return Nadam2(groups, **kwargs), "PyTorch 2.x nadam.py restated (1.13 differs)"
    if kind == "RAdam" and (restated or kwargs.get("decoupled_weight_decay")):
        return Radam2(groups, **kwargs), "PyTorch 2.x radam.py restated (decoupled_weight_decay is 2.x only)"
    return getattr(torch.optim, kind)(groups, **kwargs), f"torch.optim.{kind} {torch.__version__}"


def run_elementwise(name, restated=False):
    kind, kwargs, dtype, second_lr = ELEMENTWISE[name]
    params, gradients = linear_model(dtype)
    start = flat(params)
    groups = [{"params": params}] if second_lr is None else [{"params": [params[0]]}, {"params": [params[1]], "lr": second_lr}]
    opt, source = make_optimizer(kind, groups, kwargs, restated)
    grads, trajectory = [], []
    for _ in range(STEPS):
        g = gradients()
        for p, gp in zip(params, g):
            p.grad = gp
        grads.append(flat(g))
        opt.step()
        trajectory.append(flat(params))
    return dict(name=name, dtype=str(dtype).replace("torch.", ""), source=source, start=start, grads=grads, params=trajectory)


def check_radam_restatement():
    """The 2.x RAdam restatement must reproduce torch.optim.RAdam where both exist."""
    for name, (kind, kwargs, dtype, _) in ELEMENTWISE.items():
        if kind == "RAdam" and not kwargs.get("decoupled_weight_decay"):
            ours, theirs = run_elementwise(name, restated=True), run_elementwise(name)
            tolerance = 1e-14 if dtype == torch.float64 else 1e-6   # 2.x's lerp against 1.13's mul and add
            for a, b in zip(ours["params"], theirs["params"]):
                for x, y in zip(a, b):
                    assert abs(x - y) <= tolerance * max(1, abs(y)), (name, x, y)


# ---- L-BFGS ----------------------------------------------------------------------------------

def rosenbrock(v):
    loss = sum(100 * (v[i + 1] - v[i] ** 2) ** 2 + (1 - v[i]) ** 2 for i in range(len(v) - 1))
    grad = [0.0] * len(v)
    for i in range(len(v) - 1):
        grad[i] += -400 * v[i] * (v[i + 1] - v[i] ** 2) - 2 * (1 - v[i])
        grad[i + 1] += 200 * (v[i + 1] - v[i] ** 2)
    return loss, grad


A = [[4.0, 1.0, 0.5, 0.0], [1.0, 3.0, 0.2, 0.1], [0.5, 0.2, 2.0, 0.3], [0.0, 0.1, 0.3, 1.5]]
B = [1.0, -2.0, 0.5, 3.0]


def quadratic(v):
    """0.5 v'Av - b'v, written as a loop so that C# computes the same doubles."""
    av = [sum(A[i][j] * v[j] for j in range(4)) for i in range(4)]
    loss = 0.5 * sum(v[i] * av[i] for i in range(4)) - sum(B[i] * v[i] for i in range(4))
    grad = [av[i] - B[i] for i in range(4)]
    return loss, grad


PROBLEMS = {"rosenbrock": (rosenbrock, [-1.2, 1.0, -0.5, 0.8]), "quadratic": (quadratic, [0.3, -0.7, 1.1, 0.0])}

# name: (problem, kwargs, steps)
LBFGS = {
    "lbfgs quadratic": ("quadratic", {}, 3),
    "lbfgs quadratic lr max_iter history": ("quadratic", dict(lr=0.5, max_iter=4, history_size=2), 6),
    "lbfgs quadratic tolerance_grad": ("quadratic", dict(max_iter=3, tolerance_grad=1e-2), 4),
    "lbfgs rosenbrock fixed step": ("rosenbrock", dict(lr=0.05, max_iter=6), 5),
    # One step only: 18 iterations deep into Rosenbrock's valley, the next step's iterates amplify last-bit differences to ~1e-10.
    "lbfgs rosenbrock strong_wolfe": ("rosenbrock", dict(line_search_fn="strong_wolfe"), 1),
    "lbfgs quadratic strong_wolfe": ("quadratic", dict(line_search_fn="strong_wolfe", max_iter=3, history_size=2), 5),
    "lbfgs rosenbrock strong_wolfe small": ("rosenbrock", dict(line_search_fn="strong_wolfe", max_iter=8, max_eval=12, history_size=3, tolerance_change=1e-12), 6),
    "lbfgs rosenbrock strong_wolfe lr": ("rosenbrock", dict(line_search_fn="strong_wolfe", lr=0.3, max_iter=5), 5),
}


def run_lbfgs(name):
    problem, kwargs, steps = LBFGS[name]
    f, start = PROBLEMS[problem]
    x = torch.tensor(start[:2], dtype=torch.float64, requires_grad=True)
    y = torch.tensor(start[2:], dtype=torch.float64, requires_grad=True)
    opt = torch.optim.LBFGS([x, y], **kwargs)

    def closure():
        loss, grad = f(flat([x, y]))
        x.grad = torch.tensor(grad[:2], dtype=torch.float64)
        y.grad = torch.tensor(grad[2:], dtype=torch.float64)
        return torch.tensor(loss, dtype=torch.float64)

    losses, trajectory, evals, iters = [], [], [], []
    for _ in range(steps):
        losses.append(float(opt.step(closure)))
        trajectory.append(flat([x, y]))
        state = opt.state[x]
        evals.append(state["func_evals"])
        iters.append(state["n_iter"])
    return dict(name=name, problem=problem, source=f"torch.optim.LBFGS {torch.__version__}", start=start,
                losses=losses, params=trajectory, func_evals=evals, n_iter=iters)


# ---- schedulers ------------------------------------------------------------------------------

S = torch.optim.lr_scheduler


def sgd():
    a, b = torch.zeros(1, requires_grad=True), torch.zeros(1, requires_grad=True)
    return torch.optim.SGD([{"params": [a]}, {"params": [b], "lr": 0.02}], lr=0.1, momentum=0.9)


def lrs(opt):
    return [g["lr"] for g in opt.param_groups]


# name: (steps, build(opt) -> list of schedulers stepped together each epoch)
SCHEDULERS = {
    "steplr": (12, lambda o: [S.StepLR(o, step_size=3, gamma=0.5)]),
    "exponentiallr": (12, lambda o: [S.ExponentialLR(o, gamma=0.9)]),
    "cosineannealinglr": (16, lambda o: [S.CosineAnnealingLR(o, T_max=5, eta_min=0.001)]),
    "onecyclelr": (19, lambda o: [S.OneCycleLR(o, max_lr=1.0, total_steps=20)]),
    "onecyclelr three phase linear": (19, lambda o: [S.OneCycleLR(o, max_lr=0.5, total_steps=20, anneal_strategy="linear", three_phase=True)]),
    "lambdalr": (12, lambda o: [S.LambdaLR(o, lr_lambda=lambda e: 0.95 ** e)]),
    "lambdalr per group": (12, lambda o: [S.LambdaLR(o, lr_lambda=[lambda e: 1.0 / (e + 1), lambda e: 0.9 ** e])]),
    "multisteplr": (12, lambda o: [S.MultiStepLR(o, milestones=[2, 5, 5, 9], gamma=0.3)]),
    "linearlr": (10, lambda o: [S.LinearLR(o)]),
    "linearlr decay": (10, lambda o: [S.LinearLR(o, start_factor=1.0, end_factor=0.1, total_iters=7)]),
    "sequentiallr warmup cosine": (15, lambda o: [S.SequentialLR(o, [S.LinearLR(o, start_factor=0.1, total_iters=4), S.CosineAnnealingLR(o, T_max=8)], milestones=[4])]),
    "sequentiallr three": (14, lambda o: [S.SequentialLR(o, [S.ExponentialLR(o, gamma=0.9), S.StepLR(o, step_size=2, gamma=0.5), S.LambdaLR(o, lr_lambda=lambda e: 1.0 / (e + 1))], milestones=[3, 7])]),
    "sequentiallr multistep warm restarts": (14, lambda o: [S.SequentialLR(o, [S.MultiStepLR(o, milestones=[1, 2], gamma=0.5), S.CosineAnnealingWarmRestarts(o, T_0=3)], milestones=[5])]),
    "cosineannealingwarmrestarts": (12, lambda o: [S.CosineAnnealingWarmRestarts(o, T_0=4)]),
    "cosineannealingwarmrestarts mult": (20, lambda o: [S.CosineAnnealingWarmRestarts(o, T_0=3, T_mult=2, eta_min=0.001)]),
    "chained steplr exponentiallr": (10, lambda o: [S.StepLR(o, step_size=3, gamma=0.5), S.ExponentialLR(o, gamma=0.9)]),
}


def run_scheduler(name):
    steps, build = SCHEDULERS[name]
    opt = sgd()
    schedulers = build(opt)
    values, momenta = [lrs(opt)], [[g["momentum"] for g in opt.param_groups]]
    for _ in range(steps):
        opt.step()
        for s in schedulers:
            s.step()
        values.append(lrs(opt))
        momenta.append([g["momentum"] for g in opt.param_groups])
    return dict(name=name, lrs=values, momentum=momenta)


def run_warm_restarts_fractional():
    """CosineAnnealingWarmRestarts stepped per batch with a fractional epoch, as its documentation shows."""
    opt = sgd()
    s = S.CosineAnnealingWarmRestarts(opt, T_0=2, T_mult=2, eta_min=0.01)
    epochs, values = [], []
    for epoch in range(7):
        for i in range(4):
            e = epoch + i / 4
            opt.step()
            s.step(e)
            epochs.append(e)
            values.append(lrs(opt))
    return dict(name="cosineannealingwarmrestarts fractional", epochs=epochs, lrs=values)


PLATEAU_METRICS = [1.0, 0.9, 0.95, 0.96, 0.97, 0.8, 0.85, 0.86, 0.87, 0.88, 0.79, 0.7999, 0.80, 0.81, 0.82, 0.83, 0.84, 0.85,
                   0.86, 0.87, 0.88, 0.89, 0.9, 0.91, 0.5, 0.6, 0.7]

PLATEAU = {
    "reducelronplateau": dict(),
    "reducelronplateau patience cooldown min_lr": dict(factor=0.5, patience=1, cooldown=2, min_lr=[0.02, 0.005]),
    "reducelronplateau max abs": dict(mode="max", factor=0.2, patience=0, threshold=0.05, threshold_mode="abs", min_lr=1e-4),
    "reducelronplateau eps": dict(factor=0.5, patience=0, eps=0.01),
}


def run_plateau(name):
    opt = sgd()
    s = S.ReduceLROnPlateau(opt, **PLATEAU[name])
    values = []
    for m in PLATEAU_METRICS:
        opt.step()
        s.step(m)
        values.append(lrs(opt))
    return dict(name=name, metrics=PLATEAU_METRICS, lrs=values)


def main():
    check_radam_restatement()
    reference = dict(
        torch=torch.__version__,
        elementwise=[run_elementwise(n) for n in ELEMENTWISE],
        lbfgs=[run_lbfgs(n) for n in LBFGS],
        schedulers=[run_scheduler(n) for n in SCHEDULERS] + [run_warm_restarts_fractional()],
        plateau=[run_plateau(n) for n in PLATEAU],
    )
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "optim_reference.json")
    with open(path, "w") as f:
        json.dump(reference, f, indent=None, separators=(",", ":"))
        f.write("\n")
    print(f"wrote {path}: {os.path.getsize(path)} bytes")


if __name__ == "__main__":
    main()
