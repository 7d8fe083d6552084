using Nabla.Optim;

namespace Nabla.Tests;

/// <summary>
/// Scalar restatements of PyTorch's documented optimiser algorithms (the pseudo-code on each
/// optimiser's documentation page), one per option set, to check the fused kernels against.
/// Each oracle maps a starting value and its gradient sequence to the final value.
/// </summary>
internal static class OptimOracles
{
    public delegate double Oracle(double p, double[] grads);

    public static readonly Dictionary<string, (Func<Tensor, Optimizer> Make, Oracle Oracle)> All = new()
    {
        ["sgd"] = (p => new Sgd([p], lr: 0.1), (p, g) => Sgd(p, g, 0.1, 0, 0, 0, false)),
        ["sgd momentum"] = (p => new Sgd([p], lr: 0.1, momentum: 0.9), (p, g) => Sgd(p, g, 0.1, 0.9, 0, 0, false)),
        ["sgd dampening"] = (p => new Sgd([p], lr: 0.1, momentum: 0.9, dampening: 0.3), (p, g) => Sgd(p, g, 0.1, 0.9, 0.3, 0, false)),
        ["sgd nesterov decay"] = (p => new Sgd([p], lr: 0.05, momentum: 0.8, weightDecay: 0.1, nesterov: true), (p, g) => Sgd(p, g, 0.05, 0.8, 0, 0.1, true)),
        ["adam"] = (p => new Adam([p], lr: 0.01), (p, g) => Adam(p, g, 0.01, 0.9, 0.999, 1e-8, 0, false, false)),
        ["adam betas decay"] = (p => new Adam([p], lr: 0.02, beta1: 0.8, beta2: 0.9, eps: 1e-6, weightDecay: 0.1), (p, g) => Adam(p, g, 0.02, 0.8, 0.9, 1e-6, 0.1, false, false)),
        ["adam amsgrad"] = (p => new Adam([p], lr: 0.01, beta2: 0.5, amsgrad: true), (p, g) => Adam(p, g, 0.01, 0.9, 0.5, 1e-8, 0, true, false)),
        ["adamw"] = (p => new AdamW([p], lr: 0.01, weightDecay: 0.3), (p, g) => Adam(p, g, 0.01, 0.9, 0.999, 1e-8, 0.3, false, true)),
        ["adamw amsgrad"] = (p => new AdamW([p], lr: 0.01, beta2: 0.5, amsgrad: true), (p, g) => Adam(p, g, 0.01, 0.9, 0.5, 1e-8, 0.01, true, true)),
        ["rmsprop"] = (p => new RmsProp([p], lr: 0.01), (p, g) => RmsProp(p, g, 0.01, 0.99, 1e-8, 0, 0, false)),
        ["rmsprop centered"] = (p => new RmsProp([p], lr: 0.01, alpha: 0.9, centered: true), (p, g) => RmsProp(p, g, 0.01, 0.9, 1e-8, 0, 0, true)),
        ["rmsprop momentum decay"] = (p => new RmsProp([p], lr: 0.01, weightDecay: 0.1, momentum: 0.5), (p, g) => RmsProp(p, g, 0.01, 0.99, 1e-8, 0.1, 0.5, false)),
        ["rmsprop centered momentum"] = (p => new RmsProp([p], lr: 0.01, alpha: 0.8, eps: 1e-3, momentum: 0.9, centered: true), (p, g) => RmsProp(p, g, 0.01, 0.8, 1e-3, 0, 0.9, true)),
        ["adagrad"] = (p => new Adagrad([p], lr: 0.1), (p, g) => Adagrad(p, g, 0.1, 0, 0, 0, 1e-10)),
        ["adagrad decay accumulator"] = (p => new Adagrad([p], lr: 0.1, lrDecay: 0.5, weightDecay: 0.2, initialAccumulatorValue: 0.3, eps: 1e-6), (p, g) => Adagrad(p, g, 0.1, 0.5, 0.2, 0.3, 1e-6)),
    };

    private static double Sgd(double p, double[] grads, double lr, double momentum, double dampening, double weightDecay, bool nesterov)
    {
        double b = 0;
        for (int t = 1; t <= grads.Length; t++)
        {
            double g = grads[t - 1] + weightDecay * p;
            if (momentum != 0)
            {
                b = t == 1 ? g : momentum * b + (1 - dampening) * g;
                g = nesterov ? g + momentum * b : b;
            }
            p -= lr * g;
        }
        return p;
    }

    private static double Adam(double p, double[] grads, double lr, double beta1, double beta2, double eps, double weightDecay, bool amsgrad, bool decoupled)
    {
        double m = 0, v = 0, vMax = 0;
        for (int t = 1; t <= grads.Length; t++)
        {
            double g = grads[t - 1];
            if (decoupled) p *= 1 - lr * weightDecay;
            else g += weightDecay * p;
            m = beta1 * m + (1 - beta1) * g;
            v = beta2 * v + (1 - beta2) * g * g;
            vMax = Math.Max(vMax, v);
            double mHat = m / (1 - Math.Pow(beta1, t)), vHat = (amsgrad ? vMax : v) / (1 - Math.Pow(beta2, t));
            p -= lr * mHat / (Math.Sqrt(vHat) + eps);
        }
        return p;
    }

    private static double RmsProp(double p, double[] grads, double lr, double alpha, double eps, double weightDecay, double momentum, bool centered)
    {
        double v = 0, gAvg = 0, b = 0;
        foreach (double grad in grads)
        {
            double g = grad + weightDecay * p;
            v = alpha * v + (1 - alpha) * g * g;
            double vTilde = v;
            if (centered)
            {
                gAvg = alpha * gAvg + (1 - alpha) * g;
                vTilde = v - gAvg * gAvg;
            }
            double step = g / (Math.Sqrt(vTilde) + eps);
            if (momentum > 0)
            {
                b = momentum * b + step;
                p -= lr * b;
            }
            else p -= lr * step;
        }
        return p;
    }

    private static double Adagrad(double p, double[] grads, double lr, double lrDecay, double weightDecay, double initial, double eps)
    {
        double sum = initial;
        for (int t = 1; t <= grads.Length; t++)
        {
            double g = grads[t - 1] + weightDecay * p;
            double clr = lr / (1 + (t - 1) * lrDecay);
            sum += g * g;
            p -= clr * g / (Math.Sqrt(sum) + eps);
        }
        return p;
    }
}
