namespace DriftCatcher.Core.Learning.Linear;

/// <summary>
/// Limited-memory BFGS for smooth convex objectives, with a backtracking Armijo line search.
/// Stops when the largest gradient component is at most the tolerance, when the objective stops
/// decreasing (relative change below 64 machine epsilons, as scikit-learn asks of scipy), or after
/// the iteration limit. Deterministic: no randomness, fixed-order arithmetic.
/// </summary>
internal static class Lbfgs
{
    private const int Memory = 10;
    private const double Armijo = 1e-4;
    private const int MaxHalvings = 60;
    private const double RelativeDecrease = 64 * 2.220446049250313e-16;

    /// <summary>The evaluation: writes the gradient at x into the span and returns the objective.</summary>
    public delegate double Objective(ReadOnlySpan<double> x, Span<double> gradient);

    public sealed record Result(double[] X, double Value, int Iterations, bool Converged);

    public static Result Minimize(Objective objective, double[] start, double tolerance, int maxIterations, CancellationToken cancellationToken)
    {
        var p = start.Length;
        var x = (double[])start.Clone();
        var g = new double[p];
        var f = objective(x, g);
        var s = new List<double[]>(Memory);
        var y = new List<double[]>(Memory);
        var rho = new List<double>(Memory);
        var direction = new double[p];
        var xNew = new double[p];
        var gNew = new double[p];
        var alpha = new double[Memory];
        for (var iteration = 0; iteration < maxIterations; iteration++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (MaxAbs(g) <= tolerance)
            {
                return new Result(x, f, iteration, true);
            }

            // Two-loop recursion: direction = -H g.
            for (var j = 0; j < p; j++)
            {
                direction[j] = -g[j];
            }

            for (var m = s.Count - 1; m >= 0; m--)
            {
                alpha[m] = rho[m] * Dot(s[m], direction);
                Axpy(-alpha[m], y[m], direction);
            }

            if (s.Count > 0)
            {
                var last = s.Count - 1;
                var gamma = Dot(s[last], y[last]) / Dot(y[last], y[last]);
                for (var j = 0; j < p; j++)
                {
                    direction[j] *= gamma;
                }
            }

            for (var m = 0; m < s.Count; m++)
            {
                var beta = rho[m] * Dot(y[m], direction);
                Axpy(alpha[m] - beta, s[m], direction);
            }

            var slope = Dot(g, direction);
            if (!(slope < 0))
            {
                // Not a descent direction (numerical trouble): forget the history, go downhill.
                s.Clear();
                y.Clear();
                rho.Clear();
                for (var j = 0; j < p; j++)
                {
                    direction[j] = -g[j];
                }

                slope = -Dot(g, g);
            }

            var step = s.Count == 0 ? Math.Min(1.0, 1.0 / Math.Sqrt(-slope)) : 1.0;
            var fNew = double.NaN;
            var accepted = false;
            for (var h = 0; h < MaxHalvings; h++)
            {
                for (var j = 0; j < p; j++)
                {
                    xNew[j] = x[j] + (step * direction[j]);
                }

                fNew = objective(xNew, gNew);
                if (double.IsFinite(fNew) && fNew <= f + (Armijo * step * slope))
                {
                    accepted = true;
                    break;
                }

                step *= 0.5;
            }

            if (!accepted)
            {
                // No step decreases the objective any further: x is as good as arithmetic allows.
                return new Result(x, f, iteration, MaxAbs(g) <= tolerance * 100);
            }

            var sk = new double[p];
            var yk = new double[p];
            for (var j = 0; j < p; j++)
            {
                sk[j] = xNew[j] - x[j];
                yk[j] = gNew[j] - g[j];
            }

            var sy = Dot(sk, yk);
            if (sy > 1e-12 * Dot(yk, yk))
            {
                if (s.Count == Memory)
                {
                    s.RemoveAt(0);
                    y.RemoveAt(0);
                    rho.RemoveAt(0);
                }

                s.Add(sk);
                y.Add(yk);
                rho.Add(1 / sy);
            }

            var decrease = (f - fNew) / Math.Max(Math.Max(Math.Abs(f), Math.Abs(fNew)), 1);
            (x, xNew) = (xNew, x);
            (g, gNew) = (gNew, g);
            f = fNew;
            if (decrease <= RelativeDecrease)
            {
                return new Result(x, f, iteration + 1, true);
            }
        }

        return new Result(x, f, maxIterations, MaxAbs(g) <= tolerance);
    }

    private static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b) => System.Numerics.Tensors.TensorPrimitives.Dot(a, b);

    private static void Axpy(double a, ReadOnlySpan<double> x, Span<double> y)
    {
        for (var j = 0; j < y.Length; j++)
        {
            y[j] += a * x[j];
        }
    }

    private static double MaxAbs(ReadOnlySpan<double> v)
    {
        var m = 0.0;
        foreach (var e in v)
        {
            m = Math.Max(m, Math.Abs(e));
        }

        return m;
    }
}
